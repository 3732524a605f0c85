// Manifest text to PodPlans. The file is read with the analysis' parser and checked with its rules
// first: a manifest the API server would reject is refused before anything is created.
import { createHash, randomUUID } from 'node:crypto';
import { analyze, lineCol, parseYaml, findPod, valueAt } from '../../analysis/src';
import { buildEnv, FileData, fileDataOf } from './planEnv';
import { buildVolumes } from './planVolumes';
import { parseBytes, parseMilliCpu, milliCpuToShares } from './expand';
import type { ContainerPlan, Hook, PlanPort, PodPlan, Probe, ProbeHandler, PullPolicy, RestartPolicy } from './types';

export interface PlanOptions {
  /** Allow what reaches the host: hostPath, privileged, hostNetwork/PID/IPC. */
  allowHostAccess?: boolean;
  /** Only the pod with this name (a workload's pod is named after the workload). */
  pod?: string;
}

export interface PlanProblem {
  /** `file:line:col` or a field path; what a person reads first. */
  where: string;
  message: string;
}

export interface PlanResult {
  plans: PodPlan[];
  problems: PlanProblem[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map((x) => String(x)) : undefined);
const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const stringMap = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, String(x)]));

export function planManifest(text: string, manifestPath: string, options: PlanOptions = {}): PlanResult {
  const problems: PlanProblem[] = [];
  const { file, problems: found } = analyze(text);
  for (const p of found) {
    if (p.severity !== 'error') continue;
    const { line, col } = lineCol(file, p.range.start);
    problems.push({ where: `${manifestPath}:${line}:${col}`, message: `${p.message} [${p.rule}]` });
  }
  if (problems.length) return { plans: [], problems };

  const data: FileData = fileDataOf(parseYaml(text));
  const plans: PodPlan[] = [];
  for (const d of file.documents) {
    const loc = findPod(d.value);
    if (!loc) continue;
    const meta = obj(valueAt(d.value, loc.metadataPath));
    const name = loc.name || str(meta.name) || '';
    if (options.pod && name !== options.pod) continue;
    const spec = obj(valueAt(d.value, loc.specPath));
    const at = loc.specPath.map(String).join('.');
    const err = (path: string, message: string) => problems.push({ where: `${at}.${path}`, message });
    const namespace = str(obj(d.value).metadata && obj(obj(d.value).metadata).namespace) ?? 'default';
    const uid = randomUUID();
    const labels = stringMap(meta.labels);
    const annotations = stringMap(meta.annotations);
    const podMeta = { name, namespace, uid, labels, annotations };
    const host = options.allowHostAccess === true;
    for (const f of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (spec[f] === true && !host) err(f, `${f} reaches the host; run with --allow-host-access to allow it.`);
    }
    const volumes = buildVolumes(spec, data, podMeta, host, err);
    // Every declared name counts, supported or not: an unsupported volume is reported once, on itself.
    const volumeNames = new Set(list(spec.volumes).map((v) => String(obj(v).name)));
    const volumeKinds = new Map(volumes.map((v) => [v.name, v.kind]));
    const restartPolicy = (str(spec.restartPolicy) as RestartPolicy | undefined) ?? 'Always';
    const build = (c: Obj, role: ContainerPlan['role'], path: string): ContainerPlan =>
      containerPlan(c, role, path, { data, podMeta, host, volumeNames, volumeKinds, podSecurity: obj(spec.securityContext), err });
    const initContainers = list(spec.initContainers).map((c, i) =>
      build(obj(c), obj(c).restartPolicy === 'Always' ? 'sidecar' : 'init', `initContainers[${i}]`),
    );
    const containers = list(spec.containers).map((c, i) => build(obj(c), 'app', `containers[${i}]`));
    plans.push({
      name,
      namespace,
      uid,
      kind: loc.kind,
      labels,
      annotations,
      manifestPath,
      manifestHash: createHash('sha256').update(JSON.stringify(d.value)).digest('hex').slice(0, 16),
      restartPolicy,
      terminationGracePeriodSeconds: num(spec.terminationGracePeriodSeconds, 30),
      activeDeadlineSeconds: typeof spec.activeDeadlineSeconds === 'number' ? spec.activeDeadlineSeconds : undefined,
      hostNetwork: spec.hostNetwork === true,
      hostPID: spec.hostPID === true,
      hostIPC: spec.hostIPC === true,
      shareProcessNamespace: spec.shareProcessNamespace === true,
      hostname: str(spec.hostname),
      hostAliases: list(spec.hostAliases).flatMap((a) => (strings(obj(a).hostnames) ?? []).map((h) => `${h}:${String(obj(a).ip)}`)),
      initContainers,
      containers,
      volumes,
    });
  }
  if (plans.length === 0 && problems.length === 0) {
    problems.push({
      where: manifestPath,
      message: options.pod ? `no pod named '${options.pod}' in this file.` : 'this file holds no Pod or workload with a pod template.',
    });
  }
  return { plans: problems.length ? [] : plans, problems };
}

interface BuildContext {
  data: FileData;
  podMeta: { name: string; namespace: string; uid: string; labels: Record<string, string>; annotations: Record<string, string> };
  host: boolean;
  volumeNames: Set<string>;
  volumeKinds: Map<string, string>;
  podSecurity: Obj;
  err: (path: string, message: string) => void;
}

function containerPlan(c: Obj, role: ContainerPlan['role'], path: string, ctx: BuildContext): ContainerPlan {
  const image = str(c.image) ?? '';
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
  if (privileged && !ctx.host) ctx.err(`${path}.securityContext.privileged`, 'a privileged container reaches the host; run with --allow-host-access to allow it.');
  // The container's securityContext wins over the pod's (DetermineEffectiveSecurityContext in
  // pkg/securitycontext/util.go).
  const psc = ctx.podSecurity;
  const num0 = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const runAsUser = num0(sc.runAsUser) ?? num0(psc.runAsUser);
  const runAsGroup = num0(sc.runAsGroup) ?? num0(psc.runAsGroup);
  const runAsNonRoot = (typeof sc.runAsNonRoot === 'boolean' ? sc.runAsNonRoot : psc.runAsNonRoot) === true;
  if (runAsNonRoot && runAsUser === 0) ctx.err(`${path}.securityContext.runAsNonRoot`, 'runAsNonRoot is set but runAsUser is 0 (root); the kubelet refuses to start this container.');
  const mounts = list(c.volumeMounts).map((m, i) => {
    const o = obj(m);
    const volume = str(o.name) ?? '';
    if (!ctx.volumeNames.has(volume)) ctx.err(`${path}.volumeMounts[${i}].name`, `no volume named '${volume}' in spec.volumes.`);
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
    groupAdd: list(ctx.podSecurity.supplementalGroups).map((g) => String(g)),
    capAdd: (strings(caps.add) ?? []).map((x) => x.replace(/^CAP_/, '')),
    capDrop: (strings(caps.drop) ?? []).map((x) => x.replace(/^CAP_/, '')),
    privileged,
    readOnlyRootFilesystem: sc.readOnlyRootFilesystem === true,
    noNewPrivileges: sc.allowPrivilegeEscalation === false,
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
  };
}
