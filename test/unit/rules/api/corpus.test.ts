// The real-world manifests in test/fixtures/corpus: no API rule may call a valid one wrong. The README
// lists the genuinely wrong files; their mistakes are schema findings, not API-server ones, so no
// API rule reports an error on any corpus file. The deprecated volume plugins are warnings.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../../analysis/src/analyze';
import { API_RULES } from '../../../../analysis/src/rules/api';

const CORPUS = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'corpus');
const API_IDS = new Set(API_RULES.map((r) => r.id));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(name) ? [p] : [];
  });
}

test('corpus: no API rule reports an error, and none throws', { skip: existsSync(CORPUS) ? false : `no corpus at ${CORPUS}` }, () => {
  const files = yamlFiles(CORPUS);
  assert.ok(files.length >= 80, `expected the corpus's 82 files, found ${files.length}`);
  const errors: string[] = [];
  for (const f of files) {
    const { problems } = analyze(readFileSync(f, 'utf8'));
    for (const p of problems) {
      if ((API_IDS.has(p.rule) && p.severity === 'error') || p.rule === 'internal-error') {
        errors.push(`${relative(CORPUS, f)}: ${p.rule} ${p.path} ${p.message}`);
      }
    }
  }
  assert.deepEqual(errors, []);
});

test('corpus: deprecated volume plugins are warned about', { skip: existsSync(CORPUS) ? false : `no corpus at ${CORPUS}` }, () => {
  const cases: Array<[string, string, string]> = [
    ['kubernetes-examples/_archived/volumes/cephfs/cephfs.yaml', 'spec.volumes[0].cephfs', 'cephfs'],
    ['kubernetes-examples/_archived/volumes/glusterfs/glusterfs-pod.yaml', 'spec.volumes[0].glusterfs', 'glusterfs'],
    ['kubernetes-examples/_archived/volumes/storageos/storageos-pod.yaml', 'spec.volumes[0].storageos', 'storageos'],
  ];
  for (const [file, path, key] of cases) {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const ps = analyze(text).problems.filter((p) => p.rule === 'deprecated-volume-plugin');
    assert.equal(ps.length, 1, file);
    assert.equal(ps[0].severity, 'warning');
    assert.equal(ps[0].path, path);
    assert.equal(text.slice(ps[0].range.start, ps[0].range.end), key);
  }
});
