// Every rule a problem can carry has a page, and the README lists it.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../../analysis/src/rules';

const root = join(__dirname, '..', '..', '..');

test('every rule has a page in docs/rules named after its id, starting with its id', () => {
  const missing = ALL_RULES.filter((r) => !existsSync(join(root, 'docs', 'rules', `${r.id}.md`))).map((r) => r.id);
  assert.deepEqual(missing, []);
  for (const r of ALL_RULES) {
    const page = readFileSync(join(root, 'docs', 'rules', `${r.id}.md`), 'utf8');
    assert.equal(page.split('\n')[0], `# ${r.id}`, `docs/rules/${r.id}.md title`);
  }
});

test('rule ids are unique and kebab-case', () => {
  const ids = ALL_RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
});

test('the README lists every rule with a link to its page', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const unlisted = ALL_RULES.filter((r) => !readme.includes(`[${r.id}](docs/rules/${r.id}.md)`)).map((r) => r.id);
  assert.deepEqual(unlisted, []);
});

test("the README's Commands table names every command a person can reach", () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string; when?: string }[]> };
  };
  const menus = Object.entries(manifest.contributes.menus);
  // Reachable: shown in some menu other than the palette, or in the palette unless hidden there.
  const reachable = manifest.contributes.commands.filter(({ command }) => {
    const palette = menus.find(([m]) => m === 'commandPalette')?.[1].find((i) => i.command === command);
    return (!palette || palette.when !== 'false') || menus.some(([m, items]) => m !== 'commandPalette' && items.some((i) => i.command === command));
  });
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('### Commands'), readme.indexOf('### Settings'));
  const rows = new Set([...table.matchAll(/^\| ([^|]+?) \|/gm)].map((m) => m[1]));
  assert.deepEqual(reachable.map((c) => c.title).filter((t) => !rows.has(t)), []);
});
