import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { addLineToItem, applyEdits, insertSeqItem, removeSeqItem, replaceScalar, seqItemText } from '../../../../analysis/src/edits';
import { parseYaml } from '../../../../analysis/src/yamlModel';
import type { TextEdit } from '../../../../analysis/src/types';

function src(text: string) {
  const file = parseYaml(text);
  return { file, document: file.documents[0] };
}

function must(e: TextEdit | null): TextEdit {
  assert.ok(e, 'expected an edit');
  return e;
}

test('moving a block item to a new key keeps the source indentation style', () => {
  const text = 'spec:\n  containers:\n    - name: a\n      image: a\n    - name: b   # helper\n      image: b\n      args: [x]\n';
  const s = src(text);
  const item = seqItemText(s, ['spec', 'containers'], 1);
  assert.equal(item, '- name: b   # helper\n  image: b\n  args: [x]\n');
  const edits = [
    must(removeSeqItem(s, ['spec', 'containers'], 1)),
    must(insertSeqItem(s, ['spec'], 'initContainers', addLineToItem(item ?? '', 'restartPolicy: Always'), { before: 'containers', styleLike: ['spec', 'containers'] })),
  ];
  assert.equal(
    applyEdits(text, edits),
    'spec:\n  initContainers:\n    - name: b   # helper\n      restartPolicy: Always\n      image: b\n      args: [x]\n  containers:\n    - name: a\n      image: a\n',
  );
});

test('an item is appended after the last one of an existing sequence, at its dash column', () => {
  const text = 'spec:\n  initContainers:\n  - name: i\n    image: i\n  containers:\n  - name: a\n    image: a\n';
  const s = src(text);
  const e = must(insertSeqItem(s, ['spec'], 'initContainers', '- name: n\n  image: n\n'));
  assert.equal(applyEdits(text, [e]), 'spec:\n  initContainers:\n  - name: i\n    image: i\n  - name: n\n    image: n\n  containers:\n  - name: a\n    image: a\n');
});

test('an empty sequence value is replaced by a block sequence', () => {
  const text = 'spec:\n  initContainers: []\n  containers:\n  - name: a\n';
  const s = src(text);
  const e = must(insertSeqItem(s, ['spec'], 'initContainers', '- name: n\n', { styleLike: ['spec', 'containers'] }));
  assert.equal(applyEdits(text, [e]), 'spec:\n  initContainers:\n  - name: n\n  containers:\n  - name: a\n');
});

test('flow sequences get no edit rather than a wrong one', () => {
  const s = src('spec:\n  containers: [{name: a}, {name: b}]\n');
  assert.equal(removeSeqItem(s, ['spec', 'containers'], 1), null);
  assert.equal(seqItemText(s, ['spec', 'containers'], 1), null);
});

test('replaceScalar edits only the scalar', () => {
  const text = 'a:\n  port: 80 # web\n';
  const e = must(replaceScalar(src(text), ['a', 'port'], '81'));
  assert.equal(applyEdits(text, [e]), 'a:\n  port: 81 # web\n');
  assert.equal(replaceScalar(src(text), ['a'], 'x'), null);
});

test('leading comments move with an item when asked, and the added line goes after the dash line', () => {
  const text = 'l:\n  - a: 1\n  # about b\n  #   more\n  - b: 2\n    c: 3\n';
  const s = src(text);
  assert.equal(applyEdits(text, [must(removeSeqItem(s, ['l'], 1))]), 'l:\n  - a: 1\n  # about b\n  #   more\n');
  assert.equal(applyEdits(text, [must(removeSeqItem(s, ['l'], 1, { withLeadingComments: true }))]), 'l:\n  - a: 1\n');
  const item = seqItemText(s, ['l'], 1, { withLeadingComments: true }) ?? '';
  assert.equal(item, '# about b\n#   more\n- b: 2\n  c: 3\n');
  assert.equal(addLineToItem(item, 'x: y'), '# about b\n#   more\n- b: 2\n  x: y\n  c: 3\n');
});
