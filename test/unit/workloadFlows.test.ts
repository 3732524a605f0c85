// ▶ Apply and the workload actions as a person meets them, without VS Code: a Workbench of plain
// objects answers the questions and records them, and a bridge records what the runtime was asked
// (the runtime itself is tested on the real engine, and these flows again inside VS Code).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { objectsInManifest, podAt, podsInManifest } from '../../analysis/src';
import { runPod } from '../../client/src/flows/podFlows';
import type { ApplyOutcome, ApplyRequest, ObjectRef, RuntimeBridge } from '../../client/src/flows/runtimeApi';
import type { ManifestText, PickItem, Prompts, Workbench } from '../../client/src/flows/workbench';
import {
  APPLY_WITH_HOST_ACCESS,
  applyObject,
  DELETE,
  DELETE_DATA,
  deleteObject,
  deleteVolumeData,
  documentsToApply,
  manualJobName,
  replicasProblem,
  pauseObject,
  restartObject,
  undoObject,
  scaleObject,
  triggerCronJob,
  whatRuns,
} from '../../client/src/flows/workloadFlows';
import type { ClaimSnapshot, ObjectSnapshot, PodSnapshot } from '../../client/src/podsView/snapshot';

class FakeWorkbench implements Workbench {
  asked: [kind: string, message: string, extra: string[]][] = [];
  answers: Record<string, (string | number | undefined)[]> = { confirm: [], error: [], info: [], pick: [], input: [] };
  applies: Omit<ApplyRequest, 'text'>[] = [];
  outcome: ApplyOutcome | undefined;
  calls: string[] = [];
  fails: Error | undefined;
  /** What the bridge's undo answers. */
  undone = { revision: 2, skipped: false };
  trusted = true;
  up = true;
  pods: PodSnapshot[] = [];
  objects: ObjectSnapshot[] = [];
  claims: ClaimSnapshot[] = [];
  errors: { message: string; at: number }[] = [];
  done: string[] = [];
  log = { info: (m: string) => void m, error: (m: string) => this.done.push(`log: ${m.split('\n')[0]}`) };
  manifests = { podsInManifest, podAt, objectsInManifest };

  readonly prompts: Prompts = {
    confirm: async (message, detail, ...actions) => this.ask('confirm', message, [detail, ...actions]) as string | undefined,
    error: async (message, ...actions) => this.ask('error', message, actions) as string | undefined,
    info: async (message, ...actions) => this.ask('info', message, actions) as string | undefined,
    pick: async <T>(items: PickItem<T>[], placeHolder: string) => {
      const i = this.ask('pick', placeHolder, items.map((x) => x.label));
      return typeof i === 'number' ? items[i].value : undefined;
    },
    input: async (prompt, value, validate) => {
      const typed = this.ask('input', prompt, [value]) as string | undefined;
      return typed === undefined || validate(typed) ? undefined : typed;
    },
  };

  private ask(kind: string, message: string, extra: string[]): string | number | undefined {
    this.asked.push([kind, message, extra]);
    return this.answers[kind].shift();
  }

  private call(what: string): Promise<void> {
    this.calls.push(what);
    return this.fails ? Promise.reject(this.fails) : Promise.resolve();
  }

