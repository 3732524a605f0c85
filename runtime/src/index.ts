// The pod runtime's one front door. It runs Kubernetes pods on a Docker engine with pod semantics
// (an infra container holding the namespaces, init containers in order, native sidecars, restarts
// with the kubelet's back-off, probes) and keeps nothing but the engine's labels and a state folder.
// Callers never see dockerode: they get plans, statuses, log lines, exec sessions and typed failures.

// From manifest text to pod plans (the analysis checks the text first).
import type * as Plan from './plan';
export type { PlanOptions, PlanResult, PlanProblem, PlanProblemCode } from './plan';
/**
 * Loaded on first use, with the analysis behind it: the commands that only find, stop or read pods
 * (`podwright stop`, `ps`, `logs`, `exec`) start without it.
 */
export function planManifest(...args: Parameters<typeof Plan.planManifest>): ReturnType<typeof Plan.planManifest> {
  return (require('./plan') as typeof Plan).planManifest(...args);
}
export type { PodPlan, ContainerPlan, PlanVolume, PlanPort, PlanEnv, PlanMount, Probe, Hook } from './types';

// Running, watching and stopping pods.
export { PodRuntime, parsePodSelector } from './runtime';
export type { RuntimeOptions, RunOptions, RunOutcome, RunResult, StartFailure, PodSelector, PodRefEntry, LogOptions, Watch } from './runtime';
export { ContainerFiles, NoSuchPath } from './copy';
export { humanDuration, podConditions, type PodStatus, type ContainerStatus, type EphemeralStatus, type Phase } from './status';
export type { PodEvent, StatusRecord } from './state';
export type { StoppedPod } from './stoppedPods';
export type { PodDescription, ContainerDescription, ContainerStateView, TerminatedView, ConditionView, EventView } from './describe';
export type { EnvDetail, EnvFromDetail, VolumeDetail, Toleration, SeccompDetail } from './detail';
export type { DebugOptions, DebugSession } from './debug';
export type { ImageFacts } from './imageFacts';
export type { ContainerUsage } from './usage';
export type { PortView } from './engineView';
export type { LogLine, ExecOptions, ExecSession, StreamName } from './streams';
export type { PullProgress } from './images';
export { KUBELET_BACKOFF, type BackoffOptions } from './backoff';

// Failures, as values.
export { RuntimeError, isRuntimeError, describeFailure, type RuntimeFailure, type FailureCode, type PodKey } from './errors';

// Workloads run by their controllers (loaded with PodRuntime.workloads, on first use).
export type { Workloads, ObjectRef, ObjectView } from './workloads/api';
export type { Revision } from './workloads/rollouts';
export type { ApplyDocument } from './workloads/apply';
export type { StoredObject, ApplyOptions, OwnerReference } from './workloads/records';
export type { ObjectStatus, Condition, ReplicaSetStatus, TrackedPod, ActiveJob } from './workloads/objectStatus';
export type { ClaimInfo } from './workloads/claims';
export type { ServiceView, ServicePortView, ServiceEndpointView } from './workloads/serviceViews';
export { newReplicaSet, type Summary } from './workloads/summary';
export { controllerOf, replicaSetOfEvent, type ControllerRef } from './workloads/replicaSets';
export { eventSource } from './workloads/eventSources';
export type { ObjectDescription } from './workloads/describeObject';
// kubectl describe's text, for the CLI and the editor alike.
export { describePodText } from './text/describePod';
export { describeWorkloadText, DESCRIBED_KINDS, revisionTemplateText } from './text/describeWorkload';
export { TabWriter } from './text/tabbed';
export type { ControllerManager, ManagerOptions } from './workloads/manager';
