// The extension's menus against the lists they must follow: a kind the runtime describes or whose
// pods the workload logs follow has its item on that kind's node, and no item is listed twice
// (VS Code shows a menu item once per entry, so a copied entry shows the item twice).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DESCRIBED_KINDS } from '../../runtime/src';
import { DESCRIBED_KINDS as EDITOR_DESCRIBED_KINDS } from '../../client/src/flows/runtimeApi';
import { LOGGED_KINDS } from '../../client/src/flows/workloadLogs';

const root = join(__dirname, '..', '..', '..');
type Item = { command: string; when?: string; group?: string };
const menus = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, Item[]> } }).contributes.menus;

/** The object kinds (lower case) whose Pods view node shows `command` in its context menu. */
function kindsWith(command: string): string[] {
  const items = menus['view/item/context'].filter((i) => i.command === command && !i.group?.startsWith('inline'));
  const kinds = ['deployment', 'replicaset', 'replicationcontroller', 'statefulset', 'daemonset', 'job', 'cronjob', 'service', 'configmap', 'secret'];
  return kinds.filter((k) =>
    items.some((i) => {
      const m = /viewItem =~ \/(.+)\/$/.exec(i.when ?? '');
      return m && new RegExp(m[1]).test(`podwright.object ${k} applied`);
    }),
  );
}

test('Describe is on the node of every kind the runtime describes, and Show Workload Logs on every kind that makes pods', () => {
  assert.deepEqual(kindsWith('podwright.describe'), DESCRIBED_KINDS.map((k) => k.toLowerCase()).sort((a, b) => kindOrder(a) - kindOrder(b)));
  assert.deepEqual(kindsWith('podwright.workload.logs'), LOGGED_KINDS.map((k) => k.toLowerCase()));
});

const ORDER = ['deployment', 'replicaset', 'replicationcontroller', 'statefulset', 'daemonset', 'job', 'cronjob', 'service'];
const kindOrder = (k: string) => ORDER.indexOf(k);

test("the editor's describable kinds are the runtime's (kept apart so that activation does not load the runtime)", () => {
  assert.deepEqual(EDITOR_DESCRIBED_KINDS, DESCRIBED_KINDS);
});

test('no menu lists the same item twice', () => {
  for (const [menu, items] of Object.entries(menus)) {
    const seen = new Set<string>();
    for (const i of items) {
      const key = JSON.stringify([i.command, i.when, i.group]);
      assert.ok(!seen.has(key), `${menu}: ${key} is listed twice`);
      seen.add(key);
    }
  }
});
