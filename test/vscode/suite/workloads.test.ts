// Workloads from the editor against the real engine and a background controller manager: ▶ Apply
// on a Deployment's CodeLens, its live status on the lens, the Deployment with its pods in the Pods
// view, Scale…, Delete, and a claim's volume whose data is refused while mounted and then deleted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PodwrightApi } from '../../../client/src/extension/extension';
import { followWorkloadLogs } from '../../../client/src/flows/workloadLogs';
import { childrenOf, namespaceContents, type PodsNode } from '../../../client/src/podsView/nodes';
import { present } from '../../../client/src/podsView/presentation';
import { Answers } from './answers';
import { api, fixture, note, open, until } from './helpers';

const WEB = { kind: 'Deployment', namespace: 'default', name: 'suite-web' };
const DATA = { namespace: 'default', name: 'suite-data' };
const HOST_WEB = { kind: 'Deployment', namespace: 'default', name: 'suite-host-web' };
const POD_DATA = { namespace: 'default', name: 'suite-pod-data' };
const CLAIM_POD = { namespace: 'default', name: 'suite-claim-pod' };
const CRON = { kind: 'CronJob', namespace: 'default', name: 'suite-cron' };
const DB = { kind: 'StatefulSet', namespace: 'default', name: 'suite-db' };
const DB_CLAIMS = ['data-suite-db-0', 'data-suite-db-1'];

async function lensTitles(document: vscode.TextDocument): Promise<[number, string][]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)) ?? [];
  return lenses.map((l) => [l.range.start.line, l.command?.title ?? '']);
}

