// Where the pod spec lives in each kind that holds one.
import type { Segment } from './types';
import { isObject } from './values';

export { valueAt } from './values';

export interface PodLocation {
  kind: string;
  apiVersion: string;
  /** metadata.name of the enclosing object. */
  name: string;
  /** Path of the pod's ObjectMeta (`metadata` or `spec.template.metadata`). */
  metadataPath: Segment[];
  /** Path of the PodSpec. */
  specPath: Segment[];
  /** A Job or CronJob: the pod is meant to run to completion. */
  runsToCompletion: boolean;
  /** The pod spec's restartPolicy default differs in Jobs: there is none, it must be set. */
  isTemplate: boolean;
}

const TEMPLATE_PATHS: Record<string, Segment[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

export const POD_KINDS = ['Pod', ...Object.keys(TEMPLATE_PATHS)];

/** The pod (or pod template) a document holds, if any. */
export function findPod(value: unknown): PodLocation | null {
  if (!isObject(value)) return null;
  const kind = typeof value.kind === 'string' ? value.kind : '';
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  const meta = isObject(value.metadata) ? value.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const runsToCompletion = kind === 'Job' || kind === 'CronJob';
  if (kind === 'Pod') {
    return { kind, apiVersion, name, metadataPath: ['metadata'], specPath: ['spec'], runsToCompletion, isTemplate: false };
  }
  const template = TEMPLATE_PATHS[kind];
  if (!template) return null;
  return {
    kind,
    apiVersion,
    name,
    metadataPath: [...template, 'metadata'],
    specPath: [...template, 'spec'],
    runsToCompletion,
    isTemplate: true,
  };
}

