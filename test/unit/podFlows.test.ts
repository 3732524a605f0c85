// Run, Stop and Restart as a person meets them, without VS Code: a Workbench of plain objects
// answers the questions and records them, and a bridge that stands in for the runtime (the runtime
// itself is tested on the real engine in test/runtime and, through these flows, in VS Code).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { objectsInManifest, podAt, podsInManifest } from '../../analysis/src';
import { FORCE_STOP, MANAGE_TRUST, REPLACE, restartPod, RUN_WITH_HOST_ACCESS, runningPod, runPod, SHOW_OUTPUT, SHOW_PROBLEMS, stopPod } from '../../client/src/flows/podFlows';
import type { RunOutcome, RunRequest, RuntimeBridge, StoppedPodRef } from '../../client/src/flows/runtimeApi';
import { timelinePod } from '../../client/src/flows/timelineTarget';
import type { ManifestText, PickItem, Prompts, Workbench } from '../../client/src/flows/workbench';
import type { PodSnapshot } from '../../client/src/podsView/snapshot';

type Asked = [kind: string, message: string, actions: string[]];

class FakeWorkbench implements Workbench {
  asked: Asked[] = [];
  answers: Record<string, (string | number | undefined)[]> = { confirm: [], error: [], info: [], pick: [], input: [] };
  runs: Omit<RunRequest, 'signal' | 'onProgress'>[] = [];
  outcomes: RunOutcome[] = [];
  stopped: string[] = [];
  /** Stopped pods that kept their record (the timeline can still open them). */
  stoppedRecords: StoppedPodRef[] = [];
  stopFails: Error | undefined;
  /** A stop takes this long unless forced (containers that ignore SIGTERM). */
  stopTakesMs = 0;
  trusted = true;
  engine: PodSnapshot[] | undefined = [];
  errors: { message: string; at: number }[] = [];
  files = new Map<string, string>();
  done: string[] = [];
  log = { info: (m: string) => void m, error: (m: string) => this.done.push(`log: ${m.split('\n')[0]}`) };
  manifests = { podsInManifest, podAt, objectsInManifest };

  readonly prompts: Prompts = {
    confirm: async (message, _detail, ...actions) => this.ask('confirm', message, actions) as string | undefined,
    error: async (message, ...actions) => this.ask('error', message, actions) as string | undefined,
    info: async (message, ...actions) => this.ask('info', message, actions) as string | undefined,
    pick: async <T>(items: PickItem<T>[], placeHolder: string) => {
      const i = this.ask('pick', placeHolder, items.map((x) => x.label));
      return typeof i === 'number' ? items[i].value : undefined;
    },
    input: async (prompt: string, value: string) => this.ask('input', prompt, [value]) as string | undefined,
  };

  private ask(kind: string, message: string, actions: string[]): string | number | undefined {
    this.asked.push([kind, message, actions]);
    return this.answers[kind].shift();
  }

  bridge(): RuntimeBridge {
    return {
      run: async (r: RunRequest) => {
        const { signal: _s, onProgress: _p, ...rest } = r;
        this.runs.push(rest);
        return this.outcomes.shift() ?? { kind: 'started', pod: undefined };
      },
      stop: async (p, opts) => {
        if (this.stopFails) throw this.stopFails;
        this.stopped.push(`${p.namespace}/${p.name}${opts?.force ? ' (force)' : ''}`);
        if (!opts?.force) await new Promise((r) => setTimeout(r, this.stopTakesMs));
      },
      restartContainer: async () => undefined,
      logs: async () => undefined,
      timeline: async () => ({ model: { start: 0, end: 0, lanes: [], conditions: [], events: [] }, picture: '', body: '', style: '', script: '' }),
      workloadTimeline: async () => ({ model: { kind: 'Job', name: '', start: 0, end: 0, lanes: [] }, picture: '', body: '', style: '', script: '' }),
      describe: async () => '',
      stoppedPods: async () => this.stoppedRecords,
      shell: async () => ({ write: () => undefined, resize: () => undefined, close: () => undefined }),
      debugShell: async () => ({ write: () => undefined, resize: () => undefined, close: () => undefined }),
      problems: async () => [],
      place: () => [],
      containerAt: () => undefined,
      imageChecks: async () => [],
      imageProcessAt: async () => undefined,
      onDidRun: () => ({ dispose: () => undefined }),
      list: async () => this.engine ?? [],
      objects: async () => ({ objects: [], claims: [] }),
      apply: async () => ({ kind: 'applied', documents: [] }),
      deleteObject: async () => true,
      scale: async () => undefined,
      restartRollout: async () => undefined,
      undoRollout: async () => ({ revision: 1, skipped: false }),
      pauseRollout: async () => undefined,
      createJobFrom: async () => undefined,
      deleteClaimData: async () => true,
      watch: () => ({ dispose: () => undefined }),
      folderManifests: async () => [],
      runApplication: async () => ({ files: [], pods: [] }),
      stopApplication: async () => ({ objects: 0, pods: 0 }),
      dispose: () => undefined,
    };
  }
  isTrusted = () => this.trusted;
  ensureStarted = async () => undefined;
  enginePods = () => this.engine;
  engineObjects = () => (this.engine ? { objects: [], claims: [] } : undefined);
  refresh = () => void this.done.push('refresh');
  errorsIn = (_m: ManifestText, range: { start: number; end: number }) => this.errors.filter((e) => e.at >= range.start && e.at <= range.end);
  withProgress = <T>(_title: string, work: (p: { report(m: string): void }, s: AbortSignal) => Promise<T>) => work({ report: () => undefined }, new AbortController().signal);
  readManifest = async (path: string) => {
    const text = this.files.get(path);
    return text === undefined ? undefined : { path, label: path, text };
  };
  showProblems = () => void this.done.push('problems');
  showOutput = () => void this.done.push('output');
  manageTrust = () => void this.done.push('trust');
}

