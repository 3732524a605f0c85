// What in a pod spec reaches the machine it runs on: every field the Pod Security Standards'
// *baseline* level forbids (https://kubernetes.io/docs/concepts/security/pod-security-standards/,
// checks in k8s.io/pod-security-admission/policy: check_hostNamespaces.go, check_hostPathVolumes.go,
// check_privileged.go, check_capabilities_baseline.go, check_hostPorts.go, check_procMount.go,
// check_seccompProfile_baseline.go, check_appArmorProfile.go, check_seLinuxOptions.go,
// check_sysctls.go, check_windowsHostProcess.go). On a cluster a namespace may allow them; on a laptop
// they mean the pod can read the person's files, see their processes and network, or escape its
// confinement. One function decides it, for the runtime (which refuses them unless allowed), the
// editor's confirmation, the command line's flag and the host-access lint rule.
//
// One difference from baseline: a hostPort is fine when it is published on the loopback address
// (Podwright's default), because nothing beyond this machine can reach it; a hostIP beyond 127.0.0.1
// (or ::1) is host access.
import { formatPath } from './fieldPath';
import { quote, shortened } from './quote';
import type { Segment } from './types';
import { asObject, isObject, listOf } from './values';

export type HostAccessKind =
  | 'hostNetwork'
  | 'hostPID'
  | 'hostIPC'
  | 'hostPath'
  | 'privileged'
  | 'capabilities'
  | 'hostPort'
  | 'procMount'
  | 'seccomp'
  | 'appArmor'
  | 'seLinux'
  | 'sysctls'
  | 'hostProcess';

export interface HostAccess {
  kind: HostAccessKind;
  /** Field path from the document's root, API-server style. */
  path: string;
  /** The field as segments, for locating it in the text. */
  segments: Segment[];
  /** What it is, in a few words a person can judge: `hostPath volume 'logs' (/var/log)`. */
  what: string;
  /** The container it concerns, for container-level fields. */
  container?: string;
}

/** Capabilities a baseline pod may add (check_capabilities_baseline.go). */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/**
 * Sysctls a baseline pod may set (check_sysctls.go, the newest policy version): namespaced to the
 * pod and harmless to the node. kernel.shm_rmid_forced and the net.ipv4 ones below.
 */
export const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

/** SELinux types a baseline pod may use (check_seLinuxOptions.go). */
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** `SYS_ADMIN` for `CAP_SYS_ADMIN` or `sys_admin`: how the runtime and the kernel name it. */
export function capabilityName(value: unknown): string {
  return String(value).toUpperCase().replace(/^CAP_/, '');
}

/** A hostIP that only this machine can reach (unset means the publish address, loopback by default). */
export function isLoopback(hostIP: unknown): boolean {
  if (hostIP === undefined || hostIP === null || hostIP === '') return true;
  const ip = String(hostIP);
  return /^127(\.\d{1,3}){3}$/.test(ip) || ip === '::1';
}

/**
 * Every field of the PodSpec at `specPath` that reaches the host, in document order. `document`, the
 * decoded object the spec is in, makes the paths those of its kind.
 */
export function hostAccessOf(spec: unknown, specPath: readonly Segment[] = ['spec'], document?: unknown): HostAccess[] {
  if (!isObject(spec)) return [];
  const out: HostAccess[] = [];
  const add = (kind: HostAccessKind, rel: Segment[], what: string, container?: string) => {
    const segments = [...specPath, ...rel];
    out.push({ kind, path: formatPath(segments, document), segments, what, container });
  };
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[ns] === true) add(ns, [ns], `${ns}: true`);
  }
  const podSc = asObject(spec.securityContext);
  securityContextAccess(podSc, ['securityContext'], 'pod', add);
  listOf(podSc.sysctls).forEach((s, i) => {
    const name = String(asObject(s).name);
    if (!SAFE_SYSCTLS.has(name)) add('sysctls', ['securityContext', 'sysctls', i, 'name'], `sysctl ${shortened(`${name}=${String(asObject(s).value)}`)}`);
  });
  listOf(spec.volumes).forEach((v, i) => {
    const volume = asObject(v);
    if (isObject(volume.hostPath)) add('hostPath', ['volumes', i, 'hostPath'], `hostPath volume ${quote(volume.name)} (${shortened(String(volume.hostPath.path))})`);
  });
  for (const list of CONTAINER_LISTS) {
    listOf(spec[list]).forEach((c, i) => {
      const container = asObject(c);
      const name = String(container.name);
      const sc = asObject(container.securityContext);
      const at = (...rel: Segment[]): Segment[] => [list, i, ...rel];
      if (sc.privileged === true) add('privileged', at('securityContext', 'privileged'), `privileged container ${quote(name)}`, name);
      listOf(asObject(sc.capabilities).add).forEach((cap, j) => {
        const capName = capabilityName(cap);
        if (!BASELINE_CAPABILITIES.has(capName)) add('capabilities', at('securityContext', 'capabilities', 'add', j), `capability ${shortened(capName)} for container ${quote(name)}`, name);
      });
      if (sc.procMount !== undefined && sc.procMount !== null && sc.procMount !== 'Default') {
        add('procMount', at('securityContext', 'procMount'), `procMount ${shortened(String(sc.procMount))} for container ${quote(name)} (the host's /proc paths unmasked)`, name);
      }
      securityContextAccess(sc, at('securityContext'), `container ${quote(name)}`, add, name);
      listOf(container.ports).forEach((p, j) => {
        const port = asObject(p);
        if (typeof port.hostPort === 'number' && port.hostPort > 0 && !isLoopback(port.hostIP)) {
          add('hostPort', at('ports', j, 'hostIP'), `host port ${port.hostPort} on ${shortened(String(port.hostIP))} (reachable from the network) for container ${quote(name)}`, name);
        }
      });
    });
  }
  return out;
}

/** seccomp, AppArmor, SELinux and Windows host-process settings, shared by the pod's and a container's securityContext. */
function securityContextAccess(
  sc: Record<string, unknown>,
  at: Segment[],
  whose: string,
  add: (kind: HostAccessKind, rel: Segment[], what: string, container?: string) => void,
  container?: string,
): void {
  if (asObject(sc.seccompProfile).type === 'Unconfined') add('seccomp', [...at, 'seccompProfile', 'type'], `seccomp Unconfined for the ${whose} (every system call allowed)`, container);
  if (asObject(sc.appArmorProfile).type === 'Unconfined') add('appArmor', [...at, 'appArmorProfile', 'type'], `AppArmor Unconfined for the ${whose}`, container);
  const se = asObject(sc.seLinuxOptions);
  for (const key of ['user', 'role'] as const) {
    if (se[key] !== undefined && se[key] !== '') add('seLinux', [...at, 'seLinuxOptions', key], `SELinux ${key} ${shortened(String(se[key]))} for the ${whose}`, container);
  }
  if (se.type !== undefined && !SELINUX_TYPES.has(String(se.type))) add('seLinux', [...at, 'seLinuxOptions', 'type'], `SELinux type ${shortened(String(se.type))} for the ${whose}`, container);
  if (asObject(sc.windowsOptions).hostProcess === true) add('hostProcess', [...at, 'windowsOptions', 'hostProcess'], `a Windows host process for the ${whose}`, container);
}
