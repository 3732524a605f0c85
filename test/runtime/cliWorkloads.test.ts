// The workload commands as a person types them: apply -f a folder, rollout status, get with
// kubectl's columns and -o json, scale, apply again (unchanged), delete -f, and their exit codes.
// The controller manager runs in the background, started by apply, as it does for a user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliHarness } from './cliHarness';
import { objectsLeft, uniqueName, waitFor } from './helpers';

const podwright = cliHarness('podwright-cliw');

const configMap = (name: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-settings
data:
  greeting: hello
`;

const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {tier: front}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: [sh, -c, 'echo "$GREETING" > /tmp/g; trap "exit 0" TERM; while :; do sleep 1; done']
        env:
        - name: GREETING
          valueFrom: {configMapKeyRef: {name: ${name}-settings, key: greeting}}
        readinessProbe:
          exec: {command: [grep, -q, hello, /tmp/g]}
          periodSeconds: 1
`;

const pod = (name: string, word: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'echo ${word}; trap "exit 0" TERM; while :; do sleep 1; done']
`;

interface PodList {
  kind: string;
  items: { metadata: { name: string; labels: Record<string, string>; ownerReferences?: { kind: string; name: string; uid: string }[] }; status: { phase: string; podIP?: string } }[];
}

test('apply -f a folder, rollout status, get, scale, apply unchanged, delete -f', { timeout: 180_000 }, async (t) => {
  const name = uniqueName('pw-cliw');
  // Two files: the Deployment's pods use the ConfigMap of the other (applied in the same call).
  const dir = join(podwright.work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'a-deployment.yaml'), deployment(name, 2));
  writeFileSync(join(dir, 'b-settings.yaml'), configMap(name));
  t.after(() => podwright(['delete', '-f', name, '--ignore-not-found']));

  const applied = await podwright(['apply', '-f', name]);
  assert.equal(applied.code, 0, applied.err);
  assert.equal(applied.out, `deployment.apps/${name} created\nconfigmap/${name}-settings created\n`);

  const status = await podwright(['rollout', 'status', `deployment/${name}`, '--timeout', '90']);
  assert.equal(status.code, 0, status.err);
  assert.match(status.out, new RegExp(`deployment "${name}" successfully rolled out\\n$`));

  const table = await podwright(['get', 'deploy', name]);
  assert.equal(table.code, 0, table.err);
  const [header, row] = table.out.trimEnd().split('\n');
  assert.match(header, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
  assert.match(row, new RegExp(`^${name}\\s+2/2\\s+2\\s+2\\s+\\d+s$`));

  // -l picks by labels, as kubectl's selector strings do, for pods and workloads alike.
  // The Deployment has its own labels, not its pods'.
  const selected = await podwright(['get', 'pods,deploy', '-l', `app=${name}`, '-o', 'name']);
  assert.equal(selected.code, 0, selected.err);
  assert.deepEqual(selected.out.trimEnd().split('\n').map((l) => l.replace(/-[a-z0-9]+-[a-z0-9]{5}$/, '-POD')), [`pod/${name}-POD`, `pod/${name}-POD`]);
  const front = await podwright(['get', 'deploy', '-l', 'tier=front', '-o', 'name']);
  assert.match(front.out, new RegExp(`^deployment.apps/${name}$`, 'm'));
  const excluded = await podwright(['get', 'pods,deploy', '-l', `app notin (${name}),app`, '-o', 'name']);
  assert.doesNotMatch(excluded.out, new RegExp(name));

  const json = await podwright(['get', 'pods', '-o', 'json']);
  const ownedBy = (p: PodList['items'][number]) => p.metadata.ownerReferences?.[0]?.name.startsWith(`${name}-`) === true;
  const pods = (JSON.parse(json.out) as PodList).items.filter(ownedBy);
  assert.equal(pods.length, 2);
  for (const p of pods) {
    // As the API has them: a Deployment's pod is controlled by its ReplicaSet.
    const hash = p.metadata.labels['pod-template-hash'];
    assert.deepEqual(p.metadata.ownerReferences?.map((o) => [o.kind, o.name]), [['ReplicaSet', `${name}-${hash}`]]);
    assert.equal(p.status.phase, 'Running');
    assert.match(p.metadata.name, new RegExp(`^${name}-${hash}-[a-z0-9]{5}$`));
  }
  // Each pod's address, as the pod itself has it, in status.podIP and in -o wide's IP column.
  const wide = await podwright(['get', 'pods', '-l', `app=${name}`, '-o', 'wide']);
  assert.match(wide.out.split('\n')[0], /^NAME\s+READY\s+STATUS\s+RESTARTS\s+IP\s+PORTS\s+AGE$/);
  for (const p of pods) {
    const own = await podwright(['exec', p.metadata.name, '--', 'hostname', '-i']);
    assert.equal(p.status.podIP, own.out.trim());
    assert.match(wide.out, new RegExp(`^${p.metadata.name}\\s+1/1\\s+Running\\s+0\\s+${p.status.podIP?.replaceAll('.', '\\.')}\\s`, 'm'));
  }
  assert.notEqual(pods[0].status.podIP, pods[1].status.podIP);

  // kubectl's TYPE/NAME picks the workload's oldest pod, and says which.
  const exec = await podwright(['exec', `deploy/${name}`, '--', 'cat', '/tmp/g']);
  assert.equal(exec.code, 0, exec.err);
  assert.match(exec.out, /hello/);
  assert.match(exec.err, new RegExp(`^Found 2 pods, using pod/${name}-[a-z0-9]+-[a-z0-9]{5}\n$`));
  const noPods = await podwright(['logs', `job/${name}`]);
  assert.equal(noPods.code, 1);
  assert.match(noPods.err, new RegExp(`pods of job.batch/${name} not found in namespace 'default'`));

  const again = await podwright(['apply', '-f', name]);
  assert.equal(again.out, `deployment.apps/${name} unchanged\nconfigmap/${name}-settings unchanged\n`);

  const scaled = await podwright(['scale', `deploy/${name}`, '--replicas', '1']);
  assert.equal(scaled.out, `deployment.apps/${name} scaled\n`);
  await waitFor('one pod left', async () => {
    const r = await podwright(['get', 'pods', '-o', 'json']);
    return (JSON.parse(r.out) as PodList).items.filter(ownedBy).length === 1 || undefined;
  }, 30_000, 500);
  const rs = await podwright(['get', 'rs']);
  assert.match(rs.out, new RegExp(`^${name}-${pods[0].metadata.labels['pod-template-hash']}\\s+1\\s+1\\s+1\\s+\\d+s$`, 'm'));

  // describe: kubectl's layout, the counters after the scale, the template, and an event for each scale.
  const rsName = `${name}-${pods[0].metadata.labels['pod-template-hash']}`;
  const described = await podwright(['describe', 'deployment', name]);
  assert.equal(described.code, 0, described.err);
  const lines = described.out.split('\n');
  for (const expected of [
    `Name:                   ${name}`,
    'Labels:                 tier=front',
    'Annotations:            deployment.kubernetes.io/revision: 1',
    `Selector:               app=${name}`,
    'Replicas:               1 desired | 1 updated | 1 total | 1 available | 0 unavailable',
    'StrategyType:           RollingUpdate',
    'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
    `  Labels:  app=${name}`,
    '    Image:      podwright-test/busybox:1',
    '    Readiness:  exec [grep -q hello /tmp/g] delay=0s timeout=1s period=1s #success=1 #failure=3',
    `      GREETING:    <set to the key 'greeting' of config map '${name}-settings'>  Optional: false`,
    '  Available      True    MinimumReplicasAvailable',
    'OldReplicaSets:  <none>',
    `NewReplicaSet:   ${rsName} (1/1 replicas created)`,
  ]) {
    assert.ok(lines.includes(expected), `describe has no line ${JSON.stringify(expected)}:\n${described.out}`);
  }
  assert.match(described.out, new RegExp(`Normal  ScalingReplicaSet  \\d+s +deployment-controller  Scaled up replica set ${rsName} to 2\n`));
  assert.match(described.out, new RegExp(`Normal  ScalingReplicaSet  \\d+s +deployment-controller  Scaled down replica set ${rsName} to 1 from 2\n`));
  // The pods' events are the ReplicaSet's (upstream records them there), not the Deployment's.
  assert.doesNotMatch(described.out, /SuccessfulCreate/);
  const describedRs = await podwright(['describe', 'rs', rsName]);
  assert.equal(describedRs.code, 0, describedRs.err);
  const rsLines = describedRs.out.split('\n');
  const podHash = pods[0].metadata.labels['pod-template-hash'];
  for (const expected of [
    `Name:           ${rsName}`,
    'Namespace:      default',
    `Selector:       app=${name},pod-template-hash=${podHash}`,
    `Labels:         app=${name}`,
    `                pod-template-hash=${podHash}`,
    'Annotations:    deployment.kubernetes.io/desired-replicas: 1',
    '                deployment.kubernetes.io/max-replicas: 2',
    '                deployment.kubernetes.io/revision: 1',
    `Controlled By:  Deployment/${name}`,
    'Replicas:       1 current / 1 desired',
    'Pods Status:    1 Running / 0 Waiting / 0 Succeeded / 0 Failed',
  ]) {
    assert.ok(rsLines.includes(expected), `describe rs has no line ${JSON.stringify(expected)}:\n${describedRs.out}`);
  }
  assert.match(describedRs.out, new RegExp(`Normal  SuccessfulCreate  \\d+s +replicaset-controller  Created pod: ${rsName}-[a-z0-9]{5}\n`));
  assert.match(describedRs.out, new RegExp(`Normal  SuccessfulDelete  \\d+s +replicaset-controller  Deleted pod: ${rsName}-[a-z0-9]{5}\n`));
  // The pod says the same of its controller.
  const [left] = (JSON.parse((await podwright(['get', 'pods', '-o', 'json'])).out) as PodList).items.filter(ownedBy);
  assert.match((await podwright(['describe', 'pod', left.metadata.name])).out, new RegExp(`^Controlled By:  ReplicaSet/${rsName}$`, 'm'));
  // And get rs -o json gives the ReplicaSet as the API would, owned by the Deployment, the pods' owner's uid its own.
  const rsJson = JSON.parse((await podwright(['get', 'rs', rsName, '-o', 'json'])).out) as { metadata: { uid: string; ownerReferences: { kind: string; name: string }[] }; spec: { replicas: number }; status: { replicas: number } };
  assert.deepEqual(rsJson.metadata.ownerReferences.map((o) => [o.kind, o.name]), [['Deployment', name]]);
  assert.equal(rsJson.metadata.uid, left.metadata.ownerReferences?.[0]?.uid);
  assert.deepEqual([rsJson.spec.replicas, rsJson.status.replicas], [1, 1]);
  // It is the Deployment's to change: scaling or deleting it is refused with the Deployment's name.
  for (const argv of [['scale', `rs/${rsName}`, '--replicas', '3'], ['delete', 'rs', rsName]]) {
    const refused = await podwright(argv);
    assert.equal(refused.code, 1);
    assert.match(refused.err, new RegExp(`replicaset.apps/${rsName}: it is controlled by deployment.apps/${name}; scale, restart or delete the Deployment instead\n$`));
  }
  // get events: the controller's and the kubelet's, oldest first, with the object each is about.
  const events = await podwright(['get', 'events']);
  assert.equal(events.code, 0, events.err);
  const eventLines = events.out.split('\n');
  assert.match(eventLines[0], /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
  const at = (re: RegExp) => eventLines.findIndex((l) => re.test(l));
  const created = at(new RegExp(`^\\d+s\\s+Normal\\s+ScalingReplicaSet\\s+deployment/${name}\\s+Created new replica set "${rsName}"$`));
  const started = at(new RegExp(`^\\d+s\\s+Normal\\s+Started\\s+pod/${rsName}-[a-z0-9]{5}\\s+Started container web$`));
  const scaledDown = at(new RegExp(`^\\d+s\\s+Normal\\s+ScalingReplicaSet\\s+deployment/${name}\\s+Scaled down replica set ${rsName} to 1 from 2$`));
  assert.ok(created > 0 && started > created && scaledDown > started, events.out);
  const eventJson = JSON.parse((await podwright(['get', 'ev', '-o', 'json'])).out) as { kind: string; items: { involvedObject: { kind: string; name: string }; reason: string; source: { component: string } }[] };
  assert.equal(eventJson.kind, 'List');
  assert.deepEqual(eventJson.items.find((e) => e.involvedObject.name === name && e.reason === 'ScalingReplicaSet')?.source, { component: 'deployment-controller' });

  const describedJson = JSON.parse((await podwright(['describe', `deploy/${name}`, '-o', 'json'])).out) as { counts: Record<string, number>; replicaSets: unknown[] };
  assert.deepEqual(describedJson.counts, { desired: 1, updated: 1, total: 1, available: 1, unavailable: 0 });
  assert.deepEqual(describedJson.replicaSets, [{ name: rsName, pods: 1, replicas: 1, revision: 1 }]);

  const deleted = await podwright(['delete', '-f', name]);
  assert.equal(deleted.code, 0, deleted.err);
  assert.equal(deleted.out, `configmap "${name}-settings" deleted\ndeployment.apps "${name}" deleted\n`);
  const none = await podwright(['get', 'deploy']);
  assert.equal(none.out, '');
  assert.equal(none.err, 'No resources found in default namespace.\n');
  const missing = await podwright(['delete', `deploy/${name}`]);
  assert.equal(missing.code, 1);
  assert.equal(missing.err, `Error from server (NotFound): deployment.apps "${name}" not found\n`);
  const json2 = await podwright(['get', 'pods', '-o', 'json']);
  assert.deepEqual((JSON.parse(json2.out) as PodList).items.filter((p) => p.metadata.name.startsWith(name)), []);
});

test('apply a bare Pod: created, unchanged, refused when it differs, replaced with --force', { timeout: 120_000 }, async (t) => {
  const name = uniqueName('pw-clip');
  const file = `${name}.yaml`;
  writeFileSync(join(podwright.work, file), pod(name, 'one'));
  t.after(() => podwright(['delete', `pod/${name}`, '--ignore-not-found']));
  assert.equal((await podwright(['apply', '-f', file])).out, `pod/${name} created\n`);
  assert.equal((await podwright(['apply', '-f', file])).out, `pod/${name} unchanged\n`);
  writeFileSync(join(podwright.work, file), pod(name, 'two'));
  const refused = await podwright(['apply', '-f', file]);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /a Pod's spec cannot change in place; apply with --force/);
  const forced = await podwright(['apply', '-f', file, '--force']);
  assert.equal(forced.code, 0, forced.err);
  assert.equal(forced.out, `pod/${name} configured\n`);
  const logs = await waitFor('the new pod logs', async () => {
    const r = await podwright(['logs', name]);
    return r.out.includes('two') ? r.out : undefined;
  }, 20_000, 300);
  assert.equal(logs, 'two\n');
  const { metadata } = JSON.parse((await podwright(['get', 'pod', name, '-o', 'json'])).out) as { metadata: { uid: string } };
  const deleted = await podwright(['delete', 'pod', name]);
  assert.equal(deleted.out, `pod "${name}" deleted\n`);
  assert.deepEqual(await objectsLeft(metadata.uid), { containers: 0, volumes: 0 });
});

test('apply a claim and a Pod that mounts it from one file; get pvc; delete -f removes both', { timeout: 120_000 }, async (t) => {
  const name = uniqueName('pw-clic');
  const file = `${name}.yaml`;
  writeFileSync(
    join(podwright.work, file),
    `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${name}-data
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
${pod(name, 'one').replace('  containers:', '  volumes: [{name: data, persistentVolumeClaim: {claimName: ' + name + '-data}}]\n  containers:').replace('    command:', '    volumeMounts: [{name: data, mountPath: /data}]\n    command:')}`,
  );
  t.after(() => podwright(['delete', '-f', file, '--ignore-not-found']));
  const applied = await podwright(['apply', '-f', file]);
  assert.equal(applied.code, 0, applied.err);
  assert.equal(applied.out, `persistentvolumeclaim/${name}-data created\npod/${name} created\n`);
  const pvc = await podwright(['get', 'pvc', `${name}-data`]);
  assert.match(pvc.out.split('\n')[1], new RegExp(`^${name}-data\\s+Bound\\s+\\S+\\s+1Gi\\s+RWO\\s.*\\s\\d+s$`));
  const deleted = await podwright(['delete', '-f', file]);
  assert.equal(deleted.code, 0, deleted.err);
  assert.equal(deleted.out, `pod "${name}" deleted\npersistentvolumeclaim "${name}-data" deleted\n`);
  await waitFor('the claim and its data to go', async () => ((await podwright(['get', 'pvc', '-o', 'name'])).out.includes(`${name}-data`) ? undefined : true), 30_000, 500);
});

test('usage errors say what is wrong and exit 2; a missing object exits 1', async () => {
  const cases: [string[], RegExp][] = [
    [['get', 'foos'], /the server doesn't have a resource type "foos"/],
    [['get', 'pods', '-l', 'app in (web'], /unable to parse requirement 'app in \(web' of selector/],
    [['scale', 'deploy/web'], /--replicas N is required/],
    [['scale', 'job/web', '--replicas', '2'], /jobs cannot be used here \(only deployments, replicasets, replicationcontrollers, statefulsets\)/],
    [['apply', 'web.yaml'], /give files with -f/],
    [['delete'], /name what to delete/],
    [['rollout', 'abort', 'deploy/web'], /unknown rollout command 'abort' \(status, restart, history, undo, pause, resume\)/],
    [['rollout', 'resume', 'ds/web'], /daemonsets cannot be used here \(only deployments\)/],
    [['rollout', 'history', 'deploy/web', '--revision', '0'], /--revision takes a revision number, with history/],
    [['rollout', 'undo', 'deploy/web', '--to-revision', 'last'], /--to-revision takes a revision number, with undo/],
    [['create', 'job', 'x', '--from', 'deploy/web'], /--from=cronjob\/NAME is required/],
    [['describe', 'configmap', 'web'], /cannot describe "configmap": podwright describes pods, deployments, replicasets, replicationcontrollers, statefulsets, daemonsets, jobs, cronjobs, services/],
    [['describe', 'deploy', 'a', 'b'], /expected exactly one POD/],
    [['get', 'events,pods'], /list events on their own/],
  ];
  for (const [args, message] of cases) {
    const r = await podwright(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
  }
  const missing = await podwright(['scale', 'deploy/pw-no-such-thing', '--replicas', '2']);
  assert.equal(missing.code, 1);
  assert.equal(missing.err, "podwright scale: deployment.apps/pw-no-such-thing not found in namespace 'default'\n");
});

test('describe a finished Job and a CronJob as kubectl does', { timeout: 120_000 }, async (t) => {
  const name = uniqueName('pw-cliw-desc');
  const file = join(podwright.work, `${name}.yaml`);
  writeFileSync(
    file,
    `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 0
      containers:
      - name: once
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: [sh, -c, "echo done"]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}-cron
spec:
  schedule: "0 0 1 1 *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: tick
            image: podwright-test/busybox:1
            imagePullPolicy: Never
            args: [date]
