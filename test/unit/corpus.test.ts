// Manifests nobody on the team wrote (test/fixtures/corpus): the known mistakes are found, exactly
// where they are, and nothing else is an error.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../analysis/src/analyze';

const corpus = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

const results = yamlFiles(corpus).map((f) => {
  const text = readFileSync(f, 'utf8');
  const { file, problems } = analyze(text);
  return {
    file: relative(corpus, f),
    problems: problems.map((p) => ({ ...p, line: file.lineCounter.linePos(p.range.start) })),
  };
});

test('the corpus is all there', () => {
  assert.ok(results.length >= 80, `${results.length} files`);
});

test('errors: exactly the genuine mistakes, each at its line, column and field path', () => {
  const errors = results.flatMap((r) =>
    r.problems.filter((p) => p.severity === 'error').map((p) => [r.file, p.line.line, p.line.col, p.rule, p.path]),
  );
  assert.deepEqual(errors, [
    // Listed in the corpus README:
    ['kubernetes-examples/_archived/openshift-origin/etcd-controller.yaml', 12, 3, 'yaml-duplicate-key', 'spec.selector'],
    // Not listed there, but the API server rejects it too: protocol is case-sensitive (TCP, UDP, SCTP).
    ['kubernetes-examples/_archived/volumes/aws_ebs/aws-ebs-web.yaml', 12, 21, 'schema-value', 'spec.containers[0].ports[0].protocol'],
    ['kubernetes-examples/_archived/volumes/cinder/cinder-web.yaml', 12, 21, 'schema-value', 'spec.containers[0].ports[0].protocol'],
    ['kubernetes-examples/_archived/volumes/fibre_channel/fc.yaml', 17, 13, 'schema-type', 'spec.volumes[0].fc.lun'],
    ['kubernetes-examples/_archived/volumes/rbd/rbd.yaml', 25, 9, 'schema-unknown-field', 'spec.volumes[0].rbd.imageformat'],
    ['kubernetes-examples/_archived/volumes/rbd/rbd.yaml', 26, 9, 'schema-unknown-field', 'spec.volumes[0].rbd.imagefeatures'],
    ['kubernetes-examples/_archived/volumes/scaleio/pod.yaml', 17, 7, 'schema-unknown-field', 'spec.volumes[0].scaleIO.protectionDoamin'],
    ['kubernetes-examples/_archived/volumes/storageos/storageos-pod.yaml', 35, 9, 'schema-unknown-field', 'spec.volumes[0].storageos.pool'],
  ]);
});

test('the misspelt field comes with a did-you-mean fix', () => {
  const scaleio = results.find((r) => r.file.endsWith('scaleio/pod.yaml'));
  const p = scaleio?.problems.find((x) => x.rule === 'schema-unknown-field');
  assert.ok(p?.message.includes("did you mean 'protectionDomain'"), p?.message);
  assert.equal(p?.fixes?.[0].edits[0].newText, 'protectionDomain');
});

test('deprecated volume plugins are warnings, as the API server gives them', () => {
  const files = results
    .filter((r) => r.problems.some((p) => p.rule === 'deprecated-volume-plugin' && p.severity === 'warning'))
    .map((r) => r.file.split('/').slice(-2).join('/'));
  assert.deepEqual(files.sort(), [
    'cephfs/cephfs-with-secret.yaml',
    'cephfs/cephfs.yaml',
    'flocker/flocker-pod.yml',
    'glusterfs/glusterfs-pod.yaml',
    'quobyte/quobyte-pod.yaml',
    'rbd/rbd-with-secret.yaml',
    'rbd/rbd.yaml',
    'scaleio/pod.yaml',
    'storageos/storageos-pod.yaml',
  ]);
});

test('the Kubernetes documentation examples (all valid for 1.35) get no error; warnings only for the seccomp annotation and capabilities beyond baseline', () => {
  const website = results.filter((r) => r.file.startsWith('kubernetes-website'));
  assert.ok(website.length >= 20);
  const loud = website.flatMap((r) => r.problems.filter((p) => p.severity !== 'info').map((p) => `${r.file} ${p.rule} ${p.path}`));
  assert.deepEqual(loud, [
    'kubernetes-website/pods/security/seccomp/alpha/audit-pod.yaml deprecated-annotation metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]',
    // The capabilities page's example adds NET_ADMIN and SYS_TIME: valid, and beyond the baseline.
    'kubernetes-website/pods/security/security-context-4.yaml host-access spec.containers[0].securityContext.capabilities.add[0]',
    'kubernetes-website/pods/security/security-context-4.yaml host-access spec.containers[0].securityContext.capabilities.add[1]',
  ]);
});
