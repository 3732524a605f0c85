import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appName, appObjects, appPods, childrenOf, folderOf, rootNodes, type PodsNode } from '../../client/src/podsView/nodes';
import { humanDuration, portUrl, present, servicePublishedPorts, statusText } from '../../client/src/podsView/presentation';
import type { ClaimSnapshot, ObjectSnapshot, PodSnapshot } from '../../client/src/podsView/snapshot';
import { statusBarView } from '../../client/src/podsView/statusBar';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function pod(over: Partial<PodSnapshot> = {}): PodSnapshot {
  return {
    name: 'web',
    namespace: 'default',
    phase: 'Running',
    status: 'Running',
    ready: '2/2',
    restarts: 0,
    containers: [
      { name: 'app', role: 'app', state: 'running', restarts: 0, ready: true, image: 'podwright-test/busybox:1' },
      { name: 'proxy', role: 'sidecar', state: 'running', restarts: 0, ready: true, image: 'podwright-test/busybox:1' },
      { name: 'setup', role: 'init', state: 'terminated', reason: 'Completed', exitCode: 0, restarts: 0, ready: false, image: 'podwright-test/busybox:1' },
    ],
    ports: [{ containerPort: 80, hostIP: '127.0.0.1', hostPort: 8080, protocol: 'TCP' }],
    manifest: '/ws/web.yaml',
    createdAt: NOW - 5 * 60 * 1000 - 7000,
    ...over,
  };
}

test('an unreachable engine is one message node that says what to do and names the host', () => {
  const nodes = rootNodes({ kind: 'down', reason: 'Nothing answers on the Docker socket (ECONNREFUSED).', dockerHost: 'unix:///var/run/docker.sock' });
  assert.equal(nodes.length, 1);
  const view = present(nodes[0], NOW);
  assert.equal(view.label, 'Docker engine not reachable');
  assert.equal(view.contextValue, 'podwright.message engineDown');
  assert.match(view.tooltip ?? '', /ECONNREFUSED/);
  assert.match(view.tooltip ?? '', /podwright\.docker\.host.*unix:\/\/\/var\/run\/docker\.sock/);
  assert.deepEqual(childrenOf(nodes[0]), []);
});

test('no pods: a message pointing at Run pod; loading: a spinner message', () => {
  assert.equal(present(rootNodes({ kind: 'up', pods: [] })[0], NOW).label, 'No pods running');
  assert.equal(present(rootNodes({ kind: 'loading' })[0], NOW).icon.id, 'loading~spin');
});

/** The nodes beneath an application's namespaces, in order (what the tree showed at its root before applications). */
const inApp = (app: PodsNode) => childrenOf(app).flatMap((ns) => childrenOf(ns));

test('pods sorted by namespace/name; a running ready pod is green with STATUS and READY as description', () => {
  const [app] = rootNodes({ kind: 'up', pods: [pod({ name: 'zeta' }), pod({ name: 'alpha', namespace: 'tools' }), pod()] });
  const nodes = inApp(app);
  assert.deepEqual(
    nodes.map((n) => (n.kind === 'pod' ? `${n.pod.namespace}/${n.pod.name}` : n.kind)),
    ['default/web', 'default/zeta', 'tools/alpha'],
  );
  const web = present(nodes[0], NOW);
  assert.equal(web.label, 'web');
  assert.equal(web.description, 'Running · 2/2');
  assert.deepEqual(web.icon, { id: 'pass-filled', color: 'charts.green' });
  assert.equal(web.contextValue, 'podwright.pod running ports manifest live');
  assert.equal(web.collapsible, 'expanded');
  assert.equal(present(nodes[2], NOW).description, 'tools · Running · 2/2');
});

test('the tooltip gives restarts, kubectl age, the IP, published ports and the manifest', () => {
  const tooltip = present({ kind: 'pod', pod: pod({ restarts: 3, ip: '172.18.0.5' }) }, NOW).tooltip ?? '';
  assert.match(tooltip, /- Restarts: 3\n/);
  assert.match(tooltip, /- Age: 5m7s\n- IP: 172\.18\.0\.5 \(other pods reach it there\)\n/);
  assert.doesNotMatch(present({ kind: 'pod', pod: pod({}) }, NOW).tooltip ?? '', /- IP:/);
  assert.match(tooltip, /- Ports: 127\.0\.0\.1:8080→80\/TCP\n/);
  assert.match(tooltip, /- Manifest: \/ws\/web\.yaml$/);
});

