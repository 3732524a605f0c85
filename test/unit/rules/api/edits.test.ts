import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyEdits } from '../../../../analysis/src/edits';
import { addKeyLine, removeKey } from '../../../../analysis/src/rules/api/edits';
import { parseYaml } from '../../../../analysis/src/yamlModel';

function src(text: string) {
  const file = parseYaml(text);
  return { file, document: file.documents[0] };
}

function remove(text: string, path: (string | number)[]): string | null {
  const e = removeKey(src(text), path);
  return e ? applyEdits(text, [e]) : null;
}

test('removeKey takes a key with its block value, in the middle, at the end, and first behind a dash', () => {
  const text = 'c:\n- name: a\n  probe:\n    exec: {command: [x]}\n    periodSeconds: 3\n  image: b\n';
  assert.equal(remove(text, ['c', 0, 'probe']), 'c:\n- name: a\n  image: b\n');
  assert.equal(remove(text, ['c', 0, 'image']), 'c:\n- name: a\n  probe:\n    exec: {command: [x]}\n    periodSeconds: 3\n');
  assert.equal(remove(text, ['c', 0, 'name']), 'c:\n- probe:\n    exec: {command: [x]}\n    periodSeconds: 3\n  image: b\n');
  // The only key of an item, and flow mappings, are left alone.
  assert.equal(remove('c:\n- name: a\n', ['c', 0, 'name']), null);
  assert.equal(remove('c: {a: 1, b: 2}\n', ['c', 'a']), null);
  // A text without a final newline.
  assert.equal(remove('a: 1\nb: 2', ['b']), 'a: 1\n');
});

test('addKeyLine writes after the name entry at the mapping indentation, or at the end', () => {
  const text = 'c:\n  - name: a\n    image: b\n';
  const e = addKeyLine(src(text), ['c', 0], 'restartPolicy: Always');
  assert.ok(e);
  assert.equal(applyEdits(text, [e]), 'c:\n  - name: a\n    restartPolicy: Always\n    image: b\n');
  const noName = 'spec:\n  containers: []\n  hostNetwork: true';
  const e2 = addKeyLine(src(noName), ['spec'], 'restartPolicy: Never');
  assert.ok(e2);
  assert.equal(applyEdits(noName, [e2]), 'spec:\n  containers: []\n  hostNetwork: true\n  restartPolicy: Never\n');
  assert.equal(addKeyLine(src('c: {name: a}\n'), ['c'], 'x: 1'), null);
});