suite('workloads', () => {
  let a: PodwrightApi;
  const answers = new Answers();
  const roots = () => namespaceContents(a.services.store.snapshot);
  const workloadNode = () => roots().find((n): n is Extract<PodsNode, { kind: 'object' }> => n.kind === 'object' && n.object.name === WEB.name && !n.gone);
  const volumeNode = (name = DATA.name) => {
    const group = roots().find((n) => n.kind === 'group' && n.group === 'volumes');
    return group ? childrenOf(group).find((n): n is Extract<PodsNode, { kind: 'volume' }> => n.kind === 'volume' && n.claim.name === name) : undefined;
  };
  const ownPods = (name = WEB.name) => {
    const s = a.services.store.snapshot;
    return s.kind === 'up' ? s.pods.filter((p) => p.owner?.name === name) : [];
  };
  /** The Deployment's one pod once it is not `old` and it is ready, the node saying so too. */
  const replaced = (what: string, old: string) =>
    until(
      what,
      () => {
        const pods = ownPods();
        return pods.length === 1 && pods[0].name !== old && pods[0].ready === '1/1' && workloadNode()?.object.status === '1/1 ready' ? pods[0] : undefined;
      },
      60_000,
    );
  /** A Deployment pod's pod-template-hash, from its name `<deployment>-<hash>-<5 characters>`. */
  const hash = (name: string) => name.split('-').slice(-2, -1)[0];
  const applied = (name: string) => {
    const s = a.services.store.snapshot;
    return s.kind === 'up' ? (s.objects ?? []).find((o) => o.name === name) : undefined;
  };
  const cleanUp = async () => {
    const bridge = a.services.bridge();
    await bridge.deleteObject(HOST_WEB);
    // The CronJob's Jobs go with it.
    await bridge.deleteObject(CRON);
    await bridge.deleteObject(DB);
    for (const name of DB_CLAIMS) await bridge.deleteClaimData({ namespace: 'default', name });
    await bridge.deleteObject(WEB);
    await bridge.deleteClaimData(DATA);
    await a.services.store.refresh();
    const s = a.services.store.snapshot;
    if (s.kind === 'up' && s.pods.some((p) => p.name === CLAIM_POD.name && p.namespace === CLAIM_POD.namespace)) await bridge.stop(CLAIM_POD, { force: true });
    await bridge.deleteClaimData(POD_DATA);
    await a.services.store.refresh();
  };

  suiteSetup(async function () {
    this.timeout(120_000);
    a = await api();
    a.services.prompts = answers;
    await a.services.ensureStarted();
    await until(
      'the engine',
      () => {
        const s = a.services.store.snapshot;
        if (s.kind === 'down') throw new Error(`down: ${s.reason}`);
        return s.kind === 'up';
      },
      30_000,
    );
    await cleanUp();
  });

  setup(() => answers.reset());

  suiteTeardown(async function () {
    this.timeout(120_000);
    await cleanUp();
  });

  test('▶ Apply on a 2-replica Deployment: the lens shows 2/2 ready, the Pods view the Deployment with 2 pods', async function () {
    this.timeout(150_000);
    const document = await open('workloads.yaml');
    const before = await until('the lenses', async () => {
      const titles = await lensTitles(document);
      return titles.length === 2 ? titles : undefined;
    });
    assert.deepEqual(before, [
      [0, '▶ Apply'],
      [10, '▶ Apply'],
    ]);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)) ?? [];
    const apply = lenses.find((l) => l.range.start.line === 10)?.command;
    assert.ok(apply);
    const t0 = Date.now();
    const ok = await vscode.commands.executeCommand<boolean>(apply.command, ...(apply.arguments ?? []));
    assert.deepEqual(answers.asked, [], 'no question for a Deployment without host access');
    assert.equal(ok, true);
    const after = await until(
      'the lens to show 2/2 ready',
      async () => {
        const titles = await lensTitles(document);
        return titles.some(([line, t]) => line === 10 && t === '2/2 ready') ? titles : undefined;
      },
      120_000,
    );
    note(`workloads: applied to 2/2 ready on the lens in ${Date.now() - t0} ms`);
    // The claim of the same file was applied with it (the pods mount it).
    assert.deepEqual(after, [
      [0, '▶ Apply'],
      [0, 'Bound · 1Mi'],
      [0, 'Delete Data'],
      [10, '▶ Apply'],
      [10, '2/2 ready'],
      [10, 'Scale…'],
      [10, 'Timeline'],
      [10, 'Delete'],
    ]);
    const node = workloadNode();
    assert.ok(node, 'the Deployment is in the Pods view');
    const view = present(node, Date.now());
    assert.equal(view.description, 'Deployment · 2/2 ready');
    assert.equal(view.contextValue, 'podwright.object deployment applied scalable restartable pausable manifest');
    const pods = childrenOf(node);
    assert.equal(pods.length, 2);
    for (const p of pods) {
      assert.ok(p.kind === 'pod');
      assert.match(p.pod.name, /^suite-web-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.equal(present(p, Date.now()).description, 'Running · 1/1');
      assert.deepEqual(childrenOf(p).map((c) => present(c, Date.now()).label), ['web']);
    }
    assert.ok(!roots().some((n) => n.kind === 'pod' && n.pod.owner), 'no pod of the Deployment at the top level');
    assert.equal(volumeNode() && present(volumeNode()!, Date.now()).description, '1Mi · PersistentVolumeClaim');
  });

  test('Scale… to 1 from the Pods view leaves one pod', async function () {
    this.timeout(90_000);
    const node = workloadNode();
    assert.ok(node);
    answers.answer('input', '1');
    const ok = await vscode.commands.executeCommand<boolean>('podwright.workload.scale', node);
    assert.equal(ok, true);
    assert.deepEqual(answers.asked, [{ kind: 'input', message: 'Replicas of Deployment suite-web (now 2)', actions: ['2'] }]);
    await until('one pod of suite-web', () => ownPods().length === 1 && workloadNode()?.object.status === '1/1 ready', 60_000);
    assert.equal(childrenOf(workloadNode()!).length, 1);
  });

  test('Describe from the Pods view: the Deployment and its pod as kubectl describe prints them, in tabs of their own', async function () {
    this.timeout(60_000);
    const node = workloadNode();
    assert.ok(node);
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('podwright.describe', node);
    assert.equal(editor.document.uri.toString(), 'podwright-describe:/default/deployment/suite-web');
    const lines = editor.document.getText().split('\n');
    assert.equal(lines[0], 'Name:                   suite-web');
    assert.ok(lines.includes('Replicas:               1 desired | 1 updated | 1 total | 1 available | 0 unavailable'), editor.document.getText());
    assert.ok(lines.some((l) => /^NewReplicaSet: +suite-web-[a-z0-9]+ \(1\/1 replicas created\)$/.test(l)), editor.document.getText());
    assert.ok(lines.some((l) => /Scaled down replica set suite-web-[a-z0-9]+ to 1 from 2$/.test(l)), editor.document.getText());

    const [pod] = ownPods();
    const podEditor = await vscode.commands.executeCommand<vscode.TextEditor>('podwright.describe', { kind: 'pod', pod });
    assert.equal(podEditor.document.uri.toString(), `podwright-describe:/default/pod/${pod.name}`);
    const podText = podEditor.document.getText();
    assert.match(podText, new RegExp(`^Name: +${pod.name}\n`));
    // A Deployment's pod is its ReplicaSet's: `<deployment>-<hash>`, the pod's name less its suffix.
    assert.match(pod.name, /^suite-web-[a-z0-9]+-[a-z0-9]{5}$/);
    assert.match(podText, new RegExp(`^Controlled By: +ReplicaSet/${pod.name.slice(0, pod.name.lastIndexOf('-'))}$`, 'm'));
    assert.match(podText, /^Status: +Running$/m);
    // The ReplicaSet it names can be described too (the kinds are the runtime's own list): a
    // podwright-describe: document opened by its address, as a link to it would open it.
    const rsName = pod.name.slice(0, pod.name.lastIndexOf('-'));
    const rs = await vscode.workspace.openTextDocument(vscode.Uri.parse(`podwright-describe:/default/replicaset/${rsName}`));
    assert.match(rs.getText(), new RegExp(`^Name: +${rsName}\n`));
    assert.match(rs.getText(), /^Controlled By: +Deployment\/suite-web$/m);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Show Workload Logs: every pod of the Deployment, and the pod a scale-up makes while it is open', async function () {
    this.timeout(120_000);
    const node = workloadNode();
    assert.ok(node);
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('podwright.workload.logs', node);
    assert.equal(terminal.name, 'Logs: deployment/suite-web');
    // A terminal's text cannot be read back: the lines are read through the follower the terminal
    // writes from, on the same store and bridge, with a sink of the test's own.
    const s = a.services;
    const lines: string[] = [];
    const following = followWorkloadLogs(
      { snapshot: () => s.store.snapshot, onDidChange: (l) => s.store.onDidChange(l), logs: (pod, c, onLine, signal) => s.bridge().logs(pod, c, onLine, signal) },
      WEB,
      { line: (pod, l) => lines.push(`${pod.name}/${l.container}: ${l.text.trim()}`), failed: (pod, c, message) => lines.push(`${pod.name}/${c} failed: ${message}`) },
    );
    try {
      const [first] = ownPods();
      await until('the pod’s first line', () => lines.includes(`${first.name}/web: web ${first.name} up`), 30_000);
      await s.bridge().scale(WEB, 2);
      const second = await until('the new pod’s first line', () => ownPods().find((p) => p.name !== first.name && lines.includes(`${p.name}/web: web ${p.name} up`)), 60_000);
      assert.deepEqual(lines.filter((l) => !l.startsWith(`${first.name}/`) && !l.startsWith(`${second.name}/`)), [], 'only the Deployment’s pods');
      assert.equal(lines.filter((l) => l === `${first.name}/web: web ${first.name} up`).length, 1, 'a container run is followed once');
    } finally {
      following.dispose();
      terminal.dispose();
    }
    await s.bridge().scale(WEB, 1);
    await until('one pod, ready, again', () => ownPods().length === 1 && ownPods()[0].ready === '1/1' && workloadNode()?.object.status === '1/1 ready', 60_000);
  });

  test('Restart from the Pods view rolls the Deployment: its pod is replaced by one of a new template', async function () {
    this.timeout(90_000);
    const node = workloadNode();
    assert.ok(node);
    const [before] = ownPods();
    assert.ok(before);
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.workload.restart', node), true);
    assert.deepEqual(answers.asked, []);
    // kubectl rollout restart changes the template (its restartedAt annotation): a new pod-template-hash.
    const after = await replaced('the new pod ready and the old one gone', before.name);
    assert.notEqual(hash(after.name), hash(before.name));
  });

  test('Undo Rollout from the Pods view goes back to the template before the restart; Pause and Resume Rollout hold and free it', async function () {
    this.timeout(120_000);
    const [before] = ownPods();
    assert.ok(before);
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.workload.undo', workloadNode()), true);
    assert.deepEqual(answers.asked, []);
    const after = await replaced('the pod of the earlier template ready, and the restarted one gone', before.name);
    assert.notEqual(hash(after.name), hash(before.name));
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.workload.pause', workloadNode()), true);
    await until('the node paused', () => workloadNode()?.object.paused === true, 20_000);
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.workload.resume', workloadNode()), true);
    await until('the node resumed', () => workloadNode() !== undefined && workloadNode()?.object.paused === undefined, 20_000);
    assert.deepEqual(answers.asked, []);
  });

  test('Restart Pod on a pod of the Deployment deletes it, and its controller makes a new one', async function () {
    this.timeout(90_000);
    const [podNode] = childrenOf(workloadNode()!);
    assert.ok(podNode?.kind === 'pod');
    const old = podNode.pod.name;
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.pod.restart', podNode), true);
    assert.deepEqual(answers.asked, []);
    await replaced('a new pod ready in its place', old);
  });

  test('Delete Data of a mounted volume is refused and says so; nothing is removed', async function () {
    this.timeout(60_000);
    const volume = volumeNode();
    assert.ok(volume, 'the claim is in the Volumes group');
    answers.answer('confirm', 'Delete Data');
    const ok = await vscode.commands.executeCommand<boolean>('podwright.volume.deleteData', volume);
    assert.equal(ok, false);
    assert.equal(answers.asked[0].message, 'Delete the data of volume suite-data?');
    assert.equal(answers.asked[1].kind, 'error');
    assert.match(answers.asked[1].message, /^The data of volume suite-data was not deleted: persistentvolumeclaim\/suite-data: in use by pod suite-web-\S+; its data stays until no pod mounts it\.$/);
    await a.services.store.refresh();
    assert.ok(volumeNode(), 'the volume is still there');
  });

  test('Delete from the lens asks, then the Deployment and its pods are gone; then the data can go', async function () {
    this.timeout(90_000);
    answers.answer('confirm', 'Delete');
    const ok = await vscode.commands.executeCommand<boolean>('podwright.workload.delete', { uri: fixture('workloads.yaml'), document: 1 });
    assert.equal(ok, true);
    assert.deepEqual(answers.asked, [{ kind: 'confirm', message: 'Delete Deployment suite-web and its 1 pod?', actions: ['Delete'] }]);
    await until('no Deployment and no pod', () => !workloadNode() && ownPods().length === 0 && !roots().some((n) => n.kind === 'object' && n.object.name === WEB.name), 30_000);
    answers.reset();
    answers.answer('confirm', 'Delete Data');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.volume.deleteData', { uri: fixture('workloads.yaml'), document: 0 }), true);
    await until('the volume gone', () => !volumeNode(), 20_000);
    const document = await open('workloads.yaml');
    await until('the lenses back to ▶ Apply only', async () => ((await lensTitles(document)).length === 2 ? true : undefined), 20_000);
  });

  test('a Deployment reaching the host asks first; declining applies nothing, accepting runs its pod with that access', async function () {
    this.timeout(90_000);
    await open('workload-host-path.yaml');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.workload.apply'), false);
    assert.deepEqual(
      answers.asked.map((q) => [q.kind, q.message, q.actions]),
      [['confirm', "Deployment suite-host-web reaches this machine: hostPath volume 'host-tmp' (/tmp).", ['Apply with Host Access']]],
    );
    await a.services.store.refresh();
    assert.equal(applied(HOST_WEB.name), undefined, 'nothing applied when declined');
    answers.reset();
    answers.answer('confirm', 'Apply with Host Access');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.workload.apply'), true);
    // The consent is stored with the Deployment: its controller makes the pod with the hostPath.
    await until('suite-host-web 1/1 ready', () => applied(HOST_WEB.name)?.status === '1/1 ready' && ownPods(HOST_WEB.name).length === 1, 60_000);
    answers.reset();
    answers.answer('confirm', 'Delete');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.workload.delete', { uri: fixture('workload-host-path.yaml'), document: 0 }), true);
    await until('suite-host-web and its pod gone', () => !applied(HOST_WEB.name) && ownPods(HOST_WEB.name).length === 0, 30_000);
  });

  test('a bare Pod mounting a claim: refused until the claim is applied, then it runs with the claim’s volume', async function () {
    this.timeout(90_000);
    const document = await open('claim-pod.yaml');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: document.uri, document: 1 }), false);
    assert.equal(answers.asked.length, 1);
    assert.equal(
      answers.asked[0].message,
      'Pod suite-claim-pod was not started: spec.volumes[0].persistentVolumeClaim.claimName: persistentvolumeclaim "suite-pod-data" not found in namespace \'default\'; apply it first.',
    );
    answers.reset();
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.workload.apply', { uri: document.uri, document: 0 }), true);
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: document.uri, document: 1 }), true);
    assert.deepEqual(answers.asked, []);
    await a.services.store.refresh();
    const s = a.services.store.snapshot;
    assert.ok(s.kind === 'up');
    assert.equal(s.pods.find((p) => p.name === CLAIM_POD.name)?.phase, 'Running');
    const claim = (s.claims ?? []).find((c) => c.name === POD_DATA.name);
    assert.ok(claim, 'the claim has its volume');
    assert.ok(claim.applied);
  });

  test('Trigger on a suspended CronJob makes a Job from its template now; it completes; Delete takes the CronJob and its Job', async function () {
    this.timeout(90_000);
    const document = await open('cronjob.yaml');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.workload.apply', { uri: document.uri, document: 0 }), true);
    await until('the lens to say suspended', async () => ((await lensTitles(document)).some(([, t]) => t === 'suspended') ? true : undefined), 30_000);
    assert.deepEqual(
      (await lensTitles(document)).map(([, t]) => t),
      ['▶ Apply', 'suspended', 'Trigger', 'Delete'],
    );
    const cron = () => roots().find((n): n is Extract<PodsNode, { kind: 'object' }> => n.kind === 'object' && n.object.kind === 'CronJob' && n.object.name === CRON.name && !n.gone);
    await until('the CronJob in the Pods view', () => cron(), 20_000);
    assert.match(present(cron()!, Date.now()).contextValue, /\btriggerable\b/);
    const job = await vscode.commands.executeCommand<string | undefined>('podwright.workload.trigger', cron());
    assert.ok(job);
    assert.match(job, /^suite-cron-manual-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    await until('the Job Complete 1/1', () => applied(job)?.status === 'Complete 1/1', 60_000);
    assert.equal(applied(job)?.kind, 'Job');
    answers.answer('confirm', 'Delete');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.workload.delete', cron()), true);
    assert.match(answers.asked[0].message, /^Delete CronJob suite-cron\b/);
    await until('the CronJob and its Job gone', () => !applied(CRON.name) && !applied(job), 30_000);
  });

  test('a StatefulSet: suite-db-0 and -1 beneath it, a volume each that outlives its deletion; Delete Data then removes one', async function () {
    this.timeout(120_000);
    const document = await open('statefulset.yaml');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.workload.apply', { uri: document.uri, document: 0 }), true);
    const db = () => roots().find((n): n is Extract<PodsNode, { kind: 'object' }> => n.kind === 'object' && n.object.kind === 'StatefulSet' && n.object.name === DB.name && !n.gone);
    await until('suite-db 2/2 ready', () => db()?.object.status === '2/2 ready', 90_000);
    assert.deepEqual(
      childrenOf(db()!).map((n) => (n.kind === 'pod' ? [n.pod.name, present(n, Date.now()).description] : [])),
      [
        ['suite-db-0', 'Running · 1/1'],
        ['suite-db-1', 'Running · 1/1'],
      ],
    );
    assert.deepEqual(
      DB_CLAIMS.map((name) => volumeNode(name) && present(volumeNode(name)!, Date.now()).description),
      ['2Mi · StatefulSet suite-db', '2Mi · StatefulSet suite-db'],
    );
    answers.answer('confirm', 'Delete');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.workload.delete', db()), true);
    assert.equal(answers.asked[0].message, 'Delete StatefulSet suite-db and its 2 pods?');
    // The default retention policy (Retain): the claims and their data stay.
    await until('the StatefulSet and its pods gone', () => !db() && ownPods(DB.name).length === 0 && !applied(DB.name), 30_000);
    assert.ok(DB_CLAIMS.every((name) => volumeNode(name)), 'both volumes are kept');
    answers.reset();
    answers.answer('confirm', 'Delete Data');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.volume.deleteData', volumeNode(DB_CLAIMS[0])), true);
    assert.equal(answers.asked[0].message, 'Delete the data of volume data-suite-db-0?');
    await until('data-suite-db-0 gone, data-suite-db-1 kept', () => !volumeNode(DB_CLAIMS[0]) && volumeNode(DB_CLAIMS[1]), 20_000);
  });
});