test('phase and status pick icon and colour; a node id changes with the state so the tree redraws it', () => {
  const icon = (p: Partial<PodSnapshot>) => present({ kind: 'pod', pod: pod(p) }, NOW).icon;
  assert.deepEqual(icon({ ready: '1/2' }), { id: 'circle-large-outline', color: 'charts.yellow' });
  assert.deepEqual(icon({ phase: 'Pending', status: 'Init:0/1', ready: '0/2' }), { id: 'loading~spin', color: 'charts.yellow' });
  assert.deepEqual(icon({ phase: 'Pending', status: 'Init:Error', ready: '0/2' }), { id: 'error', color: 'charts.red' });
  assert.deepEqual(icon({ phase: 'Succeeded', status: 'Completed', ready: '0/2' }), { id: 'pass', color: 'charts.blue' });
  assert.deepEqual(icon({ phase: 'Failed', status: 'Error', ready: '0/2' }), { id: 'error', color: 'charts.red' });
  assert.deepEqual(icon({ status: 'CrashLoopBackOff', ready: '1/2' }), { id: 'warning', color: 'charts.orange' });
  const a = present({ kind: 'pod', pod: pod() }, NOW).id;
  const b = present({ kind: 'pod', pod: pod({ ready: '1/2' }) }, NOW).id;
  assert.notEqual(a, b);
  assert.ok(a.startsWith('pod:default/web:'));
});

test('containers: init and sidecar first (start order), then apps; role, state, reason, exit code and restarts', () => {
  const [podNode] = inApp(rootNodes({ kind: 'up', pods: [pod()] })[0]);
  const children = childrenOf(podNode).map((n) => present(n, NOW));
  assert.deepEqual(
    children.map((c) => [c.label, c.description]),
    [
      ['proxy', 'sidecar · running'],
      ['setup', 'init · terminated (Completed) · exit 0'],
      ['app', 'app · running'],
    ],
  );
  const looping = present(
    {
      kind: 'container',
      pod: pod(),
      container: { name: 'app', role: 'app', state: 'waiting', reason: 'CrashLoopBackOff', restarts: 4, ready: false, image: 'x' },
    },
    NOW,
  );
  assert.equal(looping.description, 'app · waiting (CrashLoopBackOff) · 4 restarts');
  assert.deepEqual(looping.icon, { id: 'warning', color: 'charts.orange' });
  assert.equal(looping.contextValue, 'podwright.container app waiting');
  const oom = present(
    { kind: 'container', pod: pod(), container: { name: 'app', role: 'app', state: 'terminated', reason: 'OOMKilled', exitCode: 137, restarts: 1, ready: false, image: 'x' } },
    NOW,
  );
  assert.equal(oom.description, 'app · terminated (OOMKilled) · exit 137 · 1 restart');
  assert.deepEqual(oom.icon, { id: 'error', color: 'charts.red' });
});

test('a pod without published ports or manifest has no Open in Browser / Reveal Manifest words', () => {
  const v = present({ kind: 'pod', pod: pod({ ports: [{ containerPort: 53, hostIP: '127.0.0.1', hostPort: 5353, protocol: 'UDP' }], manifest: undefined }) }, NOW);
  assert.equal(v.contextValue, 'podwright.pod running live');
});

test('kubectl ages (HumanDuration)', () => {
  const s = 1000;
  assert.deepEqual(
    [0, 119 * s, 120 * s, 605 * s, 179 * 60 * s, 3 * 3600 * s, 7 * 3600 * s + 60 * s, 30 * 3600 * s, 3 * 86400 * s + 3600 * s, 400 * 86400 * s, 800 * 86400 * s].map(humanDuration),
    ['0s', '119s', '2m', '10m', '179m', '3h', '7h1m', '30h', '3d1h', '400d', '2y70d'],
  );
});

test('port URLs use the loopback address for an unspecified host address and brackets for IPv6', () => {
  assert.equal(portUrl({ containerPort: 80, hostIP: '0.0.0.0', hostPort: 8080, protocol: 'TCP' }), 'http://127.0.0.1:8080/');
  assert.equal(portUrl({ containerPort: 80, hostIP: '::1', hostPort: 8080, protocol: 'TCP' }), 'http://[::1]:8080/');
});

