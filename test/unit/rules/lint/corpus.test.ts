// Real manifests written by others (test/fixtures/corpus): the lint rules may speak only where there is
// something to say. Each expected hit below was read and judged right (see docs/rules/).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../../analysis/src/analyze';
import { LINT_RULES } from '../../../../analysis/src/rules/lint';

const CORPUS = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'corpus');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(name) ? [p] : [];
  });
}

const LINT_IDS = new Set(LINT_RULES.filter((r) => r.category === 'lint').map((r) => r.id));

test('corpus: the lint rules flag only what is worth flagging, and never fail', { skip: existsSync(CORPUS) ? false : `no corpus at ${CORPUS}` }, () => {
  const files = walk(CORPUS);
  assert.ok(files.length >= 80, `corpus has ${files.length} files`);
  const hits: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const p of analyze(text).problems) {
      if (p.rule === 'internal-error') assert.fail(`${f}: ${p.message}`);
      if (LINT_IDS.has(p.rule)) hits.push(`${relative(CORPUS, f)} ${p.severity} ${p.rule} ${p.path}`);
    }
  }
  assert.deepEqual(hits, [
    // The container declares no ports; the probe's 8080 is where the app listens. Right as info.
    'kubernetes-website/pods/probe/http-liveness.yaml info probe-port-undeclared spec.containers[0].livenessProbe.httpGet.port',
  ]);
});
