// Run Application and Stop Application as a person meets them, without VS Code: a Workbench of plain
// objects answers the questions, a bridge records what the runtime was asked (the runtime's side
// runs on the real engine in test/vscode/suite/application.test.ts).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { objectsInManifest, podAt, podsInManifest } from '../../analysis/src';
import { appHostAccessQuestion, runApplication, RUN_WITH_HOST_ACCESS, stopApplication, STOP_APPLICATION } from '../../client/src/flows/appFlows';
import type { AppRunOutcome, AppRunRequest, RuntimeBridge } from '../../client/src/flows/runtimeApi';
import type { Workbench } from '../../client/src/flows/workbench';

const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: b}\n`;
const deployment = (extra = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n${extra}      containers:\n      - name: app\n        image: busybox:1.36\n`;
const service = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n`;

function workbench(files: { path: string; text: string }[], outcome: AppRunOutcome = { files: [], pods: [] }) {
  const asked: [string, string, string[]][] = [];
  const answers: Record<string, (string | undefined)[]> = { confirm: [], error: [], info: [] };
  const runs: Omit<AppRunRequest, 'files' | 'signal' | 'onProgress'>[] = [];
  const stops: string[] = [];
  const log: string[] = [];
  const ask = (kind: string, message: string, extra: string[]) => (asked.push([kind, message, extra]), answers[kind].shift());
  const bridge = {
    folderManifests: async () => files,
    runApplication: async (r: AppRunRequest) => {
      runs.push({ allowHostAccess: r.allowHostAccess });
      return outcome;
    },
    stopApplication: async (folder: string) => (stops.push(folder), { objects: 2, pods: 1 }),
  } as unknown as RuntimeBridge;
  let trusted = true;
  const w: Workbench = {
    prompts: {
      confirm: async (m, d, ...a) => ask('confirm', m, [d, ...a]),
      error: async (m, ...a) => ask('error', m, a),
      info: async (m, ...a) => ask('info', m, a),
      pick: async () => undefined,
      input: async () => undefined,
    },
    manifests: { podsInManifest, podAt, objectsInManifest },
    bridge: () => bridge,
    isTrusted: () => trusted,
    ensureStarted: async () => undefined,
    enginePods: () => [],
    engineObjects: () => ({ objects: [], claims: [] }),
    refresh: () => void log.push('refresh'),
    errorsIn: () => [],
    withProgress: (_t, work) => work({ report: () => undefined }, new AbortController().signal),
    readManifest: async () => undefined,
    showProblems: () => undefined,
    showOutput: () => void log.push('output'),
    manageTrust: () => void log.push('trust'),
    log: { info: (m) => void log.push(`info: ${m}`), error: (m) => void log.push(`error: ${m}`) },
  };
  return { w, asked, answers, runs, stops, log, untrust: () => (trusted = false) };
}

const APP = { path: '/ws/app', label: 'app' };

test('Run Application refuses in an untrusted workspace and reads nothing', async () => {
  const t = workbench([{ path: '/ws/app/web.yaml', text: deployment() }]);
  t.untrust();
  t.answers.error.push('Manage Workspace Trust');
  assert.equal(await runApplication(t.w, APP), undefined);
  assert.deepEqual(t.asked, [['error', 'Running an application needs a trusted workspace: its manifests decide what runs on your machine.', ['Manage Workspace Trust']]]);
  assert.deepEqual([t.runs, t.log], [[], ['trust']]);
});

test('Run Application applies the folder in one call, asking nothing when nothing reaches the host', async () => {
  const outcome: AppRunOutcome = {
    files: [
      { path: '/ws/app/config.yaml', problems: [], documents: [{ document: 0, kind: 'ConfigMap', name: 'settings', namespace: 'default', result: 'created', problems: [] }] },
      { path: '/ws/app/web.yaml', problems: [], documents: [{ document: 0, kind: 'Deployment', name: 'web', namespace: 'default', result: 'created', problems: [] }, { document: 1, kind: 'Service', name: 'web', namespace: 'default', result: 'unchanged', problems: [] }] },
    ],
    pods: [],
  };
  const t = workbench([{ path: '/ws/app/config.yaml', text: configMap }, { path: '/ws/app/web.yaml', text: `${deployment()}---\n${service}` }], outcome);
  assert.equal(await runApplication(t.w, APP), outcome);
  assert.deepEqual(t.asked, []);
  assert.deepEqual(t.runs, [{ allowHostAccess: false }]);
  assert.deepEqual(t.log, ['refresh', 'info: app: ConfigMap settings created', 'info: app: Deployment web created', 'info: app: Service web unchanged']);
});

test('Run Application asks once for host access, naming each object and what it reaches; no answer runs nothing', async () => {
  const files = [{ path: '/ws/app/web.yaml', text: deployment('      hostNetwork: true\n') }];
  const t = workbench(files);
  assert.equal(await runApplication(t.w, APP), undefined);
  const q = appHostAccessQuestion('app', objectsInManifest(files[0].text));
  assert.equal(q.message, '1 object of app reaches this machine: Deployment web (hostNetwork: true).');
  assert.deepEqual(t.asked, [['confirm', q.message, [q.detail, RUN_WITH_HOST_ACCESS]]]);
  assert.deepEqual(t.runs, []);
  const yes = workbench(files);
  yes.answers.confirm.push(RUN_WITH_HOST_ACCESS);
  await runApplication(yes.w, APP);
  assert.deepEqual(yes.runs, [{ allowHostAccess: true }]);
});

test('Run Application says what did not run: a refused file, a refused object, a pod that failed', async () => {
  const t = workbench([{ path: '/ws/app/web.yaml', text: deployment() }], {
    files: [
      { path: '/ws/app/bad.yaml', problems: [{ code: 'unsupported', where: 'spec.type', message: 'no' } as never], documents: [] },
      { path: '/ws/app/web.yaml', problems: [], documents: [{ document: 0, kind: 'Deployment', name: 'web', namespace: 'default', result: 'created', problems: [] }] },
    ],
    pods: [{ file: '/ws/app/solo.yaml', document: 0, name: 'solo', namespace: 'tools', outcome: { kind: 'failed', message: 'image missing' } }],
  });
  t.answers.error.push('Show Output');
  await runApplication(t.w, APP);
  assert.deepEqual(t.asked, [['error', 'app: 2 objects did not run; the first: /ws/app/bad.yaml was refused, nothing of it applied: spec.type: no', ['Show Output']]]);
  assert.ok(t.log.includes('error: app: Pod solo in tools did not start: image missing'));
  assert.equal(t.log[t.log.length - 1], 'output');
});

test('a folder with nothing to run says so', async () => {
  const t = workbench([{ path: '/ws/app/notes.yaml', text: 'just: data\n' }]);
  assert.equal(await runApplication(t.w, APP), undefined);
  assert.equal(t.asked[0][0], 'info');
  assert.match(t.asked[0][1], /^app holds no Pod, workload, Service/);
});

test('Stop Application asks, then deletes everything of the folder', async () => {
  const t = workbench([]);
  assert.equal(await stopApplication(t.w, { folder: '/ws/app', label: 'app', objects: 5, pods: 3 }), false);
  assert.deepEqual(t.stops, []);
  assert.equal(t.asked[0][1], 'Stop application app?');
  assert.match(t.asked[0][2][0], /^Deletes what was applied from \/ws\/app \(5 objects and 3 pods\)/);
  t.answers.confirm.push(STOP_APPLICATION);
  assert.equal(await stopApplication(t.w, { folder: '/ws/app', label: 'app', objects: 5, pods: 3 }), true);
  assert.deepEqual(t.stops, ['/ws/app']);
});
