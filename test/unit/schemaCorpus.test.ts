// The schema against manifests nobody on this project wrote (test/fixtures/corpus, see its README).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../analysis/src/analyze';

const CORPUS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

/** `rule path text` of each schema problem in a corpus file. */
function schemaFindings(file: string, version = '1.35'): string[] {
  const text = readFileSync(file, 'utf8');
  return analyze(text, { kubernetesVersion: version })
    .problems.filter((p) => p.rule.startsWith('schema-'))
    .map((p) => `${p.rule} ${p.path} ${text.slice(p.range.start, p.range.end)}`);
}

// The corpus README's schema mistakes, plus two it does not list: `protocol: tcp` is rejected by the
// API server (`validateContainerPorts`: supportedPortProtocols is TCP, UDP, SCTP, case-sensitive).
const KNOWN_WRONG: Record<string, string[]> = {
  'kubernetes-examples/_archived/volumes/scaleio/pod.yaml': [
    'schema-unknown-field spec.volumes[0].scaleIO.protectionDoamin protectionDoamin',
  ],
  'kubernetes-examples/_archived/volumes/rbd/rbd.yaml': [
    'schema-unknown-field spec.volumes[0].rbd.imageformat imageformat',
    'schema-unknown-field spec.volumes[0].rbd.imagefeatures imagefeatures',
  ],
  'kubernetes-examples/_archived/volumes/storageos/storageos-pod.yaml': [
    'schema-unknown-field spec.volumes[0].storageos.pool pool',
  ],
  'kubernetes-examples/_archived/volumes/fibre_channel/fc.yaml': ['schema-type spec.volumes[0].fc.lun <ADD LUN ID Here>'],
  'kubernetes-examples/_archived/volumes/aws_ebs/aws-ebs-web.yaml': ['schema-value spec.containers[0].ports[0].protocol tcp'],
  'kubernetes-examples/_archived/volumes/cinder/cinder-web.yaml': ['schema-value spec.containers[0].ports[0].protocol tcp'],
};

const skip = existsSync(CORPUS) ? false : `no corpus at ${CORPUS}`;

test('the corpus mistakes that are schema matters are found, exactly', { skip }, () => {
  for (const [file, expected] of Object.entries(KNOWN_WRONG)) {
    assert.deepEqual(schemaFindings(join(CORPUS, file)), expected, file);
  }
});

test('no schema problem on any other corpus file (valid for Kubernetes 1.35)', { skip }, () => {
  const files = yamlFiles(CORPUS);
  assert.ok(files.length > 50, `only ${files.length} corpus files`);
  for (const file of files) {
    const rel = relative(CORPUS, file);
    if (rel in KNOWN_WRONG) continue;
    assert.deepEqual(schemaFindings(file), [], rel);
  }
});

test('the documentation examples that use 1.35 fields are flagged for 1.31, and only those', { skip }, () => {
  const file = join(CORPUS, 'kubernetes-website/pods/restart-policy/restart-all-containers.yaml');
  assert.deepEqual(schemaFindings(file, '1.31'), [
    'schema-unknown-field spec.initContainers[1].restartPolicyRules restartPolicyRules',
  ]);
});
