// The workspace model: summaries, dependents, cross-file checks, definition, references and rename.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { checkWorkspaceFile, definitionAt, parseYaml, referencesAt, renameAt, summarize, Workspace, type Span } from '../../analysis/src';

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  GREETING: hello
`;
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: busybox:1
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          httpGet: {path: /, port: http}
        env:
        - name: GREETING
          valueFrom:
            configMapKeyRef: {name: web-config, key: GREETNG}
        volumeMounts: [{name: data, mountPath: /data}]
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: web-data}
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: http
    nodePort: 30080
    name: web
  type: NodePort
`;

function ws(files: Record<string, string>): Workspace {
  const w = new Workspace();
  for (const [name, text] of Object.entries(files)) w.set(name, summarize(parseYaml(text)));
  return w;
}

const text = (t: string, s: Span) => t.slice(s.start, s.end);

test('a key missing from a ConfigMap in another file, with the other file as related information', () => {
  const w = ws({ 'configmap.yaml': CONFIG, 'deployment.yaml': DEPLOY, 'service.yaml': SERVICE });
  const problems = checkWorkspaceFile(w, 'deployment.yaml', { complete: true });
  assert.deepEqual(
    problems.map((p) => [p.rule, p.path, text(DEPLOY, p.span), p.related.map((r) => [r.file, text(CONFIG, r.span)])]),
    [
      ['config-key-missing', 'spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key', 'GREETNG', [['configmap.yaml', 'web-config']]],
      ['object-missing', 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName', 'web-data', []],
    ],
  );
  assert.match(problems[0].message, /ConfigMap 'web-config' in configmap\.yaml has no key 'GREETNG'/);
  // Without the whole workspace, a missing object is not said (it may be in the cluster).
  assert.deepEqual(checkWorkspaceFile(w, 'deployment.yaml').map((p) => p.rule), ['config-key-missing']);
  assert.deepEqual(checkWorkspaceFile(w, 'service.yaml', { complete: true }), []);
});

test('fixing the ConfigMap names the deployment as the dependent to re-check', () => {
  const w = ws({ 'configmap.yaml': CONFIG, 'deployment.yaml': DEPLOY, 'service.yaml': SERVICE, 'other.yaml': 'a: 1\n' });
  assert.deepEqual(w.set('configmap.yaml', summarize(parseYaml(CONFIG.replace('GREETING', 'GREETNG')))), ['deployment.yaml']);
  assert.deepEqual(checkWorkspaceFile(w, 'deployment.yaml').map((p) => p.rule), []);
  // An edit that changes nothing another file reads names no one.
  assert.deepEqual(w.set('deployment.yaml', summarize(parseYaml(DEPLOY.replace('image: busybox:1', 'image: busybox:2')))), []);
  // A template's labels change what the Service selects.
  assert.deepEqual(w.set('deployment.yaml', summarize(parseYaml(DEPLOY.replace(/app: web\}\n    spec/, 'app: api}\n    spec')))), ['service.yaml']);
  assert.equal(w.summary('other.yaml')?.kubernetes, false);
  // The pods' checks read no Service: a Service's edit re-checks nothing else.
  assert.deepEqual(w.set('service.yaml', summarize(parseYaml(SERVICE.replace('port: 80', 'port: 81')))), []);
  assert.deepEqual(w.delete('deployment.yaml'), ['service.yaml']);
});

test('Services: selecting nothing, an undeclared targetPort, a NodePort taken twice', () => {
  const other = SERVICE.replace('name: web\nspec', 'name: web2\nspec').replace('targetPort: http', 'targetPort: metrics');
  const w = ws({ 'deployment.yaml': DEPLOY, 'service.yaml': SERVICE, 'service2.yaml': other, 'lonely.yaml': SERVICE.replace('{app: web}', '{app: nothing}').replace('nodePort: 30080', 'nodePort: 30081') });
  const p2 = checkWorkspaceFile(w, 'service2.yaml', { complete: true });
  assert.deepEqual(
    p2.map((p) => [p.rule, p.path, text(other, p.span), p.related.map((r) => r.file)]),
    [
      ['service-target-port-undeclared', 'spec.ports[0].targetPort', 'metrics', ['deployment.yaml']],
      ['node-port-conflict', 'spec.ports[0].nodePort', '30080', ['service.yaml']],
    ],
  );
  const lonely = checkWorkspaceFile(w, 'lonely.yaml', { complete: true });
  assert.deepEqual(lonely.map((p) => [p.rule, p.severity, p.path]), [['service-selects-nothing', 'warning', 'spec.selector']]);
  assert.deepEqual(checkWorkspaceFile(w, 'lonely.yaml', { complete: true, severities: { 'service-selects-nothing': 'off' } }), []);
});