const pod = (name: string, extra = '', ns?: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n${extra}  containers:\n    - name: app\n      image: busybox:1.36\n`;
const TWINS = `${pod('twin', '', 'one')}---\n${pod('twin', '  hostIPC: true\n  volumes:\n    - name: keys\n      hostPath: {path: /root/.ssh}\n', 'two')}`;
const manifest = (text: string, pointed: Partial<ManifestText> = {}): ManifestText => ({ path: '/ws/pods.yaml', label: 'pods.yaml', text, ...pointed });
const snapshot = (name: string, namespace = 'default', manifestPath?: string): PodSnapshot => ({
  name,
  namespace,
  phase: 'Running',
  status: 'Running',
  ready: '1/1',
  restarts: 0,
  containers: [],
  ports: [],
  manifest: manifestPath,
});

test('nothing runs from an untrusted workspace; the question offers to manage trust', async () => {
  const w = new FakeWorkbench();
  w.trusted = false;
  w.answers.error.push(MANAGE_TRUST);
  assert.equal(await runPod(w, manifest(pod('web'))), false);
  assert.deepEqual(w.asked, [['error', 'Running pods needs a trusted workspace: the manifest decides what runs on your machine.', [MANAGE_TRUST]]]);
  assert.deepEqual([w.runs, w.done], [[], ['trust']]);
});

test('no manifest, or one without a pod: a plain message and nothing runs', async () => {
  const w = new FakeWorkbench();
  assert.equal(await runPod(w, undefined), false);
  assert.equal(await runPod(w, manifest('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n')), false);
  assert.deepEqual(w.asked, [
    ['info', 'Open a YAML manifest with a Pod to run it.', []],
    ['info', 'pods.yaml holds no Pod or pod template to run.', []],
  ]);
  assert.deepEqual(w.runs, []);
});

test('the document pointed at runs, and the host-access question describes that document only', async () => {
  // Two pods of one name in two namespaces: the second reaches the host, the first does not.
  const first = new FakeWorkbench();
  assert.equal(await runPod(first, manifest(TWINS, { document: 0 })), true);
  assert.deepEqual(first.asked, [], 'the first pod reaches nothing: no question');
  assert.deepEqual(first.runs, [{ file: '/ws/pods.yaml', text: TWINS, document: 0, replace: false, allowHostAccess: false }]);

  const second = new FakeWorkbench();
  second.answers.confirm.push(RUN_WITH_HOST_ACCESS);
  assert.equal(await runPod(second, manifest(TWINS, { document: 1 })), true);
  assert.deepEqual(second.asked, [['confirm', "Pod twin reaches this machine: hostIPC: true, hostPath volume 'keys' (/root/.ssh).", [RUN_WITH_HOST_ACCESS]]]);
  assert.deepEqual(second.runs.map((r) => [r.document, r.allowHostAccess]), [[1, true]]);

  const declined = new FakeWorkbench();
  assert.equal(await runPod(declined, manifest(TWINS, { document: 1 })), false);
  assert.deepEqual(declined.runs, [], 'no answer (Escape) runs nothing');
});

test('several pods and no pointer: the person picks one; the cursor decides without a question', async () => {
  const w = new FakeWorkbench();
  w.answers.pick.push(0);
  assert.equal(await runPod(w, manifest(TWINS)), true);
  assert.deepEqual(w.asked, [['pick', 'Which pod do you want to run?', ['twin', 'twin']]]);
  assert.deepEqual(w.runs.map((r) => r.document), [0]);
  const cursor = new FakeWorkbench();
  assert.equal(await runPod(cursor, manifest(TWINS, { offset: 10 })), true);
  assert.deepEqual([cursor.asked, cursor.runs.map((r) => r.document)], [[], [0]]);
});

test('a pod with errors is refused before anything runs, with a way to the Problems panel', async () => {
  const text = pod('web');
  const w = new FakeWorkbench();
  w.errors = [{ message: "Unknown field 'imagee'", at: text.indexOf('image') }, { message: 'second', at: text.indexOf('name: app') }];
  w.answers.error.push(SHOW_PROBLEMS);
  assert.equal(await runPod(w, manifest(text)), false);
  assert.deepEqual(w.asked, [['error', "Pod web has 2 errors (first: Unknown field 'imagee'). Fix them before running.", [SHOW_PROBLEMS]]]);
  assert.deepEqual([w.runs, w.done], [[], ['problems']]);
});

test('a running pod of that name: Replace is asked, and only a yes replaces it', async () => {
  const w = new FakeWorkbench();
  w.engine = [snapshot('web')];
  assert.equal(await runPod(w, manifest(pod('web'))), false);
  w.answers.confirm.push(REPLACE);
  assert.equal(await runPod(w, manifest(pod('web'))), true);
  assert.deepEqual(w.asked.map((a) => a[1]), ['Pod web is already running.', 'Pod web is already running.']);
  assert.deepEqual(w.runs.map((r) => r.replace), [true]);
  // Another namespace is another pod.
  const other = new FakeWorkbench();
  other.engine = [snapshot('web', 'shop')];
  assert.equal(await runPod(other, manifest(pod('web'))), true);
  assert.deepEqual(other.asked, []);
});

test('what the runtime answers becomes a message with something to do', async () => {
  const w = new FakeWorkbench();
  w.outcomes = [
    { kind: 'exists', pod: { name: 'web', namespace: 'default' }, status: 'Running' },
    { kind: 'started', pod: undefined },
    { kind: 'refused', problems: [{ code: 'unsupported', where: 'spec.volumes[0].persistentVolumeClaim', message: 'persistentVolumeClaim volumes cannot run on the local engine.' }] },
    { kind: 'failed', message: "PortInUse: host port 8080 is already in use on this machine", failure: { reason: 'PortInUse', detail: 'host port 8080 is already in use on this machine' } },
    { kind: 'cancelled' },
  ];
  w.answers.confirm.push(REPLACE);
  w.answers.error.push(SHOW_OUTPUT, SHOW_OUTPUT);
  assert.equal(await runPod(w, manifest(pod('web'))), true, 'started another process meanwhile: replaced on a yes');
  assert.equal(await runPod(w, manifest(pod('web'))), false);
  assert.equal(await runPod(w, manifest(pod('web'))), false);
  assert.equal(await runPod(w, manifest(pod('web'))), false);
  assert.deepEqual(w.asked, [
    ['confirm', 'Pod web is already running (Running).', [REPLACE]],
    ['error', 'Pod web was not started: spec.volumes[0].persistentVolumeClaim: persistentVolumeClaim volumes cannot run on the local engine.', [SHOW_PROBLEMS, SHOW_OUTPUT]],
    ['error', 'Pod web did not start: PortInUse: host port 8080 is already in use on this machine', [SHOW_OUTPUT]],
    ['info', 'Starting pod web was cancelled; nothing was left behind.', []],
  ]);
  assert.deepEqual(w.runs.map((r) => r.replace), [false, true, false, false, false]);
  assert.deepEqual(w.done.filter((d) => d === 'output'), ['output', 'output']);
});

test('Restart runs the recorded manifest again, replacing without a question; a pod gone from it is said so', async () => {
  const w = new FakeWorkbench();
  w.files.set('/ws/web.yaml', TWINS);
  assert.equal(await restartPod(w, { pod: snapshot('twin', 'one', '/ws/web.yaml') }), true);
  assert.deepEqual(w.asked, []);
  assert.deepEqual(w.runs.map((r) => [r.document, r.replace, r.allowHostAccess]), [[0, true, false]]);
  // The host access question still comes for a pod that reaches the host.
  w.answers.confirm.push(RUN_WITH_HOST_ACCESS);
  assert.equal(await restartPod(w, { pod: snapshot('twin', 'two', '/ws/web.yaml') }), true);
  assert.equal(w.asked[0][0], 'confirm');
  assert.equal(await restartPod(w, { pod: snapshot('twin', 'three', '/ws/web.yaml') }), false);
  assert.equal(await restartPod(w, { pod: snapshot('lost', 'default', '/ws/deleted.yaml') }), false);
  assert.equal(await restartPod(w, { pod: snapshot('nomanifest') }), false);
  assert.deepEqual(w.asked.slice(1).map((a) => a[1]), [
    'Pod twin is no longer in /ws/web.yaml.',
    'The manifest of pod lost (/ws/deleted.yaml) cannot be read any more.',
    'Pod nomanifest records no manifest to start it again from; stop it and run its manifest.',
  ]);
});

test('Restart of a workload\'s pod deletes it for its controller to make a new one, with no manifest read', async () => {
  const w = new FakeWorkbench();
  const owned = { ...snapshot('web-7d4b9c-x2k4q', 'default', '/ws/web.yaml'), owner: { kind: 'Deployment', name: 'web', uid: 'u-web' } };
  assert.equal(await restartPod(w, { pod: owned }), true);
  assert.deepEqual([w.asked, w.runs, w.stopped], [[], [], ['default/web-7d4b9c-x2k4q']]);
});

test('which running pod: the engine down, none of the file, one, or a question among several', async () => {
  const w = new FakeWorkbench();
  w.engine = undefined;
  assert.equal(await runningPod(w, {}, 'stop'), undefined);
  w.engine = [snapshot('twin', 'one'), snapshot('twin', 'two'), snapshot('other')];
  assert.equal(await runningPod(w, { manifest: manifest(pod('absent')) }, 'stop'), undefined);
  assert.equal((await runningPod(w, { manifest: manifest(TWINS, { document: 1 }) }, 'stop'))?.namespace, 'two');
  w.answers.pick.push(1);
  assert.equal((await runningPod(w, { manifest: manifest(TWINS) }, 'stop'))?.namespace, 'two');
  assert.deepEqual(w.asked, [
    ['error', 'The Docker engine is not reachable.', ['Show Pods']],
    ['info', 'No pod of pods.yaml is running.', []],
    ['pick', 'Which pod do you want to stop?', ['twin', 'twin']],
  ]);
});

test('Stop stops the pod meant; a failure is said, logged, and the view refreshed', async () => {
  const w = new FakeWorkbench();
  w.engine = [snapshot('web')];
  assert.equal(await stopPod(w, { manifest: manifest(pod('web')) }), true);
  assert.deepEqual(w.stopped, ['default/web']);
  w.stopFails = new Error('the engine went away');
  assert.equal(await stopPod(w, { pod: snapshot('web') }), false);
  assert.deepEqual(w.asked, [['error', 'Stopping pod web: the engine went away', []]]);
  assert.deepEqual(w.done, ['refresh', 'log: Stopping pod web: Error: the engine went away', 'refresh']);
});

test('a stop that takes its time says the grace period is running, until when, and offers Force Stop', async () => {
  const w = new FakeWorkbench();
  const until = Date.parse('2026-11-30T14:02:30');
  w.engine = [{ ...snapshot('web'), status: 'Terminating', terminatingUntil: until }];
  w.stopTakesMs = 300;
  w.answers.info.push(FORCE_STOP);
  assert.equal(await stopPod(w, { pod: snapshot('web') }, { patienceMs: 50 }), true);
  assert.deepEqual(w.asked, [['info', 'Pod web is stopping: its containers have their grace period to exit (until 14:02:30), then they are killed.', [FORCE_STOP]]]);
  assert.deepEqual(w.stopped, ['default/web', 'default/web (force)']);
  // A quick stop says nothing.
  const quick = new FakeWorkbench();
  assert.equal(await stopPod(quick, { pod: snapshot('web') }, { patienceMs: 200 }), true);
  assert.deepEqual(quick.asked, []);
  // Force Stop from the view: no grace period at all.
  assert.equal(await stopPod(quick, { pod: snapshot('web') }, { force: true }), true);
  assert.deepEqual(quick.stopped, ['default/web', 'default/web (force)']);
});

test('Show Pod Timeline offers running pods and stopped pods that kept their record', async () => {
  const w = new FakeWorkbench();
  const now = Date.parse('2026-11-30T18:00:00Z');
  w.engine = [snapshot('web')];
  w.stoppedRecords = [
    { namespace: 'default', name: 'job-1', stoppedAt: '2026-11-30T17:58:00Z' },
    // Runs again: its live timeline is the one meant.
    { namespace: 'default', name: 'web', stoppedAt: '2026-11-30T17:00:00Z' },
  ];
  w.answers.pick.push(1);
  assert.deepEqual(await timelinePod(w, {}, now), { namespace: 'default', name: 'job-1' });
  assert.deepEqual(w.asked, [['pick', 'Which pod do you want to show the timeline of?', ['web', 'job-1']]]);

  // From a manifest whose only pod was stopped: that pod, without a question.
  w.asked = [];
  assert.deepEqual(await timelinePod(w, { manifest: manifest(pod('job-1')) }, now), { namespace: 'default', name: 'job-1' });
  assert.deepEqual(await timelinePod(w, { manifest: manifest(pod('gone')) }, now), undefined);
  assert.deepEqual(w.asked, [['info', 'No pod of pods.yaml is running or kept a record of its stop.', []]]);
});