test('Copy Status gives a kubectl-like table and the containers', () => {
  assert.equal(
    statusText(pod(), NOW),
    [
      'NAME   READY   STATUS    RESTARTS   AGE',
      'web    2/2     Running   0          5m7s',
      'containers:',
      '  app (app, podwright-test/busybox:1): running, ready',
      '  proxy (sidecar, podwright-test/busybox:1): running, ready',
      '  setup (init, podwright-test/busybox:1): terminated (Completed) · exit 0',
      '',
    ].join('\n'),
  );
});

test('status bar: running count, warning when a pod crash-loops, hidden while connecting', () => {
  assert.equal(statusBarView({ kind: 'loading' }).hidden, true);
  const two = statusBarView({ kind: 'up', pods: [pod(), pod({ name: 'b', phase: 'Succeeded', status: 'Completed' }), pod({ name: 'c' })] });
  assert.deepEqual(two, { text: '$(vm-running) 2 pods', tooltip: 'Podwright: 2 local pods running', warning: false, hidden: false });
  const looping = statusBarView({
    kind: 'up',
    pods: [pod({ containers: [{ name: 'app', role: 'app', state: 'waiting', reason: 'CrashLoopBackOff', restarts: 2, ready: false, image: 'x' }] })],
  });
  assert.deepEqual(looping, { text: '$(warning) 1 pod', tooltip: 'Podwright: 1 running; crash-looping: web', warning: true, hidden: false });
  assert.match(statusBarView({ kind: 'down', reason: 'gone' }).tooltip, /not reachable\. gone$/);
});

test('debug containers come last under their pod, as ephemeral, with their target and state', () => {
  const p = pod({
    containers: [pod().containers[0]],
    ephemeralContainers: [
      { name: 'debugger-b2x4k', image: 'sha256:abc', target: 'app', state: 'terminated', exitCode: 0 },
      { name: 'debugger-q7zz9', image: 'busybox', state: 'running' },
    ],
  });
  const [podNode] = inApp(rootNodes({ kind: 'up', pods: [p] })[0]);
  const children = childrenOf(podNode).map((n) => present(n, NOW));
  assert.deepEqual(
    children.map((c) => [c.label, c.description, c.contextValue, c.icon.id]),
    [
      ['app', 'app · running', 'podwright.container app running', 'play-circle'],
      ['debugger-b2x4k', 'ephemeral · target app · terminated (exit code 0)', 'podwright.ephemeral terminated', 'debug'],
      ['debugger-q7zz9', 'ephemeral · running', 'podwright.ephemeral running', 'debug'],
    ],
  );
  assert.equal(present(podNode, NOW).collapsible, 'expanded');
});

// Workloads with their pods beneath them (issue 10).
const obj = (over: Partial<ObjectSnapshot> & Pick<ObjectSnapshot, 'kind' | 'name' | 'uid'>): ObjectSnapshot => ({ namespace: 'default', status: '', columns: [], notes: [], ...over });
const claim = (over: Partial<ClaimSnapshot> & Pick<ClaimSnapshot, 'name'>): ClaimSnapshot => ({ namespace: 'default', volume: `podwright-pvc-default-${over.name}`, accessModes: ['ReadWriteOnce'], applied: false, ...over });
const label = (n: PodsNode) => {
  const v = present(n, NOW);
  return `${v.label} — ${v.description ?? ''}`;
};

