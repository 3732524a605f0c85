// The `podwright.files.include` globs and the settings normalisation (pure functions of the server).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { matchesGlob } from '../../analysis/src';
import { DEFAULT_SETTINGS, normaliseSettings } from '../../server/src/settings';

test('include globs: base names, ** folders, braces, classes, relative folder patterns', () => {
  const cases: [string, string, boolean][] = [
    ['/work/app/pod.k8s.yaml', '*.k8s.yaml', true],
    ['/work/app/pod.yaml', '*.k8s.yaml', false],
    ['/work/app/deploy/web.yaml', '**/deploy/*.yaml', true],
    ['/work/app/deploy/sub/web.yaml', '**/deploy/*.yaml', false],
    ['/work/app/deploy/sub/web.yaml', '**/deploy/**', true],
    ['/work/app/manifests/a.yml', 'manifests/*.{yaml,yml}', true],
    ['/work/app/manifests/a.json', 'manifests/*.{yaml,yml}', false],
    ['/work/app/k8s/pod1.yaml', 'k8s/pod[0-9].yaml', true],
    ['/work/app/k8s/podx.yaml', 'k8s/pod[0-9].yaml', false],
    ['C:\\work\\k8s\\pod.yaml', '**/k8s/*.yaml', true],
    ['/work/app/pod.yaml', '', false],
    ['/work/app/pod.yaml', '[', false],
    ['/work/app/k8s/pod-x.yaml', 'k8s/pod[!0-9]*.yaml', true],
    ['/work/app/a/b/c/web.yaml', 'app/**/web.yaml', true],
    ['/work/app/web.yaml', 'app/**/web.yaml', true],
    ['/work/appweb.yaml', 'app/**/web.yaml', false],
    ['/work/app/x/y.yaml', '/work/*/x/*.yaml', true],
    ['/other/work/app/x/y.yaml', '/work/*/x/*.yaml', false],
    ['/work/app/x.yml', '{*.yaml,{a,b}/*.yml,x.yml}', true],
    ['/work/app/x.yaml', 'app/{a,b', false],
    ['/work/app/b', 'app/{a,b', true],
  ];
  for (const [path, glob, expected] of cases) assert.equal(matchesGlob(path, glob), expected, `${glob} on ${path}`);
});

test('globs from a workspace\'s settings cannot stall the server: matching is linear in the path', { timeout: 10_000 }, () => {
  // As backtracking regular expressions these took from seconds to hours on one path each.
  const path = `/work/${'a'.repeat(60)}/${'a/'.repeat(40)}${'a'.repeat(200)}.yaml`;
  assert.equal(matchesGlob(path, `${'a*'.repeat(30)}b`), false);
  assert.equal(matchesGlob(path, `${'**/'.repeat(30)}b`), false);
  assert.equal(matchesGlob(path, `${'*a'.repeat(30)}*.yaml`), true);
  assert.equal(matchesGlob(path, `${'**a'.repeat(30)}/**/x`), false);
  // Brace groups that would expand past 64 patterns, and very long patterns, match nothing.
  assert.equal(matchesGlob('/a.yaml', `${'{a,b}'.repeat(7)}.yaml`), false);
  assert.equal(matchesGlob('/a.yaml', `${'*'.repeat(2000)}.yaml`), false);
});

test('settings: nested or dotted keys, bad values fall back to the defaults', () => {
  assert.deepEqual(normaliseSettings({ podwright: { kubernetes: { version: '1.31' }, rules: { a: 'off', b: 'Warning', c: 'loud', d: false } } }), {
    ...DEFAULT_SETTINGS,
    kubernetesVersion: '1.31',
    rules: { a: 'off', b: 'warning', d: 'off' },
  });
  assert.deepEqual(normaliseSettings({ 'kubernetes.version': '1.33', 'diagnostics.debounceMs': 0, 'files.include': ['*.k8s.yaml', 3] }), {
    ...DEFAULT_SETTINGS,
    kubernetesVersion: '1.33',
    debounceMs: 0,
    include: ['*.k8s.yaml'],
  });
  assert.deepEqual(normaliseSettings({ kubernetes: { version: 'latest' }, diagnostics: { debounceMs: -5 } }), DEFAULT_SETTINGS);
  assert.deepEqual(normaliseSettings(null), DEFAULT_SETTINGS);
});
