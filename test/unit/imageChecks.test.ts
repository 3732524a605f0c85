import { test } from 'node:test';
import assert from 'node:assert/strict';
// Image-aware checks: a manifest against the facts of the images on the engine, placed on fields.
import { imageProblems, imageUses } from '../../client/src/flows/imageChecks';
import { placeProblems } from '../../client/src/flows/runtimePlacement';
import type { ImageFacts } from '../../runtime/src';

const TEXT = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: root
      image: example/root:1
    - name: named
      image: example/named:1
    - name: numeric
      image: example/numeric:1
    - name: pinned
      image: example/root:1
      securityContext:
        runAsUser: 1000
    - name: local
      image: example/absent:1
      imagePullPolicy: Never
      securityContext:
        runAsNonRoot: false
`;

const facts = (user: string): ImageFacts => ({ id: `sha256:${user || 'root'}`, user, entrypoint: [], cmd: ['sh'], workingDir: '', exposedPorts: [] });

test('runAsNonRoot with a root or named image user, and Never with an absent image; runAsUser or a numeric user pass', () => {
  const uses = imageUses(TEXT);
  assert.deepEqual(uses.map((u) => [u.container, u.runAsNonRoot, u.runAsUser]), [
    ['root', 'pod', false],
    ['named', 'pod', false],
    ['numeric', 'pod', false],
    ['pinned', 'pod', true],
    ['local', undefined, false],
  ]);
  const known = new Map<string, ImageFacts | null>([
    ['example/root:1', facts('')],
    ['example/named:1', facts('app')],
    ['example/numeric:1', facts('1000:1000')],
    ['example/absent:1', null],
  ]);
  const placed = placeProblems(TEXT, imageProblems(uses, known));
  assert.deepEqual(
    placed.map((p) => [p.problem.container, p.problem.code, p.path, TEXT.slice(p.range.start, p.range.end)]),
    [
      ['root', 'CreateContainerConfigError', 'spec.securityContext.runAsNonRoot', 'true'],
      ['named', 'CreateContainerConfigError', 'spec.securityContext.runAsNonRoot', 'true'],
      ['local', 'ErrImageNeverPull', 'spec.containers[4].image', 'example/absent:1'],
    ],
  );
  assert.match(placed[0].problem.message, /^Container root has runAsNonRoot and image "example\/root:1" runs as root \(no USER\): the kubelet would refuse/);
  assert.match(placed[1].problem.message, /non-numeric user \(app\)/);
});