test('the tree: workloads with their pods beneath, bare pods, then ConfigMaps and Secrets, then volumes', () => {
  const web = obj({ kind: 'Deployment', name: 'web', uid: 'u-web', status: '2/2 ready', ready: 2, desired: 2, replicas: 2, manifest: '/ws/web.yaml', columns: [['READY', '2/2']] });
  const nightly = obj({ kind: 'CronJob', name: 'nightly', uid: 'u-nightly', status: '0 pods', manifest: '/ws/jobs.yaml' });
  const settings = obj({ kind: 'ConfigMap', name: 'settings', uid: 'u-cm', status: '2 keys', manifest: '/ws/config.yaml' });
  const owned = (name: string, kind: string, owner: string, uid: string) => pod({ name, owner: { kind, name: owner, uid } });
  const roots = rootNodes({
    kind: 'up',
    // A pod of a workload that is not applied (being deleted) keeps its owner's name above it.
    pods: [owned('web-7d4b9c-x2k4q', 'Deployment', 'web', 'u-web'), pod({ name: 'solo' }), owned('web-7d4b9c-a9b8c', 'Deployment', 'web', 'u-web'), owned('old-q8w2z', 'Job', 'old', 'u-gone')],
    objects: [web, settings, nightly],
    claims: [claim({ name: 'data-db-0', owner: 'StatefulSet/db', storage: '1Gi' }), claim({ name: 'cache', applied: true })],
  });
  assert.deepEqual(roots.map(label), ['ws — 4 pods', 'Volumes — 2']);
  assert.deepEqual(inApp(roots[0]).map(label), [
    'nightly — CronJob · 0 pods',
    'old — Job · not applied',
    'web — Deployment · 2/2 ready',
    'solo — Running · 2/2',
    'ConfigMaps and Secrets — 1',
  ]);
  const [cron, gone, deployment, solo, data] = inApp(roots[0]);
  const volumes = roots[1];
  assert.deepEqual(childrenOf(deployment).map(label), ['web-7d4b9c-a9b8c — Running · 2/2', 'web-7d4b9c-x2k4q — Running · 2/2']);
  assert.deepEqual(childrenOf(childrenOf(deployment)[0]).map((n) => present(n, NOW).label), ['proxy', 'setup', 'app'], 'containers beneath the pods');
  assert.deepEqual(childrenOf(gone).map((n) => present(n, NOW).label), ['old-q8w2z']);
  assert.deepEqual(childrenOf(cron), []);
  assert.deepEqual(childrenOf(data).map(label), ['settings — ConfigMap · 2 keys']);
  assert.deepEqual(childrenOf(volumes).map(label), ['cache — PersistentVolumeClaim', 'data-db-0 — 1Gi · StatefulSet db']);
  // The menus' words: what each node allows.
  assert.equal(present(deployment, NOW).contextValue, 'podwright.object deployment applied scalable restartable pausable manifest');
  // Paused: Resume instead of Pause, and neither Restart nor Undo (both refused while paused).
  const paused = rootNodes({ kind: 'up', pods: [], objects: [{ ...web, paused: true }], claims: [] });
  assert.equal(present(inApp(paused[0])[0], NOW).contextValue, 'podwright.object deployment applied scalable paused manifest');
  assert.equal(present(cron, NOW).contextValue, 'podwright.object cronjob applied triggerable manifest');
  assert.equal(present(gone, NOW).contextValue, 'podwright.object job gone');
  assert.equal(present(childrenOf(data)[0], NOW).contextValue, 'podwright.object configmap applied manifest');
  assert.equal(present(childrenOf(deployment)[0], NOW).contextValue, 'podwright.pod running ports manifest live owned');
  assert.equal(present(solo, NOW).contextValue, 'podwright.pod running ports manifest live');
  assert.deepEqual(childrenOf(volumes).map((n) => present(n, NOW).contextValue), ['podwright.volume applied', 'podwright.volume']);
  // Icons: the kind's, green when every wanted pod is ready, yellow while not, grey when gone.
  assert.deepEqual(present(deployment, NOW).icon, { id: 'layers', color: 'charts.green' });
  assert.deepEqual(present({ kind: 'object', object: { ...web, ready: 1 }, pods: [] }, NOW).icon, { id: 'layers', color: 'charts.yellow' });
  assert.deepEqual(present(gone, NOW).icon, { id: 'run-all', color: 'disabledForeground' });
  assert.equal(present(deployment, NOW).collapsible, 'expanded');
  assert.equal(present(cron, NOW).collapsible, 'none');
  // The tooltip gives kubectl's columns, the pods, the manifest, and what is wrong.
  const tip = present({ kind: 'object', object: { ...web, notes: ['Progressing (ProgressDeadlineExceeded): too slow'] }, pods: [] }, NOW);
  assert.match(tip.tooltip ?? '', /- READY: 2\/2\n- Pods: 0\n- Manifest: \/ws\/web\.yaml\n\n⚠ Progressing \(ProgressDeadlineExceeded\): too slow/);
  assert.equal(tip.icon.color, 'charts.orange');
  // A state change changes the id, so the tree redraws the node.
  assert.notEqual(present(deployment, NOW).id, present({ kind: 'object', object: { ...web, status: '1/2 ready' }, pods: [] }, NOW).id);
});

test('the tree with objects but no pods is not empty; with nothing at all it says how to start', () => {
  assert.deepEqual(rootNodes({ kind: 'up', pods: [], objects: [], claims: [claim({ name: 'cache' })] }).map((n) => n.kind), ['group']);
  const [empty] = rootNodes({ kind: 'up', pods: [], objects: [], claims: [] });
  assert.equal(present(empty, NOW).label, 'No pods running');
  assert.match(present(empty, NOW).tooltip ?? '', /▶ Apply/);
  // Kinds the view does not show (a PersistentVolumeClaim's object, shown as its volume) leave it empty too.
  assert.equal(rootNodes({ kind: 'up', pods: [], objects: [obj({ kind: 'PersistentVolumeClaim', name: 'cache', uid: 'u' })] })[0].kind, 'message');
});