  bridge(): RuntimeBridge {
    const key = (r: ObjectRef) => `${r.kind}/${r.namespace}/${r.name}`;
    return {
      apply: async (r) => {
        const { text: _t, ...rest } = r;
        this.applies.push(rest);
        return this.outcome ?? { kind: 'applied', documents: r.documents.map((document) => ({ document, kind: '', name: '', namespace: 'default', result: 'created', problems: [] })) };
      },
      deleteObject: async (r) => (await this.call(`delete ${key(r)}`), true),
      scale: (r, n) => this.call(`scale ${key(r)} ${n}`),
      restartRollout: (r) => this.call(`restart ${key(r)}`),
      undoRollout: async (r) => (await this.call(`undo ${key(r)}`), this.undone),
      pauseRollout: (r, paused) => this.call(`${paused ? 'pause' : 'resume'} ${key(r)}`),
      createJobFrom: (r, job) => this.call(`job ${job} from ${key(r)}`),
      deleteClaimData: async (c) => (await this.call(`delete data ${c.namespace}/${c.name}`), true),
      objects: async () => ({ objects: this.objects, claims: this.claims }),
      run: async () => ({ kind: 'cancelled' }),
      stop: async () => undefined,
      restartContainer: async () => undefined,
      logs: async () => undefined,
      shell: async () => ({ write: () => undefined, resize: () => undefined, close: () => undefined }),
      list: async () => this.pods,
      watch: () => ({ dispose: () => undefined }),
      timeline: async () => ({ model: { start: 0, end: 0, lanes: [], conditions: [], events: [] }, picture: '', body: '', style: '', script: '' }),
      workloadTimeline: async () => ({ model: { kind: 'Job', name: '', start: 0, end: 0, lanes: [] }, picture: '', body: '', style: '', script: '' }),
      describe: async () => '',
      stoppedPods: async () => [],
      debugShell: async () => ({ write: () => undefined, resize: () => undefined, close: () => undefined }),
      problems: async () => [],
      place: () => [],
      containerAt: () => undefined,
      imageChecks: async () => [],
      imageProcessAt: async () => undefined,
      onDidRun: () => ({ dispose: () => undefined }),
      folderManifests: async () => [],
      runApplication: async () => ({ files: [], pods: [] }),
      stopApplication: async () => ({ objects: 0, pods: 0 }),
      dispose: () => undefined,
    };
  }
  isTrusted = () => this.trusted;
  ensureStarted = async () => undefined;
  enginePods = () => (this.up ? this.pods : undefined);
  engineObjects = () => (this.up ? { objects: this.objects, claims: this.claims } : undefined);
  refresh = () => void this.done.push('refresh');
  errorsIn = (_m: ManifestText, range: { start: number; end: number }) => this.errors.filter((e) => e.at >= range.start && e.at <= range.end);
  withProgress = <T>(_title: string, work: (p: { report(m: string): void }, s: AbortSignal) => Promise<T>) => work({ report: () => undefined }, new AbortController().signal);
  readManifest = async () => undefined;
  showProblems = () => void this.done.push('problems');
  showOutput = () => void this.done.push('output');
  manageTrust = () => void this.done.push('trust');
}

