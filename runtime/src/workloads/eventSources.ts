// Which component records the events of each kind of object (an Event's source.component, the From
// column of describe): apart, so that the CLI's get events can name it without loading the analysis.
/** The component each kind's events come from (the From column). */
const FROM: Record<string, string> = {
  Deployment: 'deployment-controller',
  StatefulSet: 'statefulset-controller',
  DaemonSet: 'daemonset-controller',
  Job: 'job-controller',
  CronJob: 'cronjob-controller',
  ReplicaSet: 'replicaset-controller',
  ReplicationController: 'replication-controller',
  PersistentVolumeClaim: 'persistentvolume-controller',
  Service: 'service-controller',
};

/** The component that records a kind's events (an Event's source.component). */
export function eventSource(kind: string): string {
  return FROM[kind] ?? `${kind.toLowerCase()}-controller`;
}