`,
  );
  t.after(() => podwright(['delete', '-f', file, '--ignore-not-found']));
  assert.equal((await podwright(['apply', '-f', file])).code, 0);
  const { metadata } = JSON.parse((await podwright(['get', 'job', name, '-o', 'json'])).out) as { metadata: { uid: string } };
  const job = await waitFor('the Job to complete', async () => {
    const r = await podwright(['describe', 'job', name]);
    return r.out.includes('Pods Statuses:      0 Active (0 Ready) / 1 Succeeded / 0 Failed') ? r.out : undefined;
  }, 60_000, 500);
  const lines = job.split('\n');
  for (const expected of [
    `Selector:           batch.kubernetes.io/controller-uid=${metadata.uid}`,
    'Parallelism:        1',
    'Completions:        1',
    'Completion Mode:    NonIndexed',
    'Backoff Limit:      2',
    `  Labels:  batch.kubernetes.io/controller-uid=${metadata.uid}`,
    `           batch.kubernetes.io/job-name=${name}`,
    '   once:',
    '  Complete   True    CompletionsReached',
  ]) {
    assert.ok(lines.includes(expected), `describe job has no line ${JSON.stringify(expected)}:\n${job}`);
  }
  assert.match(job, /^Start Time: +\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [-+]\d{4}$/m);
  assert.match(job, new RegExp(`Normal  SuccessfulCreate  \\d+s +job-controller  Created pod: ${name}-[a-z0-9]{5}\n`));

  const cron = await podwright(['describe', `cj/${name}-cron`]);
  assert.equal(cron.code, 0, cron.err);
  const cronLines = cron.out.split('\n');
  for (const expected of [
    'Schedule:                      0 0 1 1 *',
    'Concurrency Policy:            Forbid',
    'Suspend:                       False',
    'Successful Job History Limit:  3',
    'Failed Job History Limit:      1',
    'Starting Deadline Seconds:     <unset>',
    'Selector:                      <unset>',
    '    Args:',
    '      date',
    'Last Schedule Time:  <unset>',
    'Active Jobs:         <none>',
    'Events:              <none>',
  ]) {
    assert.ok(cronLines.includes(expected), `describe cronjob has no line ${JSON.stringify(expected)}:\n${cron.out}`);
  }
  const missing = await podwright(['describe', 'deploy', `${name}-nope`]);
  assert.deepEqual([missing.code, missing.err], [1, `podwright describe: deployment.apps/${name}-nope not found in namespace 'default'\n`]);
});

test('describe service: address, ports with their targets, Ready endpoints; a headless one has IP None', { timeout: 120_000 }, async (t) => {
  const name = uniqueName('pw-cliw-svc');
  const file = join(podwright.work, `${name}.yaml`);
  writeFileSync(
    file,
    `${deployment(name, 1).replace(/valueFrom: .*/, 'value: hello')}---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels: {tier: front}
