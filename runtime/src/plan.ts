// Manifest text to PodPlans. The file is read with the analysis' parser and checked with its rules
// first: a manifest the API server would reject is refused before anything is created.
import { createHash, randomUUID } from 'node:crypto';
import { analyze, asObject as obj, formatPath, lineCol, listOf as list, numberOr as num, podsOfFile, podsNamed, stringMap, stringOf as str, stringsOf as strings, valueAt, type HostAccess, type ManifestPod } from '../../analysis/src';
import { buildEnv, FileData, fileDataOf } from './planEnv';
import { refuseUnhonoured } from './fields';
import { namesInfraImage } from './images';
import { containerSecurity, podDns, podNames, podSysctls } from './planSecurity';
import { buildVolumes } from './planVolumes';
import { generateName } from './names';
import { parseBytes, parseMilliCpu, milliCpuToShares } from './quantities';
import type { ContainerPlan, Hook, PlanPort, PlanProblemCode, PodPlan, Probe, PullPolicy, RestartPolicy, ReportProblem } from './types';

export type { PlanProblemCode } from './types';

type Obj = Record<string, unknown>;

export interface PlanOptions {
  /** Allow what reaches the host (hostAccessOf in the analysis: hostPath, privileged, host namespaces …). */
  allowHostAccess?: boolean;
  /** Only the pod of this document (0-based), as the editor chooses it. */
  document?: number;
  /** Only the pod `NAME` or `NAMESPACE/NAME` (a workload's pod is named after the workload). */
  pod?: string;
  /** PersistentVolumeClaims that exist on the engine: claim name (in the pod's namespace) to volume. */
  claims?: Map<string, string>;
  /** The same per namespace, for a file whose pods are in several (takes precedence over `claims`). */
  claimsIn?: (namespace: string) => Map<string, string>;
}

export interface PlanProblem {
  code: PlanProblemCode;
  /** `file:line:col` for an analysis error, else the field path: what a person reads first. */
  where: string;
  /** The facts, worded for any reader (no command-line flag, no button). */
  message: string;
  /** The rule that found it (code 'invalid'). */
  rule?: string;
  /** What reaches the host (code 'host-access'). */
  hostAccess?: HostAccess;
}

export interface PlanResult {
  plans: PodPlan[];
  problems: PlanProblem[];
}

/** The pods of the file that the options select. */
function selected(pods: ManifestPod[], options: PlanOptions, manifestPath: string, problems: PlanProblem[]): ManifestPod[] {
  if (options.document !== undefined) {
    const found = pods.filter((p) => p.document === options.document);
    if (!found.length) problems.push({ code: 'no-pod', where: manifestPath, message: `document ${options.document + 1} of this file holds no Pod or pod template.` });
    return found;
  }
  if (options.pod !== undefined) {
    const found = podsNamed(pods, options.pod);
    if (!found.length) problems.push({ code: 'no-pod', where: manifestPath, message: `no pod named '${options.pod}' in this file.` });
    else if (new Set(found.map((p) => p.namespace)).size > 1) {
      problems.push({ code: 'ambiguous-pod', where: manifestPath, message: `pods named '${options.pod}' are in several namespaces of this file (${found.map((p) => p.namespace).join(', ')}).` });
      return [];
    }
    return found;
  }
  if (!pods.length) problems.push({ code: 'no-pod', where: manifestPath, message: 'this file holds no Pod or workload with a pod template.' });
  return pods;
}

export function planManifest(text: string, manifestPath: string, options: PlanOptions = {}): PlanResult {
  const problems: PlanProblem[] = [];
  const { file, problems: found } = analyze(text);
  const pods = selected(podsOfFile(file), options, manifestPath, problems);
  if (problems.length) return { plans: [], problems };
  // An error anywhere in the file refuses it: another document (a ConfigMap) may feed the pod.
  for (const p of found) {
    if (p.severity !== 'error') continue;
    const { line, col } = lineCol(file, p.range.start);
    problems.push({ code: 'invalid', where: `${manifestPath}:${line}:${col}`, message: `${p.message} [${p.rule}]`, rule: p.rule });
  }
  if (problems.length) return { plans: [], problems };

  const data: FileData = { ...fileDataOf(file), ...(options.claims ? { claims: options.claims } : {}) };
  const plans: PodPlan[] = [];
  for (const pod of pods) {
    const d = file.documents[pod.document];
    const loc = pod.location;
    const meta = obj(valueAt(d.value, loc.metadataPath));
    // Only a generateName (of the pod, or of the workload it is named after): the API server makes one.
    const prefix = str(obj(valueAt(d.value, ['metadata'])).generateName);
    const planned = planPod(
      {
        name: loc.name || str(meta.name) || (prefix ? generateName(prefix) : ''),
        namespace: pod.namespace,
        kind: loc.kind,
        document: pod.document,
        labels: stringMap(meta.labels),
        annotations: stringMap(meta.annotations),
        spec: obj(valueAt(d.value, loc.specPath)),
        specPath: formatPath(loc.specPath, d.value),
        hostAccess: pod.hostAccess,
        manifestPath,
        manifestHash: createHash('sha256').update(JSON.stringify(d.value)).digest('hex').slice(0, 16),
      },
      options.claimsIn ? { ...data, claims: options.claimsIn(pod.namespace) } : data,
      options,
    );
    problems.push(...planned.problems);
    plans.push(planned.plan);
  }
  return { plans: problems.length ? [] : plans, problems };
}

