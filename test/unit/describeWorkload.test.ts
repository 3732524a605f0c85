// The describers of the workload kinds that the CLI tests do not start (they need a StatefulSet's
// claims or a DaemonSet's node): the text kubectl prints for them, from a description as
// runtime/src/workloads/describeObject.ts makes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectDescription, StoredObject } from '../../runtime/src';
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
