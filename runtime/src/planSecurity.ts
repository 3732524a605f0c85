// Security settings and the pod's names and DNS, from the manifest to what the engine understands.
// Whether a setting may reach the host at all is decided before (hostAccessOf in the analysis); here
// each one is either applied as the kubelet applies it or refused with its path.
import { asObject as obj, listOf as list, stringOf as str, stringsOf as strings, type Obj } from '../../analysis/src';
import type { PodDns, ReportProblem } from './types';

/** The engine's view of a profile field: what to pass, or a refusal for what it cannot load. */
function profileOpt(
  profile: Obj,
  path: string,
  engineName: 'seccomp' | 'apparmor',
  err: ReportProblem,
): string | undefined {
  switch (profile.type) {
    case 'Unconfined':
      return `${engineName}=unconfined`;
    case 'Localhost':
      // A profile file on the node (seccomp: under the kubelet's seccomp root; AppArmor: loaded in
      // the kernel by name): Podwright has no such node folder to read it from.
      err(`${path}.type`, `a Localhost ${engineName === 'seccomp' ? 'seccomp' : 'AppArmor'} profile (${String(profile.localhostProfile)}) cannot be loaded by podwright; use RuntimeDefault.`);
      return undefined;
    default:
      // RuntimeDefault, or unset: the engine's default profile, as the kubelet with SeccompDefault
      // (and every AppArmor-enabled node) applies it. Stricter than a kubelet without SeccompDefault,
      // which runs an unset profile unconfined: the safe side for a laptop.
      return undefined;
  }
}

export interface ContainerSecurity {
  /** HostConfig.SecurityOpt entries: seccomp, apparmor, SELinux labels, no-new-privileges. */
  securityOpt: string[];
  /** procMount Unmasked: the engine masks no /proc path and makes none read-only. */
  unmaskedProc: boolean;
}

/**
 * The container's effective settings: its own securityContext wins over the pod's, field by field
 * (DetermineEffectiveSecurityContext, pkg/securitycontext/util.go).
 */
export function containerSecurity(sc: Obj, podSc: Obj, path: string, err: ReportProblem): ContainerSecurity {
  const opts: string[] = [];
  const seccompAt = obj(sc.seccompProfile).type !== undefined ? `${path}.securityContext.seccompProfile` : 'securityContext.seccompProfile';
  const seccomp = profileOpt(obj(sc.seccompProfile).type !== undefined ? obj(sc.seccompProfile) : obj(podSc.seccompProfile), seccompAt, 'seccomp', err);
  if (seccomp) opts.push(seccomp);
  const armorAt = obj(sc.appArmorProfile).type !== undefined ? `${path}.securityContext.appArmorProfile` : 'securityContext.appArmorProfile';
  const armor = profileOpt(obj(sc.appArmorProfile).type !== undefined ? obj(sc.appArmorProfile) : obj(podSc.appArmorProfile), armorAt, 'apparmor', err);
  if (armor) opts.push(armor);
  // SELinux labels: the engine applies them where SELinux is on, and ignores them elsewhere, as a
  // node without SELinux does.
  const se = { ...obj(podSc.seLinuxOptions), ...obj(sc.seLinuxOptions) };
  for (const key of ['user', 'role', 'type', 'level'] as const) {
    const v = str(se[key]);
    if (v) opts.push(`label=${key}:${v}`);
  }
  if (sc.allowPrivilegeEscalation === false) opts.push('no-new-privileges');
  return { securityOpt: opts, unmaskedProc: sc.procMount === 'Unmasked' };
}

/** spec.securityContext.sysctls, set on the infra container: they belong to the pod's namespaces. */
export function podSysctls(podSc: Obj): Record<string, string> {
  return Object.fromEntries(list(podSc.sysctls).map((s) => [String(obj(s).name), String(obj(s).value)]));
}

export interface PodNames {
  hostname: string;
  /** The part after the hostname in `hostname -f`: `<subdomain>.<namespace>.svc.cluster.local`. */
  domainname?: string;
}

/**
 * The pod's hostname as the kubelet sets it (GeneratePodHostNameAndDomain, pkg/kubelet/kubelet_pods.go):
 * hostnameOverride, else hostname, else the pod's name, cut to 63 characters; a subdomain makes the
 * FQDN `<hostname>.<subdomain>.<namespace>.svc.cluster.local`, and setHostnameAsFQDN makes that the
 * hostname itself.
 */
export function podNames(spec: Obj, name: string, namespace: string): PodNames {
  const hostname = (str(spec.hostnameOverride) || str(spec.hostname) || name).slice(0, 63);
  const subdomain = str(spec.subdomain);
  if (!subdomain) return { hostname };
  const domainname = `${subdomain}.${namespace}.svc.cluster.local`;
  if (spec.setHostnameAsFQDN === true) return { hostname: `${hostname}.${domainname}`.slice(0, 64) };
  return { hostname, domainname };
}

/**
 * DNS: dnsPolicy None takes dnsConfig alone; the other policies take the engine's resolver (this
 * machine's, as `Default` would; until cluster DNS exists here, ClusterFirst resolves the same way)
 * with dnsConfig's searches and options added. Extra nameservers beside the node's cannot be had
 * from the engine (its DNS setting replaces them), so they are refused unless the policy is None.
 */
export function podDns(spec: Obj, err: ReportProblem): PodDns | undefined {
  const policy = str(spec.dnsPolicy) ?? 'ClusterFirst';
  const config = obj(spec.dnsConfig);
  const nameservers = strings(config.nameservers) ?? [];
  const searches = strings(config.searches) ?? [];
  const options = list(config.options).map((o) => (obj(o).value !== undefined && obj(o).value !== null ? `${String(obj(o).name)}:${String(obj(o).value)}` : String(obj(o).name)));
  if (policy !== 'None' && nameservers.length) {
    err('dnsConfig.nameservers', `nameservers beside the node's own cannot be added by podwright; use dnsPolicy: None to give the pod only these.`);
  }
  if (!nameservers.length && !searches.length && !options.length) return undefined;
  return { nameservers: policy === 'None' ? nameservers : [], searches, options };
}
