// The text of `kubectl describe pod` (describePod in staging/src/k8s.io/kubectl/pkg/describe/describe.go),
// its layout and labels, from the runtime's facts (PodDescription).
import type { ContainerDescription, ContainerStateView, PodDescription } from '../describe';
import type { Toleration } from '../detail';
import type { Probe } from '../types';
import { eventLines, labelLines, rfc1123z, since, volumeLines } from './describeParts';
import { TabWriter } from './tabbed';

/** printPodTolerationsMultiline: `key=value:effect op=Exists for 300s`. */
function tolerationLines(w: TabWriter, list: Toleration[]): void {
  w.write(0, 'Tolerations:\t');
  if (!list.length) return w.write(0, '<none>\n');
  list.forEach((t, i) => {
    let s = `${i ? '\t' : ''}${t.key ?? ''}`;
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${s}\n`);
  });
}

/** DescribeProbe: `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function probeText(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds}s timeout=${p.timeoutSeconds}s period=${p.periodSeconds}s #success=${p.successThreshold} #failure=${p.failureThreshold}`;
  const h = p.handler;
  if (h.kind === 'exec') return `exec [${h.command.join(' ')}] ${attrs}`;
  if (h.kind === 'httpGet') return `http-get ${h.scheme.toLowerCase()}://:${h.port}${h.path} ${attrs}`;
  return `tcp-socket :${h.port} ${attrs}`;
}

function stateLines(w: TabWriter, title: string, s: ContainerStateView): void {
  if (s.kind === 'running') {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(s.startedAt)}\n`);
  } else if (s.kind === 'waiting') {
    w.write(2, `${title}:\tWaiting\n`);
    if (s.reason) w.write(3, `Reason:\t${s.reason}\n`);
  } else {
    w.write(2, `${title}:\tTerminated\n`);
    if (s.reason) w.write(3, `Reason:\t${s.reason}\n`);
    if (s.message) w.write(3, `Message:\t${s.message}\n`);
    w.write(3, `Exit Code:\t${s.exitCode}\n`);
    w.write(3, `Started:\t${rfc1123z(s.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(s.finishedAt)}\n`);
  }
}

function resourceLines(w: TabWriter, title: string, m: Record<string, string>): void {
  const keys = Object.keys(m).sort();
  if (!keys.length) return;
  w.write(2, `${title}:\n`);
  for (const k of keys) w.write(3, `${k}:\t${m[k]}\n`);
}

function containerLines(w: TabWriter, title: string, list: ContainerDescription[]): void {
  w.write(0, `${title}:${list.length ? '' : ' <none>'}\n`);
  for (const c of list) {
    w.write(1, `${c.name}:\n`);
    w.write(2, `Container ID:\t${c.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image}\n`);
    w.write(2, `Image ID:\t${c.imageID ?? ''}\n`);
    const ports = c.ports.map((p) => `${p.containerPort}/${p.protocol}`).join(', ');
    w.write(2, `${ports.includes(',') ? 'Ports' : 'Port'}:\t${ports || '<none>'}\n`);
    const hostPorts = c.ports.map((p) => `${p.hostPort ?? 0}/${p.protocol}`).join(', ');
    w.write(2, `${hostPorts.includes(',') ? 'Host Ports' : 'Host Port'}:\t${hostPorts || '<none>'}\n`);
    if (c.seccompProfile) w.write(2, `SeccompProfile:\t${c.seccompProfile.type}\n`);
    for (const [label, items] of [['Command', c.command], ['Args', c.args]] as const) {
      if (!items?.length) continue;
      w.write(2, `${label}:\n`);
      for (const item of items) for (const line of item.split('\n')) w.write(3, `${line}\n`);
    }
    stateLines(w, 'State', c.state);
    if (c.lastState) stateLines(w, 'Last State', c.lastState);
    w.write(2, `Ready:\t${c.ready ? 'True' : 'False'}\n`);
    w.write(2, `Restart Count:\t${c.restartCount}\n`);
    resourceLines(w, 'Limits', c.limits);
    resourceLines(w, 'Requests', c.requests);
    if (c.livenessProbe) w.write(2, `Liveness:\t${probeText(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${probeText(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${probeText(c.startupProbe)}\n`);
    if (c.envFrom.length) {
      w.write(2, 'Environment Variables from:\n');
      for (const e of c.envFrom) w.write(3, `${e.name}\t${e.kind}${e.prefix ? ` with prefix '${e.prefix}'` : ''}\tOptional: ${e.optional}\n`);
    }
    w.write(2, `Environment:${c.env.length ? '' : '\t<none>'}\n`);
    for (const e of c.env) {
      if ('resourceFieldRef' in e) w.write(3, `${e.name}:\t${e.value} (${e.resourceFieldRef.resource})\n`);
      else if ('fieldRef' in e) w.write(3, `${e.name}:\t${e.resolved ?? ''} (${e.fieldRef.apiVersion}:${e.fieldRef.fieldPath})\n`);
      else if ('value' in e) e.value.split('\n').forEach((line, i) => w.write(3, i ? `\t${line}\n` : `${e.name}:\t${line}\n`));
      else if ('secretKeyRef' in e) w.write(3, `${e.name}:\t<set to the key '${e.secretKeyRef.key}' in secret '${e.secretKeyRef.name}'>\tOptional: ${e.secretKeyRef.optional}\n`);
      else if ('configMapKeyRef' in e) w.write(3, `${e.name}:\t<set to the key '${e.configMapKeyRef.key}' of config map '${e.configMapKeyRef.name}'>\tOptional: ${e.configMapKeyRef.optional}\n`);
    }
    w.write(2, `Mounts:${c.mounts.length ? '' : '\t<none>'}\n`);
    for (const m of [...c.mounts].sort((a, b) => a.mountPath.localeCompare(b.mountPath))) {
      const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
      w.write(3, `${m.mountPath} from ${m.volume} (${flags.join(',')})\n`);
    }
  }
}

/** The text of `kubectl describe pod`, from the runtime's facts. */
export function describePodText(d: PodDescription, now = Date.now()): string {
  const w = new TabWriter();
  w.write(0, `Name:\t${d.name}\n`);
  w.write(0, `Namespace:\t${d.namespace}\n`);
  if (d.priority !== undefined) w.write(0, `Priority:\t${d.priority}\n`);
  if (d.priorityClassName) w.write(0, `Priority Class Name:\t${d.priorityClassName}\n`);
  w.write(0, `Service Account:\t${d.serviceAccount}\n`);
  w.write(0, `Node:\t${d.node}/${d.hostIP ?? ''}\n`);
  if (d.startTime) w.write(0, `Start Time:\t${rfc1123z(d.startTime)}\n`);
  labelLines(w, 'Labels', d.labels);
  labelLines(w, 'Annotations', d.annotations, ': ');
  if (d.deletionTimestamp && d.phase !== 'Failed' && d.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${since(d.deletionTimestamp, now)})\n`);
    w.write(0, `Termination Grace Period:\t${d.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(0, `Status:\t${d.phase}\n`);
  }
  // Not kubectl's (a deleted pod is gone there): a stopped pod shown from the record its stop kept.
  if (d.stoppedAt) w.write(0, `Stopped:\t${rfc1123z(d.stoppedAt)} (${since(d.stoppedAt, now)} ago)\n`);
  if (d.reason) w.write(0, `Reason:\t${d.reason}\n`);
  if (d.message) w.write(0, `Message:\t${d.message}\n`);
  if (d.seccompProfile) w.write(0, `SeccompProfile:\t${d.seccompProfile.type}\n`);
  w.write(0, `IP:\t${d.podIP ?? ''}\n`);
  if (!d.podIPs.length) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of d.podIPs) w.write(1, `IP:\t${ip}\n`);
  }
  if (d.controlledBy) w.write(0, `Controlled By:\t${d.controlledBy.kind}/${d.controlledBy.name}\n`);
  if (d.initContainers.length) containerLines(w, 'Init Containers', d.initContainers);
  containerLines(w, 'Containers', d.containers);
  w.write(0, 'Conditions:\n  Type\tStatus\n');
  for (const c of d.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  volumeLines(w, d.volumes);
  w.write(0, `QoS Class:\t${d.qosClass}\n`);
  labelLines(w, 'Node-Selectors', d.nodeSelector);
  tolerationLines(w, d.tolerations);
  eventLines(w, d.events, now);
  return w.toString();
}