/** Who made a pod (a workload's controller), and what its engine objects carry to say so. */
export interface PodOwner {
  kind: string;
  name: string;
  uid: string;
  /** The cluster (state folder) whose controller manager owns the pod. */
  cluster: string;
}

/** One pod to plan: its metadata and PodSpec, from a manifest or from a workload's template. */
export interface PodInput {
  name: string;
  namespace: string;
  kind: string;
  document: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: Obj;
  /** Where the spec is in its manifest (`spec`, `spec.template.spec`), for the paths of problems. */
  specPath: string;
  hostAccess: HostAccess[];
  manifestPath: string;
  manifestHash: string;
  owner?: PodOwner;
}

/**
 * Plans one pod. Refused fields become problems with their paths; the plan is returned either way,
 * and is to be run only when there is none.
 */
export function planPod(input: PodInput, data: FileData, options: { allowHostAccess?: boolean } = {}): { plan: PodPlan; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const { name, namespace, spec } = input;
  const err = (path: string, message: string, code: PlanProblemCode = 'unsupported') => problems.push({ code, where: `${input.specPath}.${path}`, message });
  if (options.allowHostAccess !== true) {
    for (const h of input.hostAccess) problems.push({ code: 'host-access', where: h.path, message: `${h.what} reaches the host.`, hostAccess: h });
  }
  const uid = randomUUID();
  const podMeta = { name, namespace, uid, labels: input.labels, annotations: input.annotations };
  refuseUnhonoured(spec, err);
  const podSecurity = obj(spec.securityContext);
  const fsGroup = typeof podSecurity.fsGroup === 'number' ? podSecurity.fsGroup : undefined;
  const volumes = buildVolumes(spec, data, podMeta, err, fsGroup);
  // Every declared name counts, supported or not: an unsupported volume is reported once, on itself.
  const volumeNames = new Set(list(spec.volumes).map((v) => String(obj(v).name)));
  const volumeKinds = new Map(volumes.map((v) => [v.name, v.kind]));
  const restartPolicy = (str(spec.restartPolicy) as RestartPolicy | undefined) ?? 'Always';
  const build = (c: Obj, role: ContainerPlan['role'], path: string): ContainerPlan =>
    containerPlan(c, role, path, { data, podMeta, volumeNames, volumeKinds, podSecurity, fsGroup, err });
  const initContainers = list(spec.initContainers).map((c, i) => build(obj(c), obj(c).restartPolicy === 'Always' ? 'sidecar' : 'init', `initContainers[${i}]`));
  const containers = list(spec.containers).map((c, i) => build(obj(c), 'app', `containers[${i}]`));
  const plan: PodPlan = {
    name,
    namespace,
    uid,
    kind: input.kind,
    document: input.document,
    labels: input.labels,
    annotations: input.annotations,
    manifestPath: input.manifestPath,
    manifestHash: input.manifestHash,
    hostAccess: input.hostAccess,
    owner: input.owner,
    restartPolicy,
    terminationGracePeriodSeconds: num(spec.terminationGracePeriodSeconds, 30),
    activeDeadlineSeconds: typeof spec.activeDeadlineSeconds === 'number' ? spec.activeDeadlineSeconds : undefined,
    hostNetwork: spec.hostNetwork === true,
    hostPID: spec.hostPID === true,
    hostIPC: spec.hostIPC === true,
    shareProcessNamespace: spec.shareProcessNamespace === true,
    ...podNames(spec, name, namespace),
    dns: podDns(spec, err),
    dnsPolicy: str(spec.dnsPolicy) ?? 'ClusterFirst',
    enableServiceLinks: spec.enableServiceLinks !== false,
    sysctls: podSysctls(podSecurity),
    fsGroup,
    hostAliases: list(spec.hostAliases).flatMap((a) => (strings(obj(a).hostnames) ?? []).map((h) => `${h}:${String(obj(a).ip)}`)),
    initContainers,
    containers,
    volumes,
  };
  return { plan, problems };
}

