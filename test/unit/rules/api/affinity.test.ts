import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { at, problemsOf } from './helpers';

const RULE = 'affinity';

test('affinity and topology spread inside a Deployment: operators, weights, topologyKey, maxSkew, duplicates', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: disktype, operator: In}
              - {key: gpu, operator: Exists, values: ["true"]}
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 0
            preference:
              matchExpressions:
              - {key: cores, operator: Gt, values: ["4", "8"]}
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: web}}
            topologyKey: ""
      topologySpreadConstraints:
      - {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {}}
      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {}, minDomains: 2}
      containers:
      - name: app
        image: nginx
`;
  const ps = problemsOf(text, RULE);
  const base = 'spec.template.spec.';
  assert.deepEqual(ps.map((p) => [p.path.replace(base, ''), at(text, p)]), [
    ['affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator', 'In'],
    ['affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values', 'values'],
    ['affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight', '0'],
    ['affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].operator', 'Gt'],
    ['affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey', '""'],
    ['topologySpreadConstraints[0].maxSkew', '0'],
    ['topologySpreadConstraints[1].topologyKey', 'zone'],
    ['topologySpreadConstraints[1].minDomains', 'minDomains'],
  ]);
  for (const p of ps) assert.equal(p.severity, 'error');
});
