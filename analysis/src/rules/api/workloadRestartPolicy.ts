// The pod template of a workload has the restartPolicy its controller can honour, and the pod-level
// restartPolicy defaults to Always when absent (SetDefaults_PodSpec):
// - a Job's or CronJob's must be OnFailure or Never (ValidateJobSpec, pkg/apis/batch/validation), so
//   a Job template that leaves it out is rejected;
// - a Deployment's, ReplicaSet's, ReplicationController's, StatefulSet's and DaemonSet's must be
//   Always, and they take no activeDeadlineSeconds (ValidatePodTemplateSpecForReplicaSet,
//   ValidateStatefulSetSpec, ValidateDaemonSetSpec in pkg/apis/apps/validation,
//   ValidatePodTemplateSpecForRC in pkg/apis/core/validation).
import type { PodContext, PodRule } from '../../rule';
import type { Fix } from '../../types';
import { addKeyLine, removeKey, replaceScalar } from './edits';
import { q } from './support';

export const ID = 'workload-restart-policy';

const ALWAYS_KINDS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet']);
const JOB_KINDS = new Set(['Job', 'CronJob']);

function setPolicy(ctx: PodContext, value: string, present: boolean, preferred: boolean): Fix | null {
  const edit = present ? replaceScalar(ctx, ctx.at('restartPolicy'), value) : addKeyLine(ctx, ctx.pod.specPath, `restartPolicy: ${value}`);
  return edit ? { title: `Set restartPolicy: ${value}`, edits: [edit], preferred } : null;
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: "A Job's pod template without restartPolicy Never/OnFailure, or a Deployment's (StatefulSet's, DaemonSet's …) with one other than Always or with activeDeadlineSeconds.",
  check(ctx) {
    const kind = ctx.pod.kind;
    const raw = ctx.spec.restartPolicy;
    const present = raw !== undefined && raw !== null;
    if (present && typeof raw !== 'string') return;
    const policy = present ? (raw as string) : 'Always';
    if (JOB_KINDS.has(kind) && (policy === 'Always' || policy === '')) {
      const fixes = [setPolicy(ctx, 'Never', present, true), setPolicy(ctx, 'OnFailure', present, false)].filter((f): f is Fix => f !== null);
      ctx.report({
        path: ctx.at('restartPolicy'),
        anchor: present ? 'value' : 'key',
        message: present
          ? `A ${kind}'s pod template needs restartPolicy Never or OnFailure, not Always: a Job's pods must be able to finish.`
          : `A ${kind}'s pod template needs restartPolicy: Never or OnFailure; left out, it defaults to Always, which a Job does not accept.`,
        fixes: fixes.length ? fixes : undefined,
      });
    } else if (ALWAYS_KINDS.has(kind)) {
      if (policy !== 'Always' && (policy === 'Never' || policy === 'OnFailure')) {
        const edit = removeKey(ctx, ctx.at('restartPolicy'));
        ctx.report({
          path: ctx.at('restartPolicy'),
          message: `A ${kind}'s pods always restart: restartPolicy must be Always (or left out), not ${q(policy)}. For run-to-completion work use a Job.`,
          fixes: edit ? [{ title: 'Remove restartPolicy', edits: [edit], preferred: true }] : undefined,
        });
      }
      if (ctx.spec.activeDeadlineSeconds !== undefined && ctx.spec.activeDeadlineSeconds !== null) {
        const edit = removeKey(ctx, ctx.at('activeDeadlineSeconds'));
        ctx.report({
          path: ctx.at('activeDeadlineSeconds'),
          anchor: 'key',
          message: `activeDeadlineSeconds is not supported in a ${kind}'s pod template: its pods are meant to run until replaced.`,
          fixes: edit ? [{ title: 'Remove activeDeadlineSeconds', edits: [edit], preferred: true }] : undefined,
        });
      }
    }
  },
};