interface BuildContext {
  data: FileData;
  podMeta: { name: string; namespace: string; uid: string; labels: Record<string, string>; annotations: Record<string, string> };
  volumeNames: Set<string>;
  volumeKinds: Map<string, string>;
  podSecurity: Obj;
  fsGroup?: number;
  err: ReportProblem;
}

function containerPlan(c: Obj, role: ContainerPlan['role'], path: string, ctx: BuildContext): ContainerPlan {
  const image = str(c.image) ?? '';
  if (namesInfraImage(image)) ctx.err(`${path}.image`, `${image} is podwright's own pod infra image; a container of a manifest may not run it.`);
  // Defaulting (pkg/apis/core/v1/defaults.go SetDefaults_Container): Always for :latest or no tag.
  const tagged = /:[^/]+$/.test(image.replace(/@.*$/, '')) || image.includes('@');
  const latest = !tagged || /:latest$/.test(image);
  const pullPolicy = (str(c.imagePullPolicy) as PullPolicy | undefined) ?? (latest ? 'Always' : 'IfNotPresent');
  const ports: PlanPort[] = list(c.ports).map((p) => {
    const o = obj(p);
    return {
      containerPort: num(o.containerPort, 0),
      hostPort: typeof o.hostPort === 'number' && o.hostPort > 0 ? o.hostPort : undefined,
      hostIP: str(o.hostIP),
      protocol: (str(o.protocol) as PlanPort['protocol'] | undefined) ?? 'TCP',
      name: str(o.name),
    };
  });
  for (const [i, p] of ports.entries()) {
    if (p.protocol === 'SCTP') ctx.err(`${path}.ports[${i}].protocol`, 'SCTP ports cannot be published by Docker; use TCP or UDP.');
  }
  const resources = obj(c.resources);
  const limits = obj(resources.limits);
  const requests = obj(resources.requests);
  const memoryLimit = limits.memory !== undefined ? parseBytes(limits.memory) : undefined;
  const cpuLimit = limits.cpu !== undefined ? parseMilliCpu(limits.cpu) : undefined;
  // A missing request defaults to the limit (SetDefaults_ResourceRequirements).
  const cpuRequest = requests.cpu !== undefined ? parseMilliCpu(requests.cpu) : cpuLimit;
  const sc = obj(c.securityContext);
  const caps = obj(sc.capabilities);
  const privileged = sc.privileged === true;
  // Container restart rules (KEP-5307) let a regular container carry restartPolicy; not applied here.
  if (role === 'app' && c.restartPolicy !== undefined && c.restartPolicy !== null) {
    ctx.err(`${path}.restartPolicy`, 'a restartPolicy on a regular container (container restart rules) is not applied by podwright; remove it to follow the pod\'s restartPolicy.');
  }
  // The container's securityContext wins over the pod's (DetermineEffectiveSecurityContext in
  // pkg/securitycontext/util.go).
  const psc = ctx.podSecurity;
  const num0 = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const runAsUser = num0(sc.runAsUser) ?? num0(psc.runAsUser);
  const runAsGroup = num0(sc.runAsGroup) ?? num0(psc.runAsGroup);
  const runAsNonRoot = (typeof sc.runAsNonRoot === 'boolean' ? sc.runAsNonRoot : psc.runAsNonRoot) === true;
  if (runAsNonRoot && runAsUser === 0) ctx.err(`${path}.securityContext.runAsNonRoot`, 'runAsNonRoot is set but runAsUser is 0 (root); the kubelet refuses to start this container.', 'invalid');
  const mounts = list(c.volumeMounts).map((m, i) => {
    const o = obj(m);
    const volume = str(o.name) ?? '';
    if (!ctx.volumeNames.has(volume)) ctx.err(`${path}.volumeMounts[${i}].name`, `no volume named '${volume}' in spec.volumes.`, 'missing-reference');
    // The engine mounts a part of a named volume only from API 1.45 (Docker 26); hostPath binds can.
    if (o.subPath && ctx.volumeKinds.get(volume) !== 'hostPath') {
      ctx.err(`${path}.volumeMounts[${i}].subPath`, 'subPath is supported on hostPath volumes only; mount the whole volume instead.');
    }
    if (o.subPathExpr) ctx.err(`${path}.volumeMounts[${i}].subPathExpr`, 'subPathExpr is not supported by podwright; mount the whole volume instead.');
    return { volume, mountPath: str(o.mountPath) ?? '', readOnly: o.readOnly === true, subPath: str(o.subPath) || undefined };
  });
  const portByName = new Map(ports.filter((p) => p.name).map((p) => [p.name, p.containerPort]));
  const probe = (key: string): Probe | undefined => readProbe(c[key], `${path}.${key}`, portByName, ctx.err);
  return {
    name: str(c.name) ?? '',
    role,
    image,
    pullPolicy,
    command: strings(c.command),
    args: strings(c.args),
    workingDir: str(c.workingDir),
    env: buildEnv(c, path, ctx.data, ctx.podMeta, { memoryLimit, cpuLimit, cpuRequest }, ctx.err),
    mounts,
    ports,
    memoryLimit: Number.isFinite(memoryLimit) ? memoryLimit : undefined,
    nanoCpus: cpuLimit !== undefined && Number.isFinite(cpuLimit) ? cpuLimit * 1e6 : undefined,
    cpuShares: cpuRequest !== undefined && Number.isFinite(cpuRequest) ? milliCpuToShares(cpuRequest) : undefined,
    user: runAsUser !== undefined ? (runAsGroup !== undefined ? `${runAsUser}:${runAsGroup}` : `${runAsUser}`) : undefined,
    runAsNonRoot,
    // The kubelet adds fsGroup to every container's supplemental groups (so it can use the volumes).
    groupAdd: [...list(ctx.podSecurity.supplementalGroups).map((g) => String(g)), ...(ctx.fsGroup !== undefined ? [String(ctx.fsGroup)] : [])],
    capAdd: (strings(caps.add) ?? []).map((x) => x.replace(/^CAP_/, '')),
    capDrop: (strings(caps.drop) ?? []).map((x) => x.replace(/^CAP_/, '')),
    privileged,
    readOnlyRootFilesystem: sc.readOnlyRootFilesystem === true,
    ...containerSecurity(sc, ctx.podSecurity, path, ctx.err),
    tty: c.tty === true,
    stdin: c.stdin === true,
    startupProbe: probe('startupProbe'),
    livenessProbe: probe('livenessProbe'),
    readinessProbe: probe('readinessProbe'),
    postStart: readHook(obj(c.lifecycle).postStart, `${path}.lifecycle.postStart`, portByName, ctx.err),
    preStop: readHook(obj(c.lifecycle).preStop, `${path}.lifecycle.preStop`, portByName, ctx.err),
  };
}

