// The snippets a newcomer starts from must run as written: a published port that `npm start`'s own
// VS Code Server listens on (8080, scripts/start.mjs) made the first pod fail with a long Docker
// "userland proxy" message.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');

test("no snippet publishes a host port the product itself uses", () => {
  const snippets = JSON.parse(readFileSync(join(ROOT, 'snippets', 'kubernetes.code-snippets'), 'utf8')) as Record<string, { body: string[] }>;
  const start = readFileSync(join(ROOT, 'scripts', 'start.mjs'), 'utf8');
  const ours = [...start.matchAll(/return (\d{4,5});/g)].map((m) => Number(m[1]));
  assert.deepEqual(ours, [8080], "npm start's default port, as start.mjs chooses it");
  const published = Object.entries(snippets).flatMap(([name, s]) =>
    s.body.flatMap((line) => [...line.matchAll(/hostPort: \$\{\d+:(\d+)\}|hostPort: (\d+)/g)].map((m) => [name, Number(m[1] ?? m[2])] as const)),
  );
  assert.ok(published.length > 0, 'the Pod snippet publishes a port, for Open in Browser');
  for (const [name, port] of published) assert.ok(!ours.includes(port) && port >= 30000, `${name} publishes ${port}`);
});
