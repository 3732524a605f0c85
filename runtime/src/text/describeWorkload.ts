// `describe KIND NAME` of the workloads and Services: the text of kubectl's describers for those
// kinds (staging/src/k8s.io/kubectl/pkg/describe/describe.go: the header, the counters of the kind,
// the pod template as DescribePodTemplate prints it, conditions, events), from the object as applied
// and what its controller knows (ObjectDescription).
import type { VolumeDetail } from '../detail';
import type { ObjectDescription } from '../workloads/describeObject';
import { labelText } from '../workloads/node';
import { eventLines, labelLines, rfc1123z, since, volumeLines } from './describeParts';
import { TabWriter } from './tabbed';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const strings = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, String(x)]));
/** A field kubectl prints with `<unset>` when the API server leaves it empty. */
const orUnset = (v: unknown) => (v === undefined || v === null ? '<unset>' : String(v));

/** The kinds this file describes (the CLI's describe sends the others elsewhere). */
export const DESCRIBED_KINDS = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service'];

/** metav1.FormatLabelSelector: `app=web,tier in (a,b)`, `<none>` for an empty one. */
export function selectorText(selector: unknown): string {
  const s = obj(selector);
  const parts = Object.entries(strings(s.matchLabels)).map(([k, v]) => `${k}=${v}`);
  for (const e of list(s.matchExpressions)) {
    const values = Array.isArray(e.values) ? e.values.map(String).join(',') : '';
    const op = String(e.operator);
    if (op === 'Exists') parts.push(String(e.key));
    else if (op === 'DoesNotExist') parts.push(`!${String(e.key)}`);
    else parts.push(`${String(e.key)} ${op === 'NotIn' ? 'notin' : 'in'} (${values})`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

/** DescribeProbe from the template's own fields, with the API server's defaults. */
function probeText(p: Obj): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(Array.isArray(obj(p.exec).command) ? (obj(p.exec).command as unknown[]) : []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const h = obj(p.httpGet);
    return `http-get ${String(h.scheme ?? 'HTTP').toLowerCase()}://${String(h.host ?? '')}:${String(h.port)}${String(h.path ?? '')} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${String(obj(p.tcpSocket).host ?? '')}:${String(obj(p.tcpSocket).port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${String(obj(p.grpc).port)} ${String(obj(p.grpc).service ?? '')} ${attrs}`;
  return `unknown ${attrs}`;
}

/** describeContainers for a template: what is asked, no state (there is no container yet). */
function containerLines(w: TabWriter, title: string, containers: Obj[]): void {
  w.write(1, `${title}:\n`);
  for (const c of containers) {
    w.write(1, ` ${String(c.name)}:\n`);
    w.write(2, `Image:\t${String(c.image ?? '')}\n`);
    const ports = list(c.ports);
    const protocol = (p: Obj) => String(p.protocol ?? 'TCP');
    const cport = ports.map((p) => `${String(p.containerPort)}/${protocol(p)}`).join(', ');
    const hport = ports.map((p) => `${String(p.hostPort ?? 0)}/${protocol(p)}`).join(', ');
    w.write(2, `${ports.length > 1 ? 'Ports' : 'Port'}:\t${cport || '<none>'}\n`);
    w.write(2, `${ports.length > 1 ? 'Host Ports' : 'Host Port'}:\t${hport || '<none>'}\n`);
    for (const [label, items] of [['Command', c.command], ['Args', c.args]] as const) {
      if (!Array.isArray(items) || !items.length) continue;
      w.write(2, `${label}:\n`);
      for (const item of items) for (const line of String(item).split('\n')) w.write(3, `${line}\n`);
    }
    const resources = obj(c.resources);
    for (const [label, m] of [['Limits', strings(resources.limits)], ['Requests', strings(resources.requests)]] as const) {
      const keys = Object.keys(m).sort();
      if (!keys.length) continue;
      w.write(2, `${label}:\n`);
      for (const k of keys) w.write(3, `${k}:\t${m[k]}\n`);
    }
    for (const [label, key] of [['Liveness', 'livenessProbe'], ['Readiness', 'readinessProbe'], ['Startup', 'startupProbe']] as const) {
      if (c[key]) w.write(2, `${label}:\t${probeText(obj(c[key]))}\n`);
    }
    const envFrom = list(c.envFrom);
    if (envFrom.length) {
      w.write(2, 'Environment Variables from:\n');
      for (const e of envFrom) {
        const [kind, ref] = e.configMapRef ? ['ConfigMap', obj(e.configMapRef)] : ['Secret', obj(e.secretRef)];
        w.write(3, `${String(ref.name)}\t${kind}${e.prefix ? ` with prefix '${String(e.prefix)}'` : ''}\tOptional: ${ref.optional === true}\n`);
      }
    }
    const env = list(c.env);
    w.write(2, `Environment:${env.length ? '' : '\t<none>'}\n`);
    for (const e of env) {
      const from = obj(e.valueFrom);
      if (from.configMapKeyRef) {
        const r = obj(from.configMapKeyRef);
        w.write(3, `${String(e.name)}:\t<set to the key '${String(r.key)}' of config map '${String(r.name)}'>\tOptional: ${r.optional === true}\n`);
      } else if (from.secretKeyRef) {
        const r = obj(from.secretKeyRef);
        w.write(3, `${String(e.name)}:\t<set to the key '${String(r.key)}' in secret '${String(r.name)}'>\tOptional: ${r.optional === true}\n`);
      } else if (from.fieldRef) {
        const r = obj(from.fieldRef);
        w.write(3, `${String(e.name)}:\t (${String(r.apiVersion ?? 'v1')}:${String(r.fieldPath)})\n`);
      } else if (from.resourceFieldRef) {
        w.write(3, `${String(e.name)}:\t (${String(obj(from.resourceFieldRef).resource)})\n`);
      } else {
        String(e.value ?? '').split('\n').forEach((line, i) => w.write(3, i ? `\t${line}\n` : `${String(e.name)}:\t${line}\n`));
      }
    }
    const mounts = list(c.volumeMounts).sort((a, b) => String(a.mountPath).localeCompare(String(b.mountPath)));
    w.write(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly === true ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
      w.write(3, `${String(m.mountPath)} from ${String(m.name)} (${flags.join(',')})\n`);
    }
  }
}

/** DescribePodTemplate. */
function templateLines(w: TabWriter, template: Obj, volumes: VolumeDetail[], labels = strings(obj(template.metadata).labels)): void {
  const meta = obj(template.metadata);
  const spec = obj(template.spec);
  w.write(0, 'Pod Template:\n');
  labelLines(w, 'Labels', labels, '=', 1);
  const annotations = strings(meta.annotations);
  if (Object.keys(annotations).length) {
    labelLines(w, 'Annotations', annotations, ': ', 1);
  }
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${String(spec.serviceAccountName)}\n`);
  if (list(spec.initContainers).length) containerLines(w, 'Init Containers', list(spec.initContainers));
  containerLines(w, 'Containers', list(spec.containers));
  volumeLines(w, volumes, true);
  labelLines(w, 'Node-Selectors', strings(spec.nodeSelector), '=', 1);
  const tolerations = list(spec.tolerations);
  w.write(1, `Tolerations:\t${tolerations.length ? tolerations.map((t) => `${String(t.key ?? '')}${t.value ? `=${String(t.value)}` : ''}${t.effect ? `:${String(t.effect)}` : ''}`).join(', ') : '<none>'}\n`);
}

/**
 * `kubectl rollout history KIND/NAME --revision N`: the revision's pod template, as describe shows
 * one, with its volumes by their sources (Revision.volumes).
 */
export function revisionTemplateText(template: Obj, volumes: VolumeDetail[]): string {
  const w = new TabWriter();
  templateLines(w, template, volumes);
  return w.toString();
}

function conditionLines(w: TabWriter, d: ObjectDescription): void {
  const conditions = d.status?.conditions ?? [];
  if (!conditions.length) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

function header(w: TabWriter, d: ObjectDescription, selector = true): void {
  const { metadata } = d.object;
  w.write(0, `Name:\t${metadata.name}\n`);
  w.write(0, `Namespace:\t${metadata.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(metadata.creationTimestamp)}\n`);
  labelLines(w, 'Labels', metadata.labels ?? {});
  const annotations = { ...(metadata.annotations ?? {}) };
  if (d.object.kind === 'Deployment' && d.replicaSets?.length) annotations['deployment.kubernetes.io/revision'] = String(d.replicaSets[0].revision);
  labelLines(w, 'Annotations', annotations, ': ');
  if (selector) w.write(0, `Selector:\t${selectorText(d.selector)}\n`);
}

const podsStatus = (d: ObjectDescription) => `${d.phases.running} Running / ${d.phases.waiting} Waiting / ${d.phases.succeeded} Succeeded / ${d.phases.failed} Failed`;

/** The text of `kubectl describe KIND NAME` for the kinds of DESCRIBED_KINDS (a Service's below). */
export function describeWorkloadText(d: ObjectDescription, now = Date.now()): string {
  const w = new TabWriter();
  const spec = obj(d.object.body.spec);
  const c = d.counts;
  switch (d.object.kind) {
    case 'Deployment': {
      header(w, d);
      w.write(0, `Replicas:\t${c.desired} desired | ${c.updated} updated | ${c.total} total | ${c.available} available | ${c.unavailable} unavailable\n`);
      const strategy = obj(spec.strategy);
      const type = String(strategy.type ?? 'RollingUpdate');
      w.write(0, `StrategyType:\t${type}\n`);
      w.write(0, `MinReadySeconds:\t${String(spec.minReadySeconds ?? 0)}\n`);
      if (type === 'RollingUpdate') {
        const ru = obj(strategy.rollingUpdate);
        w.write(0, `RollingUpdateStrategy:\t${String(ru.maxUnavailable ?? '25%')} max unavailable, ${String(ru.maxSurge ?? '25%')} max surge\n`);
      }
      templateLines(w, obj(spec.template), d.templateVolumes);
      conditionLines(w, d);
      const [newest, ...older] = d.replicaSets ?? [];
      const rsText = (rs: { name: string; pods: number; replicas: number }) => `${rs.name} (${rs.pods}/${rs.replicas} replicas created)`;
      // As kubectl: the old ReplicaSets that still have pods or are asked for some.
      const old = older.filter((rs) => rs.pods > 0 || rs.replicas > 0);
      w.write(0, `OldReplicaSets:\t${old.length ? old.map(rsText).join(', ') : '<none>'}\n`);
      w.write(0, `NewReplicaSet:\t${newest ? rsText(newest) : '<none>'}\n`);
      break;
    }
    case 'ReplicaSet':
    case 'ReplicationController': {
      const { metadata } = d.object;
      w.write(0, `Name:\t${metadata.name}\n`);
      w.write(0, `Namespace:\t${metadata.namespace}\n`);
      // A ReplicationController's selector is a plain map of labels; a ReplicaSet's, a label selector.
      w.write(0, `Selector:\t${d.object.kind === 'ReplicaSet' ? selectorText(spec.selector) : labelText(obj(spec.selector))}\n`);
      labelLines(w, 'Labels', metadata.labels ?? {});
      labelLines(w, 'Annotations', metadata.annotations ?? {}, ': ');
      const owner = metadata.ownerReferences?.find((r) => r.controller);
      if (d.object.kind === 'ReplicaSet' && owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
      w.write(0, `Replicas:\t${c.current} current / ${c.desired} desired\n`);
      w.write(0, `Pods Status:\t${podsStatus(d)}\n`);
      templateLines(w, obj(spec.template), d.templateVolumes);
      conditionLines(w, d);
      break;
    }
    case 'StatefulSet': {
      header(w, d);
      w.write(0, `Replicas:\t${c.desired} desired | ${c.total} total\n`);
      const strategy = obj(spec.updateStrategy);
      const type = String(strategy.type ?? 'RollingUpdate');
      w.write(0, `Update Strategy:\t${type}\n`);
      if (type === 'RollingUpdate') w.write(1, `Partition:\t${String(obj(strategy.rollingUpdate).partition ?? 0)}\n`);
      w.write(0, `Pods Status:\t${podsStatus(d)}\n`);
      templateLines(w, obj(spec.template), d.templateVolumes);
      const claims = list(spec.volumeClaimTemplates);
      if (!claims.length) w.write(0, 'Volume Claims:\t<none>\n');
      else {
        w.write(0, 'Volume Claims:\n');
        for (const t of claims) {
          const claimSpec = obj(t.spec);
          w.write(1, `Name:\t${String(obj(t.metadata).name)}\n`);
          w.write(1, `StorageClass:\t${String(claimSpec.storageClassName ?? '')}\n`);
          w.write(1, `Capacity:\t${String(obj(obj(claimSpec.resources).requests).storage ?? '')}\n`);
          w.write(1, `Access Modes:\t[${(Array.isArray(claimSpec.accessModes) ? claimSpec.accessModes : []).join(' ')}]\n`);
        }
      }
      break;
    }
    case 'DaemonSet': {
      header(w, d);
      w.write(0, `Node-Selector:\t${labelText(obj(obj(obj(spec.template).spec).nodeSelector))}\n`);
      w.write(0, `Desired Number of Nodes Scheduled:\t${c.desired}\n`);
      w.write(0, `Current Number of Nodes Scheduled:\t${c.current}\n`);
      w.write(0, `Number of Nodes Scheduled with Up-to-date Pods:\t${c.upToDate}\n`);
      w.write(0, `Number of Nodes Scheduled with Available Pods:\t${c.available}\n`);
      w.write(0, `Number of Nodes Misscheduled:\t${c.misscheduled}\n`);
      w.write(0, `Pods Status:\t${podsStatus(d)}\n`);
      templateLines(w, obj(spec.template), d.templateVolumes);
      break;
    }
    case 'Job': {
      header(w, d);
      // The API server's defaults: parallelism 1, completions as parallelism when both are unset.
      w.write(0, `Parallelism:\t${String(spec.parallelism ?? 1)}\n`);
      w.write(0, `Completions:\t${spec.completions !== undefined ? String(spec.completions) : spec.parallelism === undefined ? '1' : '<unset>'}\n`);
      w.write(0, `Completion Mode:\t${String(spec.completionMode ?? 'NonIndexed')}\n`);
      w.write(0, `Suspend:\t${spec.suspend === true}\n`);
      w.write(0, `Backoff Limit:\t${String(spec.backoffLimit ?? 6)}\n`);
      const times = d.status?.times ?? {};
      if (times.start !== undefined) w.write(0, `Start Time:\t${rfc1123z(new Date(times.start).toISOString())}\n`);
      if (times.completion !== undefined) w.write(0, `Completed At:\t${rfc1123z(new Date(times.completion).toISOString())}\n`);
      if (times.start !== undefined) w.write(0, `Duration:\t${since(new Date(times.start).toISOString(), times.completion ?? now)}\n`);
      if (spec.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${String(spec.activeDeadlineSeconds)}s\n`);
      w.write(0, `Pods Statuses:\t${c.active} Active (${c.ready} Ready) / ${c.succeeded} Succeeded / ${c.failed} Failed\n`);
      templateLines(w, obj(spec.template), d.templateVolumes, d.templateLabels);
      conditionLines(w, d);
      break;
    }
    case 'CronJob': {
      header(w, d, false);
      w.write(0, `Schedule:\t${String(spec.schedule ?? '')}\n`);
      w.write(0, `Concurrency Policy:\t${String(spec.concurrencyPolicy ?? 'Allow')}\n`);
      w.write(0, `Suspend:\t${spec.suspend === true ? 'True' : 'False'}\n`);
      w.write(0, `Successful Job History Limit:\t${String(spec.successfulJobsHistoryLimit ?? 3)}\n`);
      w.write(0, `Failed Job History Limit:\t${String(spec.failedJobsHistoryLimit ?? 1)}\n`);
      w.write(0, `Starting Deadline Seconds:\t${spec.startingDeadlineSeconds === undefined ? '<unset>' : `${String(spec.startingDeadlineSeconds)}s`}\n`);
      const jobSpec = obj(obj(spec.jobTemplate).spec);
      w.write(0, `Selector:\t${jobSpec.selector ? selectorText(jobSpec.selector) : '<unset>'}\n`);
      w.write(0, `Parallelism:\t${orUnset(jobSpec.parallelism)}\n`);
      w.write(0, `Completions:\t${orUnset(jobSpec.completions)}\n`);
      templateLines(w, obj(jobSpec.template), d.templateVolumes);
      const last = d.status?.times?.lastSchedule;
      w.write(0, `Last Schedule Time:\t${last === undefined ? '<unset>' : rfc1123z(new Date(last).toISOString())}\n`);
      const active = d.status?.activeJobs ?? [];
      w.write(0, `Active Jobs:\t${active.length ? active.map((j) => j.name).join(', ') : '<none>'}\n`);
      break;
    }
    case 'Service':
      return describeServiceText(d, now);
    default:
      header(w, d);
  }
  eventLines(w, d.events, now);
  return w.toString();
}