test('a StatefulSet whose serviceName is not a headless Service', () => {
  const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: busybox:1}]}
`;
  const headless = `apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}\n`;
  assert.deepEqual(checkWorkspaceFile(ws({ 'db.yaml': sts }), 'db.yaml', { complete: true }).map((p) => [p.rule, p.path]), [['statefulset-service-missing', 'spec.serviceName']]);
  assert.match(checkWorkspaceFile(ws({ 'db.yaml': sts, 's.yaml': headless.replace('clusterIP: None, ', '') }), 'db.yaml', { complete: true })[0].message, /is not headless/);
  assert.deepEqual(checkWorkspaceFile(ws({ 'db.yaml': sts, 's.yaml': headless }), 'db.yaml', { complete: true }), []);
});

test('definition, references and rename across files', () => {
  const fixed = CONFIG.replace('GREETING', 'GREETNG');
  const w = ws({ 'configmap.yaml': fixed, 'deployment.yaml': DEPLOY, 'service.yaml': SERVICE });
  const at = (t: string, s: string, n = 1) => t.indexOf(s) + n;
  // From the key reference to the key.
  const def = definitionAt(w, 'deployment.yaml', at(DEPLOY, 'GREETNG}'));
  assert.deepEqual(def.map((d) => [d.file, text(fixed, d.span)]), [['configmap.yaml', 'GREETNG']]);
  // From the key to every reader.
  const refs = referencesAt(w, 'configmap.yaml', at(fixed, 'GREETNG'), false);
  assert.deepEqual(refs.map((r) => [r.file, text(DEPLOY, r.span)]), [['deployment.yaml', 'GREETNG']]);
  // From the container port to the Service that targets it, and back.
  const svc = referencesAt(w, 'deployment.yaml', at(DEPLOY, 'name: http', 7), false);
  assert.deepEqual(svc.map((r) => [r.file, text(SERVICE, r.span)]), [['service.yaml', 'http']]);
  assert.deepEqual(definitionAt(w, 'service.yaml', at(SERVICE, 'targetPort: http', 13)).map((d) => [d.file, text(DEPLOY, d.span)]), [['deployment.yaml', 'http']]);
  // Rename the ConfigMap: its name and every reference.
  const r1 = renameAt(w, 'configmap.yaml', at(fixed, 'web-config'), 'site-config');
  assert.ok('edits' in r1);
  assert.deepEqual(r1.edits.map((e) => [e.file, e.newText]).sort(), [['configmap.yaml', 'site-config'], ['deployment.yaml', 'site-config']]);
  // Rename the port from the Service: the port, the probe that names it, the targetPort.
  const r2 = renameAt(w, 'service.yaml', at(SERVICE, 'targetPort: http', 13), 'web');
  assert.ok('edits' in r2);
  assert.deepEqual(r2.edits.map((e) => [e.file, e.span.line]).sort(), [['deployment.yaml', 14], ['deployment.yaml', 17], ['service.yaml', 8]]);
  const bad = renameAt(w, 'service.yaml', at(SERVICE, 'targetPort: http', 13), 'Not_A_Port');
  assert.ok('error' in bad);
});

function pod(name: string, labels: string, ns = 'default'): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  labels: ${labels}\nspec:\n  containers:\n  - name: c\n    image: busybox:1\n    ports: [{name: http, containerPort: 8080}]\n`;
}
function service(name: string, selector: string, nodePort: number, ns = 'default'): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  type: NodePort\n  selector: ${selector}\n  ports:\n  - port: 80\n    targetPort: http\n    nodePort: ${nodePort}\n`;
}

test('selectors and NodePorts are matched through indexes that follow every change, as a scan of every template would', () => {
  const w = ws({
    'a.yaml': pod('a', '{app: web, tier: front}') + '---\n' + pod('a2', '{app: web}', 'other'),
    'b.yaml': pod('b', '{app: web, tier: back}') + '---\n' + service('s1', '{app: web}', 30080),
    'c.yaml': service('s2', '{app: web, tier: front}', 30080) + '---\n' + service('s3', '{app: db}', 30081),
  });
  const scan = (ns: string, selector: Record<string, string>) =>
    w.templates(ns).filter((t) => Object.entries(selector).every(([k, v]) => t.object.template?.labels[k] === v));
  const claims = (port: number) => w.nodePortServices().filter((s) => s.object.service?.ports.some((p) => p.nodePort === port));
  const names = (ls: { object: { name: string } }[]) => ls.map((l) => l.object.name);
  const same = () => {
    for (const ns of ['default', 'other']) {
      const selectors: Record<string, string>[] = [{ app: 'web' }, { app: 'web', tier: 'front' }, { tier: 'back' }, { app: 'db' }, {}];
      for (const selector of selectors) {
        assert.deepEqual(names(w.templatesSelected(ns, selector)), names(scan(ns, selector)), `${ns} ${JSON.stringify(selector)}`);
      }
    }
    for (const port of [30080, 30081, 30082]) assert.deepEqual(names(w.nodePortClaims(port)), names(claims(port)), `nodePort ${port}`);
  };
  same();
  assert.deepEqual(names(w.templatesSelected('default', { app: 'web' })), ['a', 'b']);
  assert.deepEqual(names(w.nodePortClaims(30080)), ['s1', 's2']);
  // Replaced, added and deleted files: the answers change with them.
  const summary = (t: string) => summarize(parseYaml(t));
  w.set('a.yaml', summary(pod('a', '{app: db}')));
  w.set('d.yaml', summary(pod('d', '{app: web, tier: front}') + '---\n' + service('s4', '{app: web}', 30082)));
  w.delete('c.yaml');
  same();
  assert.deepEqual(names(w.templatesSelected('default', { app: 'web' })), ['b', 'd']);
  assert.deepEqual(names(w.templatesSelected('default', { app: 'db' })), ['a']);
  assert.deepEqual(names(w.nodePortClaims(30080)), ['s1']);
});

test('a workspace loaded in one go checks every file as one built file by file does', () => {
  const files: Record<string, string> = {
    'config.yaml': CONFIG,
    'deploy.yaml': DEPLOY,
    'svc.yaml': SERVICE,
    'svc2.yaml': service('web2', '{app: web}', 30080) + '---\n' + service('none', '{app: nothing}', 30090),
  };
  const built = ws(files);
  const loaded = new Workspace();
  for (const [name, t] of Object.entries(files)) loaded.load(name, summarize(parseYaml(t)));
  for (const name of Object.keys(files)) {
    const problems = checkWorkspaceFile(loaded, name, { complete: true });
    assert.deepEqual(problems, checkWorkspaceFile(built, name, { complete: true }), name);
  }
  assert.ok(checkWorkspaceFile(loaded, 'svc2.yaml', { complete: true }).some((p) => p.rule === 'node-port-conflict'));
  assert.ok(checkWorkspaceFile(loaded, 'svc2.yaml', { complete: true }).some((p) => p.rule === 'service-selects-nothing'));
});

test('the server\'s index leaves out a Go template that is not YAML yet, and keeps a file where {{ is only text', async () => {
  const { indexFile } = await import('../../server/src/workerJobs');
  const template = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n  {{- toYaml .Values.data | nindent 2 }}\n';
  assert.deepEqual(indexFile('file:///t.yaml', '/t.yaml', template), { uri: 'file:///t.yaml', skipped: 'a template, not YAML until rendered' });
  const text = CONFIG.replace('GREETING: hello', 'FORMAT: "{{.Names}}"');
  const indexed = indexFile('file:///c.yaml', '/c.yaml', text);
  assert.equal(indexed.skipped, undefined);
  assert.deepEqual(indexed.summary?.objects.map((o) => [o.kind, o.name, o.keys?.map((k) => k.name)]), [['ConfigMap', 'web-config', ['FORMAT']]]);
});