test('the tree groups by application (the manifest\'s folder) and namespace: Services with their endpoints first', () => {
  const svc = (name: string, namespace: string, manifest: string, service: ObjectSnapshot['service']) => obj({ kind: 'Service', name, uid: `u-svc-${name}`, namespace, manifest, service });
  const web = svc('web', 'default', '/ws/app/service.yaml', {
    type: 'NodePort',
    clusterIP: '172.20.0.3',
    headless: false,
    ports: [{ port: 80, protocol: 'TCP', published: [{ hostIP: '127.0.0.1', hostPort: 30080 }] }],
    endpoints: [
      { pod: 'web-1', ip: '172.20.0.5', ports: [8080], ready: true },
      { pod: 'web-2', ip: '172.20.0.6', ports: [8080], ready: false },
    ],
  });
  const db = svc('db', 'data', '/ws/app/db.yaml', { type: 'ClusterIP', headless: true, ports: [{ port: 5432, protocol: 'TCP', published: [] }], endpoints: [] });
  const deploy = obj({ kind: 'Deployment', name: 'web', uid: 'u-web', status: '1/2 ready', manifest: '/ws/app/web.yaml' });
  const owned = (name: string, manifest?: string) => pod({ name, owner: { kind: 'Deployment', name: 'web', uid: 'u-web' }, manifest, ports: [] });
  const roots = rootNodes({
    kind: 'up',
    // The workload's pods follow their workload's folder, whatever they record themselves.
    pods: [owned('web-1', '/elsewhere/x.yaml'), owned('web-2'), pod({ name: 'scratch', manifest: '/ws/tmp/scratch.yaml' }), pod({ name: 'piped', manifest: undefined })],
    objects: [deploy, web, db],
    claims: [],
  });
  assert.deepEqual(roots.map(label), ['app — 2 Services · 2 pods', 'tmp — 1 pod', 'Started without a manifest — 1 pod']);
  const [app, tmp, unknown] = roots;
  assert.equal(present(app, NOW).contextValue, 'podwright.app folder running');
  assert.equal(present(unknown, NOW).contextValue, 'podwright.app running');
  assert.deepEqual(childrenOf(app).map(label), ['data — namespace', 'default — namespace']);
  const [data, def] = childrenOf(app);
  assert.deepEqual(childrenOf(data).map(label), ['db — data · Service · ClusterIP headless · 5432/TCP · 0/0 ready']);
  assert.deepEqual(childrenOf(def).map(label), ['web — Service · NodePort 172.20.0.3 · 80:30080/TCP · 1/2 ready', 'web — Deployment · 1/2 ready']);
  const [service, deployment] = childrenOf(def);
  assert.deepEqual(childrenOf(service).map(label), ['web-1 — 172.20.0.5:8080 · ready', 'web-2 — 172.20.0.6:8080 · not ready']);
  assert.deepEqual(childrenOf(deployment).map((n) => present(n, NOW).label), ['web-1', 'web-2']);
  // Open in Browser shows where something is published: this Service, not the headless one.
  assert.equal(present(service, NOW).contextValue, 'podwright.object service applied published manifest');
  assert.equal(present(childrenOf(data)[0], NOW).contextValue, 'podwright.object service applied manifest');
  assert.deepEqual(servicePublishedPorts(web.service).map(portUrl), ['http://127.0.0.1:30080/']);
  assert.deepEqual(inApp(tmp).map(label), ['scratch — Running · 2/2']);
  assert.deepEqual(appObjects(app as Extract<PodsNode, { kind: 'app' }>).map((o) => `${o.kind}/${o.name}`), ['Service/db', 'Service/web', 'Deployment/web']);
  assert.deepEqual(appPods(app as Extract<PodsNode, { kind: 'app' }>).map((p) => p.name), ['web-1', 'web-2']);
  assert.equal(folderOf('/ws/app/web.yaml'), '/ws/app');
  assert.equal(folderOf('C:\\ws\\app\\web.yaml'), 'C:\\ws\\app');
  assert.equal(appName('C:\\ws\\app'), 'app');
});
