// The describers of the workload kinds that the CLI tests do not start (they need a StatefulSet's
// claims or a DaemonSet's node): the text kubectl prints for them, from a description as
// runtime/src/workloads/describeObject.ts makes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectDescription, PodStatus, StoredObject } from '../../runtime/src';
import { describeDeploymentReplicaSet, describeObject } from '../../runtime/src/workloads/describeObject';
import { freshStatus } from '../../runtime/src/workloads/objectStatus';
import { describeWorkloadText, selectorText } from '../../runtime/src/text/describeWorkload';

const NOW = Date.parse('2026-01-02T03:04:05Z');

function object(kind: string, name: string, spec: Record<string, unknown>): StoredObject {
  return {
    kind,
    apiVersion: 'apps/v1',
    metadata: { name, namespace: 'shop', uid: 'u-1', generation: 1, creationTimestamp: '2026-01-02T03:00:00Z', labels: { app: name } },
    body: { spec },
    manifest: '/tmp/x.yaml',
    hash: 'h',
    options: {},
    record: 'r',
  } as unknown as StoredObject;
}

const template = (name: string) => ({
  metadata: { labels: { app: name } },
  spec: {
    containers: [
      {
        name: 'db',
        image: 'postgres:16',
        ports: [{ containerPort: 5432 }],
        env: [{ name: 'PGDATA', value: '/data/pg' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
        livenessProbe: { tcpSocket: { port: 5432 }, periodSeconds: 5 },
      },
    ],
    volumes: [{ name: 'scratch', emptyDir: {} }],
  },
});

test('describe statefulset: replicas, update strategy, pods by phase, the template and its claims', () => {
  const d: ObjectDescription = {
    object: object('StatefulSet', 'db', {
      replicas: 3,
      selector: { matchLabels: { app: 'db' } },
      template: template('db'),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    }),
    status: undefined,
    counts: { desired: 3, total: 2 },
    selector: { matchLabels: { app: 'db' } },
    templateLabels: { app: 'db' },
    templateVolumes: [{ name: 'scratch', kind: 'emptyDir', medium: '' }],
    phases: { running: 1, waiting: 1, succeeded: 0, failed: 0 },
    events: [{ type: 'Normal', reason: 'SuccessfulCreate', from: 'statefulset-controller', message: 'create Pod db-1 in StatefulSet db successful', count: 1, firstTimestamp: '2026-01-02T03:03:05Z', lastTimestamp: '2026-01-02T03:03:05Z' }],
  };
  const text = describeWorkloadText(d, NOW).replace(/CreationTimestamp: .*/, 'CreationTimestamp: T');
  assert.equal(
    text,
    `Name:               db
Namespace:          shop
CreationTimestamp: T
Labels:             app=db
Annotations:        <none>
Selector:           app=db
Replicas:           3 desired | 2 total
Update Strategy:    RollingUpdate
  Partition:        0
Pods Status:        1 Running / 1 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=db
  Containers:
   db:
    Image:      postgres:16
    Port:       5432/TCP
    Host Port:  0/TCP
    Liveness:   tcp-socket :5432 delay=0s timeout=1s period=5s #success=1 #failure=3
    Environment:
      PGDATA:  /data/pg
      POD:      (v1:metadata.name)
    Mounts:
      /data from data (rw)
  Volumes:
   scratch:
    Type:          EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:        
    SizeLimit:     <unset>
  Node-Selectors:  <none>
  Tolerations:     <none>
Volume Claims:
  Name:          data
  StorageClass:  
  Capacity:      1Gi
  Access Modes:  [ReadWriteOnce]
Events:
  Type    Reason            Age   From                    Message
  ----    ------            ----  ----                    -------
  Normal  SuccessfulCreate  60s   statefulset-controller  create Pod db-1 in StatefulSet db successful
`,
  );
});

test('describe daemonset: the node counters of the one node, and a selector with expressions', () => {
  const d: ObjectDescription = {
    object: object('DaemonSet', 'agent', { selector: { matchLabels: { app: 'agent' } }, template: { ...template('agent'), spec: { ...template('agent').spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } }),
    status: undefined,
    counts: { desired: 1, current: 1, upToDate: 1, available: 0, misscheduled: 0 },
    selector: { matchLabels: { app: 'agent' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'canary', operator: 'DoesNotExist' }] },
    templateLabels: { app: 'agent' },
    templateVolumes: [{ name: 'scratch', kind: 'emptyDir', medium: '' }],
    phases: { running: 0, waiting: 1, succeeded: 0, failed: 0 },
    events: [],
  };
  const lines = describeWorkloadText(d, NOW).split('\n');
  for (const expected of [
    'Selector:                                        app=agent,tier in (a,b),!canary',
    'Node-Selector:                                   kubernetes.io/os=linux',
    'Desired Number of Nodes Scheduled:               1',
    'Current Number of Nodes Scheduled:               1',
    'Number of Nodes Scheduled with Up-to-date Pods:  1',
    'Number of Nodes Scheduled with Available Pods:   0',
    'Number of Nodes Misscheduled:                    0',
    'Pods Status:                                     0 Running / 1 Waiting / 0 Succeeded / 0 Failed',
    '  Node-Selectors:  kubernetes.io/os=linux',
    'Events:            <none>',
  ]) {
    assert.ok(lines.includes(expected), `no line ${JSON.stringify(expected)} in:\n${lines.join('\n')}`);
  }
  assert.equal(selectorText({}), '<none>');
});

test("describe rs of a Deployment's ReplicaSet: the ReplicaSet as the API has it, its pods, its pods' events", () => {
  const deployment = object('Deployment', 'web', { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template('web') });
  const hash = '5d8f9b7c4';
  const labelled = { ...template('web'), metadata: { labels: { app: 'web', 'pod-template-hash': hash } } };
  const sets = [
    { hash: 'aaaa', name: 'web-aaaa', replicas: 0, revision: 1, created: NOW - 600_000, template: template('web') },
    { hash, name: `web-${hash}`, replicas: 2, revision: 2, created: NOW - 300_000, template: labelled },
  ];
  const event = (message: string, reason = 'SuccessfulCreate') => ({ time: '2026-01-02T03:02:05Z', type: 'Normal' as const, reason, message });
  const status = { ...freshStatus(deployment), replicaSets: sets, events: [event(`Scaled up replica set web-${hash} to 2`, 'ScalingReplicaSet'), event(`Created pod: web-${hash}-x2x7k`), event('Created pod: web-aaaa-q9q9q'), event(`Deleted pod: web-${hash}-zzzzz`, 'SuccessfulDelete'), { ...event(`Error creating: pods "web-${hash}-": PortInUse: host port 8080 on 127.0.0.1 is already in use`, 'FailedCreate'), type: 'Warning' as const }] };
  const pod = (name: string, phase: string, h: string) => ({ name, phase, labels: { 'pod-template-hash': h }, terminating: false }) as unknown as PodStatus;
  const d = describeDeploymentReplicaSet(deployment, status, [pod(`web-${hash}-x2x7k`, 'Running', hash), pod(`web-${hash}-b3b3b`, 'Pending', hash), pod('web-aaaa-q9q9q', 'Running', 'aaaa')], `web-${hash}`);
  assert.ok(d);
  assert.equal(describeDeploymentReplicaSet(deployment, status, [], 'web-none'), undefined);
  const text = describeWorkloadText(d, NOW);
  assert.equal(
    text.slice(0, text.indexOf('Pod Template:')),
    `Name:           web-${hash}
Namespace:      shop
Selector:       app=web,pod-template-hash=${hash}
Labels:         app=web
                pod-template-hash=${hash}
Annotations:    deployment.kubernetes.io/desired-replicas: 2
                deployment.kubernetes.io/max-replicas: 3
                deployment.kubernetes.io/revision: 2
Controlled By:  Deployment/web
Replicas:       2 current / 2 desired
Pods Status:    1 Running / 1 Waiting / 0 Succeeded / 0 Failed
`,
  );
  // Its own pods' events only, by the replicaset-controller; the Deployment keeps its scaling event.
  assert.equal(
    text.slice(text.indexOf('Events:')),
    `Events:
  Type     Reason            Age   From                   Message
  ----     ------            ----  ----                   -------
  Normal   SuccessfulCreate  2m    replicaset-controller  Created pod: web-${hash}-x2x7k
  Normal   SuccessfulDelete  2m    replicaset-controller  Deleted pod: web-${hash}-zzzzz
  Warning  FailedCreate      2m    replicaset-controller  Error creating: pods "web-${hash}-": PortInUse: host port 8080 on 127.0.0.1 is already in use
`,
  );
  const own = describeObject(deployment, status, []);
  assert.deepEqual(own.events.map((e) => [e.reason, e.from]), [['ScalingReplicaSet', 'deployment-controller']]);
});