spec:
  selector: {app: ${name}}
  ports:
  - {name: http, port: 80, targetPort: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-hl
spec:
  clusterIP: None
  selector: {app: ${name}}
`,
  );
  t.after(() => podwright(['delete', '-f', file, '--ignore-not-found']));
  const applied = await podwright(['apply', '-f', file]);
  assert.equal(applied.code, 0, applied.err);
  assert.equal((await podwright(['rollout', 'status', `deployment/${name}`, '--timeout', '90'])).code, 0);
  const out = await waitFor('an endpoint', async () => {
    const r = await podwright(['describe', 'svc', name]);
    return /^Endpoints: +\d+\.\d+\.\d+\.\d+:8080$/m.test(r.out) ? r.out : undefined;
  }, 30_000, 500);
  const lines = out.split('\n');
  for (const expected of [`Name:                     ${name}`, 'Labels:                   tier=front', `Selector:                 app=${name}`, 'Type:                     ClusterIP', 'Port:                     http  80/TCP', 'TargetPort:               8080/TCP', 'Session Affinity:         None']) {
    assert.ok(lines.includes(expected), `describe svc has no line ${JSON.stringify(expected)}:\n${out}`);
  }
  const ip = /^IP: +(\d+\.\d+\.\d+\.\d+)$/m.exec(out)?.[1];
  const json = JSON.parse((await podwright(['describe', `service/${name}`, '-o', 'json'])).out) as { service: { clusterIP: string; endpoints: { ip: string; ready: boolean }[] } };
  assert.equal(ip, json.service.clusterIP);
  assert.match(out, new RegExp(`^Endpoints: +${json.service.endpoints[0].ip.replaceAll('.', '\\.')}:8080$`, 'm'));
  const headless = (await podwright(['describe', 'svc', `${name}-hl`])).out.split('\n');
  assert.ok(headless.includes('IP:                       None'), headless.join('\n'));
});
