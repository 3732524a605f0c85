// The committed schemas are what the generator makes from the OpenAPI documents: nobody edited them
// by hand, and nobody changed the generator without regenerating.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const OPENAPI = join(ROOT, 'third_party', 'kubernetes-openapi');

test('npm run schemas reproduces the committed schemas/', { skip: existsSync(OPENAPI) ? false : `no ${OPENAPI}` }, () => {
  const out = mkdtempSync(join(tmpdir(), 'podwright-schemas-'));
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'generateSchemas.mjs'), '--openapi', OPENAPI, '--out', out], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const generated = readdirSync(out).sort();
    assert.deepEqual(generated, [
      'README.md',
      'fieldPaths-1.31.json',
      'fieldPaths-1.33.json',
      'fieldPaths-1.35.json',
      'kubernetes-1.31.json',
      'kubernetes-1.33.json',
      'kubernetes-1.35.json',
      'validators-1.31.js',
      'validators-1.33.js',
      'validators-1.35.js',
    ]);
    for (const name of generated) {
      assert.ok(readFileSync(join(out, name)).equals(readFileSync(join(ROOT, 'schemas', name))), `schemas/${name} is stale`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
