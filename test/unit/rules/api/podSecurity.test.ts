import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyAndRecheck, at, fixNamed, pod, problemsOf } from './helpers';

test('allowPrivilegeEscalation false contradicts privileged and SYS_ADMIN; IDs in range; Localhost profiles', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext:
        runAsUser: -1
        seccompProfile:
          type: Localhost
      containers:
      - name: app
        image: nginx
        securityContext:
          privileged: true
          allowPrivilegeEscalation: false
          capabilities:
            add: [SYS_ADMIN]
          appArmorProfile:
            type: RuntimeDefault
            localhostProfile: my-profile
`;
  const ps = problemsOf(text, 'security-context');
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.template.spec.securityContext.runAsUser', '-1'],
    ['spec.template.spec.securityContext.seccompProfile.type', 'Localhost'],
    ['spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation', 'false'],
    ['spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation', 'false'],
    ['spec.template.spec.containers[0].securityContext.appArmorProfile.localhostProfile', 'localhostProfile'],
  ]);
  assert.equal(at(text, ps[2].related![0]), 'true');
  assert.equal(at(text, ps[3].related![0]), 'SYS_ADMIN');
});

test('tolerations: empty key needs Exists, tolerationSeconds needs NoExecute, Exists takes no value', () => {
  const text = pod(`  tolerations:
  - operator: Equal
    value: x
  - key: node.kubernetes.io/unreachable
    operator: Exists
    effect: NoSchedule
    tolerationSeconds: 30
  - key: dedicated
    operator: Exists
    value: gpu
  containers:
  - name: app
    image: nginx
`);
  const ps = problemsOf(text, 'tolerations');
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.tolerations[0].operator', 'Equal'],
    ['spec.tolerations[1].effect', 'NoSchedule'],
    ['spec.tolerations[2].value', 'gpu'],
  ]);
  const only = text.replace(/  - operator: Equal\n    value: x\n/, '').replace(/    effect: NoSchedule\n    tolerationSeconds: 30\n/, '');
  applyAndRecheck(only, fixNamed(problemsOf(only, 'tolerations')[0], 'Remove value'), 'tolerations');
});

test('dnsPolicy None needs nameservers; nameservers must be IPs, at most 3', () => {
  const none = pod(`  dnsPolicy: None
  containers:
  - name: app
    image: nginx
`);
  const p = problemsOf(none, 'dns-config');
  assert.deepEqual(p.map((x) => [x.path, at(none, x)]), [['spec.dnsPolicy', 'None']]);
  const many = pod(`  dnsConfig:
    nameservers: [1.1.1.1, 8.8.8.8, 9.9.9.9, dns.example.com]
  containers:
  - name: app
    image: nginx
`);
  assert.deepEqual(problemsOf(many, 'dns-config').map((x) => [x.path, at(many, x)]), [
    ['spec.dnsConfig.nameservers[3]', 'dns.example.com'],
    ['spec.dnsConfig.nameservers[3]', 'dns.example.com'],
  ]);
});

test('Bidirectional propagation needs privileged; recursiveReadOnly needs readOnly; shareProcessNamespace excludes hostPID', () => {
  const text = pod(`  shareProcessNamespace: true
  hostPID: true
  containers:
  - name: app
    image: nginx
    volumeMounts:
    - name: v
      mountPath: /a
      mountPropagation: Bidirectional
    - name: v
      mountPath: /b
      recursiveReadOnly: Enabled
  volumes:
  - name: v
    emptyDir: {}
`);
  assert.deepEqual(problemsOf(text, 'volumes').map((p) => [p.path, at(text, p)]), [
    ['spec.containers[0].volumeMounts[0].mountPropagation', 'Bidirectional'],
    ['spec.containers[0].volumeMounts[1].recursiveReadOnly', 'Enabled'],
  ]);
  const sc = problemsOf(text, 'security-context');
  assert.deepEqual(sc.map((p) => [p.path, at(text, p)]), [['spec.shareProcessNamespace', 'shareProcessNamespace']]);
  assert.equal(at(text, sc[0].related![0]), 'hostPID');
});

test('a Pod with nodeName and schedulingGates is rejected', () => {
  const text = pod(`  nodeName: node-1
  schedulingGates:
  - name: example.com/wait
  containers:
  - name: app
    image: nginx
`);
  const ps = problemsOf(text, 'pod-fields');
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [['spec.nodeName', 'nodeName']]);
});

test('a Windows pod takes no Linux security settings; a Linux pod no windowsOptions', () => {
  const text = pod(`  os:
    name: windows
  hostPID: true
  securityContext:
    runAsUser: 1000
  containers:
  - name: app
    image: mcr.microsoft.com/windows/nanoserver:ltsc2022
    securityContext:
      privileged: false
      windowsOptions:
        runAsUserName: ContainerUser
`);
  const ps = problemsOf(text, 'os-fields');
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.hostPID', 'hostPID'],
    ['spec.securityContext.runAsUser', 'runAsUser'],
    ['spec.containers[0].securityContext.privileged', 'privileged'],
  ]);
  assert.equal(at(text, ps[0].related![0]), 'windows');
  const linux = text.replace('name: windows', 'name: linux');
  const lp = problemsOf(linux, 'os-fields');
  assert.deepEqual(lp.map((p) => p.path), ['spec.containers[0].securityContext.windowsOptions']);
  applyAndRecheck(linux, fixNamed(lp[0], 'Remove windowsOptions'), 'os-fields');
});
