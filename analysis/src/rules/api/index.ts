// What the API server rejects (errors) or accepts with a warning, one rule per family.
import type { PodRule } from '../../rule';
import { rule as affinity } from './affinity';
import { rule as containers } from './containers';
import { rule as configFields } from './configFields';
import { rule as cronJobFields } from './cronJobFields';
import { rule as daemonSetFields } from './daemonSetFields';
import { rule as deploymentFields } from './deploymentFields';
import { rule as jobFields } from './jobFields';
import { rule as serviceFields } from './serviceFields';
import { rule as statefulSetFields } from './statefulSetFields';
import { rule as deprecatedAnnotation } from './deprecatedAnnotation';
import { rule as dnsConfig } from './dnsConfig';
import { rule as deprecatedNodeLabel } from './deprecatedNodeLabel';
import { rule as deprecatedVolumePlugin } from './deprecatedVolumePlugin';
import { rule as env } from './env';
import { rule as hostIpWithoutHostPort } from './hostIpWithoutHostPort';
import { rule as invalidLabel } from './invalidLabel';
import { rule as invalidName } from './invalidName';
import { rule as osFields } from './osFields';
import { rule as podFields } from './podFields';
import { rule as pvcFields } from './pvcFields';
import { rule as ports } from './ports';
import { rule as probeOnInitContainer } from './probeOnInitContainer';
import { rule as probes } from './probes';
import { rule as resources } from './resources';
import { rule as securityContext } from './securityContext';
import { rule as selectorMismatch } from './selectorMismatch';
import { rule as sidecarRestartPolicy } from './sidecarRestartPolicy';
import { rule as tolerations } from './tolerations';
import { rule as volumes } from './volumes';
import { rule as workloadRestartPolicy } from './workloadRestartPolicy';

export const API_RULES: PodRule[] = [
  invalidName,
  invalidLabel,
  selectorMismatch,
  workloadRestartPolicy,
  containers,
  ports,
  hostIpWithoutHostPort,
  sidecarRestartPolicy,
  probeOnInitContainer,
  probes,
  volumes,
  env,
  resources,
  podFields,
  securityContext,
  osFields,
  tolerations,
  affinity,
  dnsConfig,
  deprecatedVolumePlugin,
  deprecatedNodeLabel,
  deprecatedAnnotation,
  deploymentFields,
  statefulSetFields,
  daemonSetFields,
  jobFields,
  cronJobFields,
  serviceFields,
  configFields,
  pvcFields,
];
