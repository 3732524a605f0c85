// An application from the editor against the real engine: Run Application on a folder of three
// files (a ConfigMap, a Deployment reading it, a NodePort Service in front of it), the Pods view
// grouped by application and namespace with the Service's endpoints, Open in Browser on the
// published Service, and Stop Application, which leaves nothing of it.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PodwrightApi } from '../../../client/src/extension/extension';
import type { AppRunOutcome } from '../../../client/src/flows/runtimeApi';
import { childrenOf, rootNodes, type PodsNode } from '../../../client/src/podsView/nodes';
import { present } from '../../../client/src/podsView/presentation';
import { Answers } from './answers';
import { api, fixture, note, until } from './helpers';

const NS = 'suite-app';
const FILES: Record<string, string> = {
  'settings.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: suite-app-settings\n  namespace: ${NS}\ndata:\n  GREETING: hello from the suite\n`,
  'web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: suite-app-web
  namespace: ${NS}
spec:
  replicas: 1
  selector:
    matchLabels: {app: suite-app-web}
  template:
    metadata:
      labels: {app: suite-app-web}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: web
          image: podwright-test/busybox:1
          imagePullPolicy: Never
          command: ["sh", "-c", "mkdir -p /tmp/www && echo \\"$GREETING\\" > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"]
          envFrom:
            - configMapRef: {name: suite-app-settings}
          ports:
            - {name: http, containerPort: 8080}
          readinessProbe:
            httpGet: {path: /, port: http}
            periodSeconds: 1
`,
  'service.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: suite-app-web\n  namespace: ${NS}\nspec:\n  type: NodePort\n  selector: {app: suite-app-web}\n  ports:\n    - {name: http, port: 80, targetPort: http}\n`,
};

const label = (n: PodsNode) => {
  const v = present(n, Date.now());
  return `${v.label} — ${v.description ?? ''}`;
};

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

suite('application', () => {
  let a: PodwrightApi;
  const answers = new Answers();
  const folder = fixture('suite-app').fsPath;
  const appNode = () => rootNodes(a.services.store.snapshot).find((n): n is Extract<PodsNode, { kind: 'app' }> => n.kind === 'app' && n.folder === folder);

  suiteSetup(async function () {
    this.timeout(120_000);
    a = await api();
    a.services.prompts = answers;
    await a.services.ensureStarted();
    await until('the engine', () => a.services.store.snapshot.kind === 'up', 30_000);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(folder, name), text);
    // A run of an earlier, interrupted suite: gone before this one starts.
    await a.services.bridge().stopApplication(folder);
  });

  setup(() => answers.reset());

  suiteTeardown(async function () {
    this.timeout(120_000);
    await a.services.bridge().stopApplication(folder);
    rmSync(folder, { recursive: true, force: true });
  });

  test('Run Application on a folder: the view shows the application, its namespace, the Service with its endpoint, the Deployment and its pod', async function () {
    this.timeout(180_000);
    const t0 = Date.now();
    const outcome = await vscode.commands.executeCommand<AppRunOutcome>('podwright.app.run', vscode.Uri.file(folder));
    assert.deepEqual(answers.asked, [], 'nothing reaches the host: no question');
    assert.deepEqual(
      outcome.files.map((f) => [path.basename(f.path), f.problems.length, f.documents.map((d) => `${d.kind}/${d.name} ${d.result}`)]),
      [
        ['service.yaml', 0, ['Service/suite-app-web created']],
        ['settings.yaml', 0, ['ConfigMap/suite-app-settings created']],
        ['web.yaml', 0, ['Deployment/suite-app-web created']],
      ],
    );
    const ns = await until(
      'the Service with a ready endpoint under the application',
      async () => {
        await a.services.store.refresh();
        const app = appNode();
        const [n] = app ? childrenOf(app) : [];
        const svc = n && childrenOf(n)[0];
        return svc && childrenOf(svc).some((e) => e.kind === 'endpoint' && e.endpoint.ready) ? n : undefined;
      },
      150_000,
    );
    note(`application: Run Application to a ready endpoint in the view in ${Date.now() - t0} ms`);
    const app = appNode()!;
    assert.equal(present(app, Date.now()).label, 'suite-app');
    assert.equal(present(app, Date.now()).description, '1 Service · 1 pod');
    assert.deepEqual(childrenOf(app).map(label), [`${NS} — namespace`]);
    const [service, deployment, data] = childrenOf(ns);
    const published = (service as Extract<PodsNode, { kind: 'object' }>).object.service?.ports[0].published[0]?.hostPort;
    assert.ok(published, 'the NodePort Service is published');
    assert.match(label(service), new RegExp(`^suite-app-web — ${NS} · Service · NodePort \\d+\\.\\d+\\.\\d+\\.\\d+ · 80:${published}/TCP · 1/1 ready$`));
    assert.match(present(service, Date.now()).contextValue, /\bpublished\b/);
    const [endpoint] = childrenOf(service);
    const podName = (deployment as Extract<PodsNode, { kind: 'object' }>).pods[0]?.name;
    assert.match(label(endpoint), new RegExp(`^${podName} — \\d+\\.\\d+\\.\\d+\\.\\d+:8080 · ready$`));
    assert.equal(label(deployment).split(' — ')[0], 'suite-app-web');
    assert.deepEqual(childrenOf(deployment).map((n) => present(n, Date.now()).label), [podName]);
    assert.equal(label(data), 'ConfigMaps and Secrets — 1');
    // Open in Browser opens the published port on the loopback address; it serves the ConfigMap's greeting.
    const url = await vscode.commands.executeCommand<string>('podwright.service.openInBrowser', service);
    assert.equal(url, `http://127.0.0.1:${published}/`);
    assert.equal((await until('the page through the Service', () => get(url).catch(() => undefined), 30_000)).trim(), 'hello from the suite');
  });

  test('Stop Application asks, then deletes everything of the folder: the application leaves the view', async function () {
    this.timeout(120_000);
    const app = appNode();
    assert.ok(app, 'the application is in the view');
    answers.answer('confirm', 'Stop Application');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.app.stop', app), true);
    assert.deepEqual(answers.asked.map((q) => [q.kind, q.message]), [['confirm', 'Stop application suite-app?']]);
    await until(
      'the application to leave the view',
      async () => {
        await a.services.store.refresh();
        return !appNode();
      },
      60_000,
    );
    const s = a.services.store.snapshot;
    assert.ok(s.kind === 'up' && !s.pods.some((p) => p.namespace === NS) && !(s.objects ?? []).some((o) => o.namespace === NS));
  });
});