function readHandler(p: Obj, path: string, what: string, ports: Map<string | undefined, number>, err: BuildContext['err']): Hook | undefined {
  const port = (x: unknown): number => {
    if (typeof x === 'number') return x;
    const named = typeof x === 'string' ? ports.get(x) : undefined;
    if (named === undefined) err(path, `${what} port '${String(x)}' names no port of this container.`);
    return named ?? 0;
  };
  if (p.exec) return { kind: 'exec', command: strings(obj(p.exec).command) ?? [] };
  if (p.httpGet) {
    const h = obj(p.httpGet);
    const scheme = str(h.scheme) ?? 'HTTP';
    if (scheme === 'HTTPS') err(`${path}.httpGet.scheme`, `HTTPS ${what}s are not supported by podwright yet; use HTTP or tcpSocket.`);
    return {
      kind: 'httpGet',
      port: port(h.port),
      path: str(h.path) ?? '/',
      scheme,
      headers: list(h.httpHeaders).map((x) => ({ name: String(obj(x).name), value: String(obj(x).value) })),
    };
  }
  if (p.tcpSocket) return { kind: 'tcpSocket', port: port(obj(p.tcpSocket).port) };
  if (p.sleep && what === 'hook') return { kind: 'sleep', seconds: num(obj(p.sleep).seconds, 0) };
  err(path, `this ${what} kind (${Object.keys(p).join(', ') || 'none'}) is not supported by podwright yet; use exec, httpGet or tcpSocket.`);
  return undefined;
}

function readHook(v: unknown, path: string, ports: Map<string | undefined, number>, err: BuildContext['err']): Hook | undefined {
  if (v === undefined || v === null) return undefined;
  return readHandler(obj(v), path, 'hook', ports, err);
}

function readProbe(v: unknown, path: string, ports: Map<string | undefined, number>, err: BuildContext['err']): Probe | undefined {
  if (v === undefined || v === null) return undefined;
  const p = obj(v);
  const handler = readHandler(p, path, 'probe', ports, err);
  if (!handler || handler.kind === 'sleep') return undefined;
  // Defaults from SetDefaults_Probe (pkg/apis/core/v1/defaults.go).
  return {
    handler,
    initialDelaySeconds: num(p.initialDelaySeconds, 0),
    periodSeconds: num(p.periodSeconds, 10),
    timeoutSeconds: num(p.timeoutSeconds, 1),
    successThreshold: num(p.successThreshold, 1),
    failureThreshold: num(p.failureThreshold, 3),
    terminationGracePeriodSeconds: typeof p.terminationGracePeriodSeconds === 'number' ? p.terminationGracePeriodSeconds : undefined,
  };
}
