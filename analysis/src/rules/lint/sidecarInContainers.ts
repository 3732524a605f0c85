// A pod that should run to completion (a Job's, a CronJob's, or `restartPolicy: Never/OnFailure`)
// succeeds only when every container in `containers` has exited. A helper that never exits (a proxy, a
// log shipper, `sleep infinity`) keeps it Running forever and the Job never completes. A native sidecar
// (an init container with `restartPolicy: Always`, KEP-753, beta and on by default since 1.29) is
// stopped by the kubelet once the app containers have finished, so it does not block completion.
import { addLineToItem, insertSeqItem, removeSeqItem, seqItemText } from '../../edits';
import { containersOf, ContainerView, describeContainer, listOf } from '../../podView';
import type { PodContext, PodRule } from '../../rule';
import { quote } from '../../quote';
import type { Fix } from '../../types';
import { minorOf } from '../../types';

/** Names and images of well-known helpers, matched against whole words of the name or image. */
const HELPER_WORDS = new Set([
  'sidecar',
  'proxy',
  'envoy',
  'istio',
  'linkerd',
  'log',
  'logs',
  'logger',
  'logging',
  'fluent',
  'fluentd',
  'fluentbit',
  'filebeat',
  'promtail',
  'agent',
  'exporter',
  'cloudsql',
  'socat',
  'ambassador',
  'otelcol',
  'collector',
  'statsd',
]);
/** Parts of words that mark a helper in compound names: `logshipper`, `authproxy`, `envoyproxy`. */
const HELPER_PARTS = /(sidecar|proxy|envoy|shipper|forwarder|exporter)/;
/** Commands whose point is to run forever. */
const FOREVER = /\bsleep\s+(infinity|inf|2147483647)\b|\btail\s+(-[a-zA-Z]*[fF][a-zA-Z]*)\b/;

function words(s: string): string[] {
  return s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

function imageName(image: unknown): string {
  if (typeof image !== 'string') return '';
  // The repository path without registry host, tag or digest: `gcr.io/x/cloud-sql-proxy:2` → `x/cloud-sql-proxy`.
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  const parts = repo.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) parts.shift();
  return parts.join('/');
}

/** Why a container looks like a long-running helper, or null. */
export function helperReason(c: ContainerView): string | null {
  for (const [source, text] of [
    ['name', c.name],
    ['image', imageName(c.value.image)],
  ] as const) {
    const hit = words(text).find((w) => HELPER_WORDS.has(w) || HELPER_PARTS.test(w));
    if (hit) return `its ${source} says ${quote(hit)}`;
  }
  const argv = [...listOf(c.value.command), ...listOf(c.value.args)].filter((a): a is string => typeof a === 'string').join(' ');
  const forever = FOREVER.exec(argv);
  if (forever) return `it runs ${quote(forever[0])}`;
  return null;
}

function completes(ctx: PodContext): string | null {
  if (ctx.pod.kind === 'Job' || ctx.pod.kind === 'CronJob') return `a ${ctx.pod.kind}`;
  const rp = ctx.spec.restartPolicy;
  if (rp === 'Never' || rp === 'OnFailure') return `a pod with restartPolicy ${rp}`;
  return null;
}

export const sidecarInContainers: PodRule = {
  id: 'sidecar-in-containers',
  category: 'lint',
  defaultSeverity: 'warning',
  description: 'A long-running helper in `containers` of a Job or run-to-completion pod keeps it from ever completing: make it a native sidecar.',
  check(ctx: PodContext) {
    const kind = completes(ctx);
    if (!kind) return;
    const containers = containersOf(ctx, ['containers']);
    if (containers.length < 2) return;
    const reasons = containers.map((c) => helperReason(c));
    // When every container looks like a helper, which one is the job is anyone's guess: say nothing.
    if (reasons.every((r) => r !== null)) return;
    const minor = minorOf(ctx.kubernetesVersion);
    containers.forEach((c, i) => {
      const reason = reasons[i];
      if (!reason) return;
      const native = Number.isNaN(minor) || minor >= 29;
      ctx.report({
        path: [...c.path, 'name'],
        anchor: c.name ? 'value' : 'key',
        message:
          `${describeContainer(c, true)} looks like a long-running helper (${reason}): in ${kind} it keeps the pod from completing. ` +
          (native
            ? 'Make it a native sidecar: an init container with restartPolicy: Always.'
            : `Native sidecars need Kubernetes 1.29+ (this is ${ctx.kubernetesVersion}); otherwise the helper must exit when the job is done.`),
        fixes: native ? moveToInit(ctx, c) : undefined,
      });
    });
  },
};

/** Moves the container to the end of initContainers (it then starts after the plain init containers, as before). */
function moveToInit(ctx: PodContext, c: ContainerView): Fix[] | undefined {
  // A regular container may carry restartPolicy with container restart rules (1.34+): leave that to a person.
  if ('restartPolicy' in c.value) return undefined;
  const containersPath = ctx.at('containers');
  const item = seqItemText(ctx, containersPath, c.index, { withLeadingComments: true });
  const remove = removeSeqItem(ctx, containersPath, c.index, { withLeadingComments: true });
  if (!item || !remove) return undefined;
  const insert = insertSeqItem(ctx, ctx.at(), 'initContainers', addLineToItem(item, 'restartPolicy: Always'), {
    before: 'containers',
    styleLike: containersPath,
  });
  if (!insert) return undefined;
  // Not preferred, so "fix all" leaves it alone: the finding is a heuristic, and two such moves applied
  // together into a pod without initContainers would each write the key.
  return [{ title: `Make '${c.name || 'container'}' a native sidecar (move it to initContainers with restartPolicy: Always)`, edits: [remove, insert] }];
}