/**
 * The text of `kubectl describe service` (describeService): its selector, type, address, each port
 * with its target and the Ready endpoints behind it, and the events of its proxy.
 */
function describeServiceText(d: ObjectDescription, now: number): string {
  const w = new TabWriter();
  const view = d.service;
  const { metadata } = d.object;
  const spec = obj(d.object.body.spec);
  w.write(0, `Name:\t${metadata.name}\n`);
  w.write(0, `Namespace:\t${metadata.namespace}\n`);
  labelLines(w, 'Labels', metadata.labels ?? {});
  labelLines(w, 'Annotations', metadata.annotations ?? {}, ': ');
  w.write(0, `Selector:\t${labelText(obj(spec.selector))}\n`);
  const type = view?.type ?? String(spec.type ?? 'ClusterIP');
  w.write(0, `Type:\t${type}\n`);
  if (type === 'ExternalName') {
    w.write(0, `External Name:\t${String(spec.externalName ?? '')}\n`);
  } else {
    w.write(0, 'IP Family Policy:\tSingleStack\nIP Families:\tIPv4\n');
    // Headless: no address of its own, as the API server stores it ("None").
    const ip = view?.headless ? 'None' : view?.clusterIP ?? '<pending>';
    w.write(0, `IP:\t${ip}\nIPs:\t${ip}\n`);
  }
  for (const p of view?.ports ?? []) {
    w.write(0, `Port:\t${p.name ?? '<unset>'}  ${p.port}/${p.protocol}\n`);
    w.write(0, `TargetPort:\t${p.targetPort}/${p.protocol}\n`);
    // kubectl shows a node port's number; here it is on this machine's publish address, so that too.
    for (const pub of p.published) w.write(0, `${type === 'LoadBalancer' ? 'LoadBalancer Ingress' : 'NodePort'}:\t${p.name ?? '<unset>'}  ${pub.hostIP}:${pub.hostPort}/${p.protocol}\n`);
    if (type !== 'ExternalName') {
      const index = view?.ports.indexOf(p) ?? 0;
      const endpoints = (view?.endpoints ?? []).filter((e) => e.ready && e.ports[index] !== undefined).map((e) => `${e.ip}:${e.ports[index]}`);
      w.write(0, `Endpoints:\t${endpoints.join(',')}\n`);
    }
  }
  w.write(0, `Session Affinity:\t${String(spec.sessionAffinity ?? 'None')}\n`);
  if (type !== 'ExternalName') w.write(0, `Internal Traffic Policy:\t${String(spec.internalTrafficPolicy ?? 'Cluster')}\n`);
  eventLines(w, d.events, now);
  return w.toString();
}