const configMap = (name: string, ns = 'default') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata: {a: b}\n`;
const deployment = (name: string, extra = '', replicas = 2) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n${extra}      containers:\n      - name: app\n        image: busybox:1.36\n`;
const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n`;
const FILE = `${configMap('settings')}---\n${deployment('web')}---\n${pod('solo')}---\n${configMap('elsewhere', 'tools')}`;
const manifest = (text: string, pointed: Partial<ManifestText> = {}): ManifestText => ({ path: '/ws/web.yaml', label: 'web.yaml', text, ...pointed });
const object = (over: Partial<ObjectSnapshot> & Pick<ObjectSnapshot, 'kind' | 'name'>): ObjectSnapshot => ({ namespace: 'default', uid: `u-${over.name}`, status: '', columns: [], notes: [], ...over });

test('nothing is applied from an untrusted workspace; the message offers to manage trust', async () => {
  const w = new FakeWorkbench();
  w.trusted = false;
  w.answers.error.push('Manage Workspace Trust');
  assert.equal(await applyObject(w, manifest(FILE, { document: 1 })), false);
  assert.deepEqual(w.asked, [['error', 'Applying workloads needs a trusted workspace: the manifest decides what runs on your machine.', ['Manage Workspace Trust']]]);
  assert.deepEqual([w.applies, w.done], [[], ['trust']]);
});

test('▶ Apply on a workload applies it with the ConfigMaps, Secrets and claims of its namespace in the file, not the rest', async () => {
  const w = new FakeWorkbench();
  assert.equal(await applyObject(w, manifest(FILE, { document: 1 })), true);
  assert.deepEqual(w.asked, [], 'no question for a workload without host access');
  assert.deepEqual(w.applies, [{ file: '/ws/web.yaml', documents: [0, 1], allowHostAccess: false }]);
  assert.deepEqual(w.done, ['refresh']);
  // A ConfigMap's own lens applies it alone.
  assert.deepEqual(documentsToApply(objectsInManifest(FILE)[3], objectsInManifest(FILE)), [3]);
  // From the command palette, the document under the cursor; with none, a question.
  const cursor = new FakeWorkbench();
  assert.equal(await applyObject(cursor, manifest(FILE, { offset: FILE.indexOf('replicas') })), true);
  assert.deepEqual(cursor.applies[0].documents, [0, 1]);
  const asked = new FakeWorkbench();
  asked.answers.pick.push(2);
  assert.equal(await applyObject(asked, manifest(FILE)), true);
  assert.deepEqual(asked.asked, [['pick', 'Which object do you want to apply?', ['settings', 'web', 'elsewhere']]]);
  assert.deepEqual(asked.applies[0].documents, [3]);
});

test('Run pod on a workload applies it; Run pod on a Pod still runs the pod', async () => {
  const w = new FakeWorkbench();
  assert.equal(await runPod(w, manifest(FILE, { document: 1 })), true);
  assert.deepEqual(w.applies.map((a) => a.documents), [[0, 1]]);
  const bare = new FakeWorkbench();
  assert.equal(await runPod(bare, manifest(FILE, { document: 2 })), false, 'the fake runtime cancels runs');
  assert.deepEqual(bare.applies, []);
});

test('host access asks first, saying what will run and what it reaches; declining applies nothing', async () => {
  const text = deployment('net', '      hostNetwork: true\n', 3);
  const w = new FakeWorkbench();
  assert.equal(await applyObject(w, manifest(text, { document: 0 })), false);
  assert.deepEqual(w.asked, [
    [
      'confirm',
      'Deployment net reaches this machine: hostNetwork: true.',
      [
        "Applying it runs 3 pods, each of which can read or change files, processes or the network of this machine, not only its own (spec.template.spec.hostNetwork). Its controller keeps making them in the background until it is deleted. Apply it only if you trust this manifest.",
        APPLY_WITH_HOST_ACCESS,
      ],
    ],
  ]);
  assert.equal(w.applies.length, 0);
  w.answers.confirm.push(APPLY_WITH_HOST_ACCESS);
  assert.equal(await applyObject(w, manifest(text, { document: 0 })), true);
  assert.equal(w.applies[0].allowHostAccess, true);
});

test('what each kind runs, with the defaults of its controller', () => {
  const runs = (kind: string, spec: Record<string, unknown>) => whatRuns({ kind, spec });
  assert.equal(runs('Deployment', {}), '1 pod');
  assert.equal(runs('StatefulSet', { replicas: 3 }), '3 pods');
  assert.equal(runs('DaemonSet', {}), 'one pod (this machine is its one node)');
  assert.equal(runs('Job', {}), '1 pod to completion');
  assert.equal(runs('Job', { completions: 3, parallelism: 2 }), '3 pods to completion, 2 at a time');
  assert.equal(runs('Job', { parallelism: 2 }), '2 pods at a time, until one completes');
  assert.equal(runs('CronJob', { schedule: '*/5 * * * *' }), "a Job's pods on its schedule (*/5 * * * *)");
  assert.equal(runs('CronJob', { schedule: '@daily', suspend: true }), "a Job's pods on its schedule (@daily) once it is resumed");
});

test('errors in the document, a file with nothing to apply, and refusals are said with something to do', async () => {
  const w = new FakeWorkbench();
  w.errors = [{ message: 'spec.template.spec.containers[0].image: Required value', at: FILE.indexOf('replicas') }];
  w.answers.error.push('Show Problems');
  assert.equal(await applyObject(w, manifest(FILE, { document: 1 })), false);
  assert.deepEqual(w.asked, [['error', 'Deployment web has 1 error (first: spec.template.spec.containers[0].image: Required value). Fix it before applying.', ['Show Problems']]]);
  assert.deepEqual([w.applies, w.done], [[], ['problems']]);

  const none = new FakeWorkbench();
  assert.equal(await applyObject(none, manifest(pod('solo'))), false);
  assert.deepEqual(none.asked, [['info', 'web.yaml holds no workload, ConfigMap, Secret or PersistentVolumeClaim to apply.', []]]);

  const refused = new FakeWorkbench();
  const problem = { code: 'unsupported' as const, where: 'web.yaml:12:7 spec.template.spec.volumes[0].nfs', message: 'nfs volumes cannot run on the local engine' };
  refused.outcome = { kind: 'applied', documents: [{ document: 1, kind: 'Deployment', name: 'web', namespace: 'default', result: 'refused', problems: [problem] }] };
  refused.answers.error.push('Show Output');
  assert.equal(await applyObject(refused, manifest(FILE, { document: 1 })), false);
  assert.deepEqual(refused.asked, [['error', `Deployment web was not applied: ${problem.where}: ${problem.message}`, ['Show Problems', 'Show Output']]]);
  assert.deepEqual(refused.done, ['refresh', 'log: Deployment web: refused', 'output']);

  const failed = new FakeWorkbench();
  failed.outcome = { kind: 'failed', message: 'Cannot reach the Docker engine at unix:///var/run/docker.sock. Or set podwright.docker.host.' };
  assert.equal(await applyObject(failed, manifest(FILE, { document: 1 })), false);
  assert.deepEqual(failed.asked[0].slice(0, 2), ['error', 'Deployment web was not applied: Cannot reach the Docker engine at unix:///var/run/docker.sock. Or set podwright.docker.host.']);
});

test('Scale… asks with the current count, takes only a whole number, and scales the workload meant', async () => {
  for (const [value, problem] of [
    ['3', undefined],
    [' 0 ', undefined],
    ['-1', 'Enter a whole number of replicas, 0 or more.'],
    ['1.5', 'Enter a whole number of replicas, 0 or more.'],
    ['', 'Enter a whole number of replicas, 0 or more.'],
    ['2147483648', 'At most 2147483647 replicas.'],
  ] as const) {
    assert.equal(replicasProblem(value), problem, value);
  }
  const web = object({ kind: 'Deployment', name: 'web', replicas: 2, desired: 2, status: '2/2 ready' });
  const w = new FakeWorkbench();
  w.objects = [web, object({ kind: 'ConfigMap', name: 'settings' })];
  w.answers.input.push('1');
  // From the lens of the Deployment's document.
  assert.equal(await scaleObject(w, { manifest: manifest(FILE, { document: 1 }) }), true);
  assert.deepEqual(w.asked, [['input', 'Replicas of Deployment web (now 2)', ['2']]]);
  assert.deepEqual(w.calls, ['scale Deployment/default/web 1']);
  // The same count, or cancel: nothing asked of the runtime.
  w.calls = [];
  w.answers.input.push('2');
  assert.equal(await scaleObject(w, { object: web }), true);
  assert.equal(await scaleObject(w, { object: web }), false);
  assert.deepEqual(w.calls, []);
  // Nothing scalable applied from that file.
  w.asked = [];
  assert.equal(await scaleObject(w, { manifest: manifest(configMap('settings'), { document: 0 }) }), false);
  assert.deepEqual(w.asked, [['info', 'No Deployment, ReplicaSet, ReplicationController or StatefulSet of web.yaml is applied.', []]]);
  // The engine away.
  w.up = false;
  w.asked = [];
  assert.equal(await scaleObject(w, {}), false);
  assert.deepEqual(w.asked, [['error', 'The Docker engine is not reachable.', []]]);
});

test('Restart rolls the workload; a failure is said and the view refreshed', async () => {
  const w = new FakeWorkbench();
  w.objects = [object({ kind: 'Deployment', name: 'web' }), object({ kind: 'StatefulSet', name: 'db' })];
  w.answers.pick.push(1);
  assert.equal(await restartObject(w, {}), true);
  assert.deepEqual(w.asked, [['pick', 'Which Deployment, StatefulSet or DaemonSet do you want to restart?', ['web', 'db']]]);
  assert.deepEqual(w.calls, ['restart StatefulSet/default/db']);
  w.fails = new Error('deployment.apps/web not found in namespace \'default\'.');
  w.asked = [];
  assert.equal(await restartObject(w, { object: w.objects[0] }), false);
  assert.deepEqual(w.asked, [['error', "Restarting Deployment web: deployment.apps/web not found in namespace 'default'.", []]]);
  assert.ok(w.done.includes('refresh'));
});

test('Undo Rollout rolls the workload back; one that runs that revision already is said so', async () => {
  const w = new FakeWorkbench();
  w.objects = [object({ kind: 'Deployment', name: 'web' }), object({ kind: 'ReplicaSet', name: 'rs' })];
  assert.equal(await undoObject(w, {}), true);
  assert.deepEqual([w.calls, w.asked], [['undo Deployment/default/web'], []]);
  w.undone = { revision: 3, skipped: true };
  assert.equal(await undoObject(w, { object: w.objects[0] }), true);
  assert.deepEqual(w.asked, [['info', 'Deployment web runs the template of revision 3 already.', []]]);
  // A ReplicaSet keeps no revisions of its own.
  assert.equal(await undoObject(w, { object: w.objects[1] }), false);
  w.fails = new Error("deployment.apps/web: you cannot rollback a paused deployment; resume it first with 'podwright rollout resume' and try again");
  w.asked = [];
  assert.equal(await undoObject(w, { object: w.objects[0] }), false);
  assert.deepEqual(w.asked, [['error', `Rolling back Deployment web: ${w.fails.message}`, []]]);
});

test('Pause and Resume Rollout: a Deployment only', async () => {
  const w = new FakeWorkbench();
  w.objects = [object({ kind: 'StatefulSet', name: 'db' }), object({ kind: 'Deployment', name: 'web' })];
  assert.equal(await pauseObject(w, {}, true), true);
  assert.equal(await pauseObject(w, { object: w.objects[1] }, false), true);
  assert.equal(await pauseObject(w, { object: w.objects[0] }, true), false);
  assert.deepEqual(w.calls, ['pause Deployment/default/web', 'resume Deployment/default/web']);
});

test('Trigger makes a Job named as a manual run of the CronJob, within 63 characters', async () => {
  let i = 0;
  const random = () => [0, 0.99, 0.5, 0.1, 0.3][i++ % 5];
  assert.equal(manualJobName('nightly', random), 'nightly-manual-b9rdl');
  const long = manualJobName('a'.repeat(70));
  assert.equal(long.length, 63);
  assert.match(long, /^a{50}-manual-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  const w = new FakeWorkbench();
  w.objects = [object({ kind: 'CronJob', name: 'nightly' })];
  i = 0;
  assert.equal(await triggerCronJob(w, {}, random), 'nightly-manual-b9rdl');
  assert.deepEqual(w.calls, ['job nightly-manual-b9rdl from CronJob/default/nightly']);
});

test('Delete asks first, naming the pods that go with it; declining deletes nothing', async () => {
  const web = object({ kind: 'Deployment', name: 'web' });
  const w = new FakeWorkbench();
  w.objects = [web];
  const owned = (name: string): PodSnapshot => ({ name, namespace: 'default', phase: 'Running', status: 'Running', ready: '1/1', restarts: 0, containers: [], ports: [], owner: { kind: 'Deployment', name: 'web', uid: web.uid } });
  w.pods = [owned('web-1'), owned('web-2')];
  assert.equal(await deleteObject(w, { object: web }), false);
  assert.deepEqual(w.asked, [['confirm', 'Delete Deployment web and its 2 pods?', ['Its pods get their grace period to stop and are not made again. Volumes it mounts keep their data.', DELETE]]]);
  assert.deepEqual(w.calls, []);
  w.answers.confirm.push(DELETE);
  assert.equal(await deleteObject(w, { object: web }), true);
  assert.deepEqual(w.calls, ['delete Deployment/default/web']);
});

test('Delete Data asks, saying it cannot be undone; a refusal while mounted says what to do', async () => {
  const data = { name: 'data-db-0', namespace: 'default', volume: 'podwright-pvc-default-data-db-0', owner: 'StatefulSet/db', accessModes: [], applied: false };
  const w = new FakeWorkbench();
  w.claims = [data];
  w.objects = [object({ kind: 'StatefulSet', name: 'db' })];
  assert.equal(await deleteVolumeData(w, { claim: data }), false);
  assert.deepEqual(w.asked, [
    ['confirm', 'Delete the data of volume data-db-0?', ['Every file in it is removed for good: this cannot be undone. StatefulSet db gets a new, empty volume if it needs this claim again.', DELETE_DATA]],
  ]);
  assert.deepEqual(w.calls, []);
  w.asked = [];
  w.answers.confirm.push(DELETE_DATA);
  w.fails = new Error('persistentvolumeclaim/data-db-0: in use by pod db-0; its data stays until no pod mounts it.');
  assert.equal(await deleteVolumeData(w, {}), false);
  assert.deepEqual(w.asked[1], [
    'error',
    'The data of volume data-db-0 was not deleted: persistentvolumeclaim/data-db-0: in use by pod db-0; its data stays until no pod mounts it. StatefulSet db makes its pods again when they stop: scale it down or delete it first.',
    [],
  ]);
  w.fails = undefined;
  w.answers.confirm.push(DELETE_DATA);
  assert.equal(await deleteVolumeData(w, { claim: { ...data, owner: undefined, applied: true } }), true);
  assert.deepEqual(w.calls.slice(-1), ['delete data default/data-db-0']);
  assert.match(w.asked[w.asked.length - 1][2][0], /The PersistentVolumeClaim data-db-0 is deleted with it\./);
});
