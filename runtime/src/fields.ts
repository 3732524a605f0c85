// Every field of a pod spec, a container and their security contexts, and what the runtime does with
// it: honours it, lets it be because it means nothing different on one local node, or refuses it with
// its path. A field that would make the pod behave differently from a cluster is never dropped in
// silence. test/runtime/fields.test.ts holds this table against the shipped schemas, so a field that a
// new Kubernetes version adds cannot slip through unclassified.
import { asObject, listOf, type Obj } from '../../analysis/src';
import type { ReportProblem } from './types';

/** Honoured: applied as Kubernetes applies it (or checked where the runtime builds the pod). */
const HONOURED = 'honoured';
type Verdict = typeof HONOURED | { local: string } | { refused: string } | { refusedUnless: (v: unknown) => boolean; refused: string };

const scheduling = { local: 'scheduling: the only node is this machine, and the pod runs on it' };
const noApiServer = { local: 'there is no API server, so no service account token is mounted either way' };

export const POD_SPEC_FIELDS: Record<string, Verdict> = {
  activeDeadlineSeconds: HONOURED,
  affinity: scheduling,
  automountServiceAccountToken: noApiServer,
  containers: HONOURED,
  dnsConfig: HONOURED,
  dnsPolicy: HONOURED,
  enableServiceLinks: HONOURED,
  ephemeralContainers: { refused: 'ephemeral containers are added to a running pod (kubectl debug), never created with it' },
  hostAliases: HONOURED,
  hostIPC: HONOURED,
  hostNetwork: HONOURED,
  hostPID: HONOURED,
  hostUsers: { refusedUnless: (v) => v !== false, refused: 'user namespaces (hostUsers: false) are set for the whole Docker engine (userns-remap), not per pod' },
  hostname: HONOURED,
  hostnameOverride: HONOURED,
  imagePullSecrets: { local: 'images come from this engine, which pulls with its own credentials' },
  initContainers: HONOURED,
  nodeName: scheduling,
  nodeSelector: scheduling,
  os: { refusedUnless: (v) => asObject(v).name !== 'windows', refused: 'a Windows pod cannot run on this Linux engine' },
  overhead: { local: 'set by a RuntimeClass for accounting; nothing runs differently' },
  preemptionPolicy: scheduling,
  priority: scheduling,
  priorityClassName: scheduling,
  readinessGates: { local: 'the conditions are set by other controllers; container readiness is shown as is' },
  resourceClaims: { refused: 'dynamic resource allocation (devices) is not available on the local engine' },
  resources: { refused: 'pod-level resources are not applied; set requests and limits per container' },
  restartPolicy: HONOURED,
  runtimeClassName: { refused: 'another container runtime (a RuntimeClass such as gVisor or Kata) cannot be had on this engine' },
  schedulerName: scheduling,
  schedulingGates: { refused: 'a pod with scheduling gates stays Pending until a controller removes them; none runs here' },
  securityContext: HONOURED,
  serviceAccount: noApiServer,
  serviceAccountName: noApiServer,
  setHostnameAsFQDN: HONOURED,
  shareProcessNamespace: HONOURED,
  subdomain: HONOURED,
  terminationGracePeriodSeconds: HONOURED,
  tolerations: scheduling,
  topologySpreadConstraints: scheduling,
  volumes: HONOURED,
  workloadRef: scheduling,
};

export const CONTAINER_FIELDS: Record<string, Verdict> = {
  args: HONOURED,
  command: HONOURED,
  env: HONOURED,
  envFrom: HONOURED,
  image: HONOURED,
  imagePullPolicy: HONOURED,
  lifecycle: HONOURED,
  livenessProbe: HONOURED,
  name: HONOURED,
  ports: HONOURED,
  readinessProbe: HONOURED,
  resizePolicy: { local: 'it says how an in-place resize restarts the container; nothing is resized here' },
  resources: HONOURED,
  // On init containers `Always` makes a native sidecar; on regular containers (ContainerRestartRules,
  // KEP-5307) the plan refuses it itself.
  restartPolicy: HONOURED,
  restartPolicyRules: { refused: 'container restart rules (ContainerRestartRules) are not applied' },
  securityContext: HONOURED,
  startupProbe: HONOURED,
  stdin: HONOURED,
  stdinOnce: { local: 'nothing attaches to the container here, so there is no first attach to end' },
  targetContainerName: HONOURED,
  terminationMessagePath: { local: 'the termination message is not read back into the status' },
  terminationMessagePolicy: { local: 'the termination message is not read back into the status' },
  tty: HONOURED,
  volumeDevices: { refused: 'raw block devices need a block volume, which the local engine cannot give' },
  volumeMounts: HONOURED,
  workingDir: HONOURED,
};

const windowsOnly = { local: 'Windows settings; a Linux node ignores them' };

export const POD_SECURITY_FIELDS: Record<string, Verdict> = {
  appArmorProfile: HONOURED,
  fsGroup: HONOURED,
  fsGroupChangePolicy: { local: 'volumes are new for every pod here, so their ownership is set once either way' },
  runAsGroup: HONOURED,
  runAsNonRoot: HONOURED,
  runAsUser: HONOURED,
  seLinuxChangePolicy: { local: 'volumes are new for every pod here, so they are labelled once either way' },
  seLinuxOptions: HONOURED,
  seccompProfile: HONOURED,
  supplementalGroups: HONOURED,
  supplementalGroupsPolicy: {
    refusedUnless: (v) => v !== 'Strict',
    refused: "Strict (only the listed groups) cannot be had: the engine always adds the groups of the image's /etc/group",
  },
  sysctls: HONOURED,
  windowsOptions: windowsOnly,
};

export const CONTAINER_SECURITY_FIELDS: Record<string, Verdict> = {
  allowPrivilegeEscalation: HONOURED,
  appArmorProfile: HONOURED,
  capabilities: HONOURED,
  privileged: HONOURED,
  procMount: HONOURED,
  readOnlyRootFilesystem: HONOURED,
  runAsGroup: HONOURED,
  runAsNonRoot: HONOURED,
  runAsUser: HONOURED,
  seLinuxOptions: HONOURED,
  seccompProfile: HONOURED,
  windowsOptions: windowsOnly,
};

/** Reports each present field of `value` that `table` refuses, or does not know. */
function checkObject(value: Obj, table: Record<string, Verdict>, at: string, err: ReportProblem): void {
  for (const [field, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const verdict = table[field];
    const path = `${at}${at ? '.' : ''}${field}`;
    if (verdict === undefined) err(path, `${field} is not known to this version of podwright, so it cannot be applied.`);
    else if (typeof verdict === 'object' && 'refused' in verdict && !('refusedUnless' in verdict && verdict.refusedUnless(v))) {
      err(path, `${verdict.refused}.`);
    }
  }
}

/** Refuses, with their paths under the PodSpec, the fields the runtime cannot honour. */
export function refuseUnhonoured(spec: Obj, err: ReportProblem): void {
  checkObject(spec, POD_SPEC_FIELDS, '', err);
  checkObject(asObject(spec.securityContext), POD_SECURITY_FIELDS, 'securityContext', err);
  for (const list of ['initContainers', 'containers'] as const) {
    listOf(spec[list]).forEach((c, i) => {
      const container = asObject(c);
      checkObject(container, CONTAINER_FIELDS, `${list}[${i}]`, err);
      checkObject(asObject(container.securityContext), CONTAINER_SECURITY_FIELDS, `${list}[${i}].securityContext`, err);
    });
  }
}
