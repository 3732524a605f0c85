// Whatever a document holds, a problem's message and path stay short: quoted values are cut to 60
// characters and "…" (quote.ts), deep paths keep their first and last segments, and checks on long
// values run in linear time (no backtracking pattern on a value).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../analysis/src/analyze';
import { isPlaceholder } from '../../analysis/src/rules/api/support';
import { displayPath, withShortWords } from '../../analysis/src/quote';

/** A pod (and a ConfigMap) where every `@hole` is the same long value. */
const TEMPLATE = `apiVersion: v1
kind: Pod
metadata:
  name: @
  namespace: @
  labels:
    @: @
  annotations:
    @: @
spec:
  hostname: @
  subdomain: @
  serviceAccountName: @
  nodeName: @
  priorityClassName: @
  nodeSelector:
    @: x
  volumes:
  - name: @
    configMap:
      name: cfg
      items:
      - key: @
        path: @
  - name: @
    hostPath: {path: @}
  containers:
  - name: @
    image: @
    imagePullPolicy: @
    command: [@]
    workingDir: @
    env:
    - name: @
      value: @
    - name: B
      valueFrom:
        configMapKeyRef: {name: cfg, key: @}
        fieldRef: {fieldPath: @}
    ports:
    - name: @
      containerPort: 80
      protocol: @
    - name: @
      containerPort: 81
    volumeMounts:
    - name: @
      mountPath: @
      subPath: @
    resources:
      limits: {cpu: @, memory: @, @: 1}
    readinessProbe:
      httpGet: {path: @, port: @, host: @}
    securityContext:
      capabilities: {add: [@]}
  - name: @
    image: nginx:1.27
    ports:
    - name: @
      containerPort: 80
    @: 1
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  @: x
`;

const VALUES = ['x', '{', '{{', '${', 'A_', '-', '.', '0', '1e', 'Mi', 'a b'];

test('a 20,000-character value in any field: every message and path stays short', () => {
  for (const unit of VALUES) {
    const long = unit.repeat(Math.ceil(20_000 / unit.length)).slice(0, 20_000);
    const text = TEMPLATE.replaceAll('@', JSON.stringify(long));
    const { problems } = analyze(text);
    assert.ok(problems.length > 5, `${unit}: ${problems.length} problems`);
    for (const p of problems) {
      assert.ok(p.message.length <= 400, `${unit}: ${p.rule} message of ${p.message.length}: ${p.message.slice(0, 200)}`);
      assert.ok(p.path.length <= 200, `${unit}: ${p.rule} path of ${p.path.length}: ${p.path.slice(0, 200)}`);
      for (const r of p.related ?? []) assert.ok(r.message.length <= 400, `${unit}: ${p.rule} related ${r.message.slice(0, 200)}`);
    }
  }
});

test('a 10 MB unknown key is quoted once, shortened, in the message and the path', () => {
  const key = 'k'.repeat(10 * 1024 * 1024);
  const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n  ${key}: 1\n`;
  const p = analyze(text).problems.find((x) => x.rule === 'schema-unknown-field');
  assert.ok(p);
  assert.equal(p.message, `Unknown field '${'k'.repeat(60)}…' in PodSpec.`);
  // An unknown field of PodSpec is a field, written with a dot as the API server writes it.
  assert.equal(p.path, `spec.${'k'.repeat(60)}…`);
  assert.equal(p.range.end - p.range.start, key.length);
});

test('a deep path keeps its first ten and last six segments', () => {
  assert.equal(displayPath(['spec', 'containers', 0, 'ports', 0, 'containerPort']), 'spec.containers[0].ports[0].containerPort');
  const deep = ['spec', 'x', ...Array<number>(300).fill(0), 'name'];
  assert.equal(displayPath(deep), `spec.x${'[0]'.repeat(8)}…${'[0]'.repeat(5)}.name`);
  // A syntax error two hundred levels down is reported with such a path.
  const text = `a: ${'['.repeat(200)}b: c: d${']'.repeat(200)}\n`;
  const errors = analyze(text).problems.filter((p) => p.rule === 'yaml-syntax');
  assert.ok(errors.length > 0);
  for (const e of errors) assert.ok(e.path.length < 100, e.path);
  assert.ok(errors.some((e) => e.path.includes('…')), errors.map((e) => e.path).join(' | '));
});

test('the last line of defence cuts any long word of a message', () => {
  assert.equal(withShortWords(`bad ${'z'.repeat(100)} value`), `bad ${'z'.repeat(60)}… value`);
  assert.equal(withShortWords('short message'), 'short message');
  // At the start, at the end, exactly 80 and 81 characters, and words apart by other blanks or quotes.
  const z = (n: number) => 'z'.repeat(n);
  assert.equal(withShortWords(`${z(100)} is bad`), `${z(60)}… is bad`);
  assert.equal(withShortWords(`this is bad: ${z(100)}`), `this is bad: ${z(60)}…`);
  assert.equal(withShortWords(`a ${z(80)} b`), `a ${z(80)} b`);
  assert.equal(withShortWords(`a ${z(81)} b`), `a ${z(60)}… b`);
  const blanks = `${z(50)}\t${z(50)}'${z(50)}\n${z(50)}`;
  assert.equal(withShortWords(blanks), blanks);
  assert.equal(withShortWords(`${z(50)}\t${z(81)}`), `${z(50)}\t${z(60)}…`);
  const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
  assert.equal(withShortWords(words), words);
});

test('placeholders are recognised in linear time: a long run of braces is not one', () => {
  assert.equal(isPlaceholder('{{ .Values.name }}'), true);
  assert.equal(isPlaceholder('vttablet-{{uid}}'), true);
  assert.equal(isPlaceholder('${NAME}'), true);
  assert.equal(isPlaceholder('a{{b\n}}'), false);
  assert.equal(isPlaceholder('${NAME'), false);
  assert.equal(isPlaceholder('{'.repeat(1_000_000)), false);
  assert.equal(isPlaceholder('${'.repeat(500_000)), false);
  assert.equal(isPlaceholder(`${'{{'.repeat(300_000)}}}`), true);
});
