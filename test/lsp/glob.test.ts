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
  ];
  for (const [path, glob, expected] of cases) assert.equal(matchesGlob(path, glob), expected, `${glob} on ${path}`);
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
