// Probes and lifecycle handlers (pkg/apis/core/validation/validation.go):
// - validateHandler: exactly one handler — exec, httpGet, tcpSocket, grpc for a probe; exec,
//   httpGet, tcpSocket, sleep for a lifecycle hook; exec needs a command;
// - ValidatePortNumOrName: a port is a number 1–65535 or an IANA port name (a quoted "8080" is a
//   name, and an invalid one);
// - validateProbe: counts and durations not negative; a probe's terminationGracePeriodSeconds > 0;
// - validateLivenessProbe / validateStartupProbe: successThreshold must be 1 (0 defaults to 1);
// - validateReadinessProbe: no terminationGracePeriodSeconds;
// - validateSleepAction: within the pod's terminationGracePeriodSeconds (default 30); 0 allowed from
//   1.33 (PodLifecycleSleepActionAllowZero, beta).
// Checked on regular containers and native sidecars; a plain init container may not have any
// (probe-on-init-container), an ephemeral one neither (containers).
import type { PodContext, PodRule } from '../../rule';
import type { Segment } from '../../types';
import { removeKey, replaceScalar } from './edits';
import { ContainerView, isObject, isPortNumber, isSet, listOf, minor, num, portNameProblem, probedContainers, q } from './support';

export const ID = 'probes';

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const NON_NEGATIVE = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

function checkPort(ctx: PodContext, path: Segment[], port: unknown, numericOnly: boolean): void {
  if (typeof port === 'number') {
    if (!isPortNumber(port)) ctx.report({ path, message: `Port ${port} is not a port number: use 1 to 65535.` });
    return;
  }
  if (typeof port !== 'string' || numericOnly) return;
  if (/^\d+$/.test(port)) {
    const edit = isPortNumber(Number(port)) ? replaceScalar(ctx, path, String(Number(port))) : null;
    ctx.report({
      path,
      message: `Port ${q(port)} is a string, so it is read as a port name, and names need a letter: write the number without quotes.`,
      fixes: edit ? [{ title: `Use the number ${Number(port)}`, edits: [edit], preferred: true }] : undefined,
    });
    return;
  }
  const problem = portNameProblem(port);
  if (problem) ctx.report({ path, message: `Port name ${q(port)} is not a valid port name: it ${problem}.` });
}

function checkHandler(ctx: PodContext, path: Segment[], handler: Record<string, unknown>, kinds: string[], what: string, gracePeriod: number): void {
  const set = kinds.filter((k) => isSet(handler, k));
  if (set.length === 0) {
    ctx.report({ path, anchor: 'key', message: `${what} needs one handler: ${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}.` });
    return;
  }
  for (const extra of set.slice(1)) {
    ctx.report({
      path: [...path, extra],
      anchor: 'key',
      message: `${what} may have only one handler, and ${set[0]} is already set.`,
      related: [{ path: [...path, set[0]], anchor: 'key', message: `${set[0]} set here` }],
    });
  }
  const kind = set[0];
  const body = handler[kind];
  if (!isObject(body)) return;
  const bodyPath = [...path, kind];
  const command = body.command;
  if (kind === 'exec' && (command === undefined || command === null || (Array.isArray(command) && command.length === 0))) {
    ctx.report({ path: [...bodyPath, 'command'], anchor: 'key', message: 'exec needs a command.' });
  }
  if (kind === 'httpGet' || kind === 'tcpSocket' || kind === 'grpc') checkPort(ctx, [...bodyPath, 'port'], body.port, kind === 'grpc');
  if (kind === 'httpGet') {
    listOf(body.httpHeaders).forEach((h, i) => {
      const name = isObject(h) ? h.name : undefined;
      if (typeof name === 'string' && !/^[-A-Za-z0-9]+$/.test(name)) {
        ctx.report({ path: [...bodyPath, 'httpHeaders', i, 'name'], message: `HTTP header name ${q(name)} may contain only letters, digits and '-'.` });
      }
    });
  }
  if (kind === 'sleep') {
    const seconds = num(body, 'seconds');
    const allowZero = minor(ctx.kubernetesVersion) >= 33;
    if (seconds !== undefined && (seconds < (allowZero ? 0 : 1) || seconds > gracePeriod)) {
      ctx.report({
        path: [...bodyPath, 'seconds'],
        message: `sleep.seconds must be ${allowZero ? 'between 0' : 'between 1'} and the pod's terminationGracePeriodSeconds (${gracePeriod}).`,
      });
    }
  }
}

function checkProbe(ctx: PodContext, c: ContainerView, field: string, gracePeriod: number): void {
  const probe = c.value[field];
  if (!isObject(probe)) return;
  const path = [...c.path, field];
  checkHandler(ctx, path, probe, PROBE_HANDLERS, field, gracePeriod);
  for (const key of NON_NEGATIVE) {
    const v = num(probe, key);
    if (v !== undefined && v < 0) ctx.report({ path: [...path, key], message: `${field}.${key} must not be negative.` });
  }
  const success = num(probe, 'successThreshold');
  if (field !== 'readinessProbe' && success !== undefined && success > 1) {
    const edit = replaceScalar(ctx, [...path, 'successThreshold'], '1');
    ctx.report({
      path: [...path, 'successThreshold'],
      message: `${field}.successThreshold must be 1: one success is enough to count as alive${field === 'startupProbe' ? ' (started)' : ''}.`,
      fixes: edit ? [{ title: 'Set successThreshold to 1', edits: [edit], preferred: true }] : undefined,
    });
  }
  if (isSet(probe, 'terminationGracePeriodSeconds')) {
    const tgps = num(probe, 'terminationGracePeriodSeconds');
    if (field === 'readinessProbe') {
      const edit = removeKey(ctx, [...path, 'terminationGracePeriodSeconds']);
      ctx.report({
        path: [...path, 'terminationGracePeriodSeconds'],
        anchor: 'key',
        message: 'terminationGracePeriodSeconds may not be set on a readinessProbe: a failing readiness probe never kills the container.',
        fixes: edit ? [{ title: 'Remove terminationGracePeriodSeconds', edits: [edit], preferred: true }] : undefined,
      });
    } else if (tgps !== undefined && tgps <= 0) {
      ctx.report({ path: [...path, 'terminationGracePeriodSeconds'], message: `${field}.terminationGracePeriodSeconds must be greater than 0.` });
    }
  }
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'A probe or lifecycle hook the API server rejects: no handler or several, a bad port, a bad threshold.',
  check(ctx) {
    // The pod's grace period after defaulting (30 s), as validateSleepAction compares it.
    const gracePeriod = num(ctx.spec, 'terminationGracePeriodSeconds') ?? 30;
    for (const c of probedContainers(ctx)) {
      for (const field of ['livenessProbe', 'readinessProbe', 'startupProbe']) checkProbe(ctx, c, field, gracePeriod);
      const lifecycle = c.value.lifecycle;
      if (!isObject(lifecycle)) continue;
      for (const hook of ['postStart', 'preStop']) {
        const h = lifecycle[hook];
        if (isObject(h)) checkHandler(ctx, [...c.path, 'lifecycle', hook], h, LIFECYCLE_HANDLERS, `lifecycle.${hook}`, gracePeriod);
      }
    }
  },
};
