// The kinds the editor applies and what each one allows, in one place for the CodeLens, the Pods
// view's menus and the flows.

/** Kinds whose controller runs pods from a template. */
export const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

/** Kinds that only hold data for the pods: applied, never run. */
export const DATA_KINDS: readonly string[] = ['ConfigMap', 'Secret', 'PersistentVolumeClaim'];

/** What ▶ Apply stores (bare Pods keep ▶ Run pod). */
export const APPLY_KINDS: readonly string[] = [...WORKLOAD_KINDS, ...DATA_KINDS];

/** `kubectl scale` kinds: they have spec.replicas (pkg/kubectl/cmd/scale, the scale subresource). */
export const SCALABLE_KINDS: readonly string[] = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];

/**
 * `kubectl rollout restart` kinds (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/objectrestarter.go):
 * a ReplicaSet's controller never replaces its pods for a changed template, so restarting it would
 * change nothing.
 */
export const RESTARTABLE_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** `kubectl rollout pause|resume` kinds (objectpauser.go): only a Deployment's controller pauses. */
export const PAUSABLE_KINDS: readonly string[] = ['Deployment'];

/** `kubectl create job --from=cronjob/NAME`. */
export const TRIGGERABLE_KINDS: readonly string[] = ['CronJob'];
