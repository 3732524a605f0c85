// Everything beyond the Pod Security Standards' baseline needs consent, and what the runtime cannot
// honour is refused with its path; what it does honour is applied, as seen from inside the container.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planManifest, PodRuntime } from '../../runtime/src';
import { containerName, infraName } from '../../runtime/src/create';
import { INFRA_IMAGE } from '../../runtime/src/images';
import { cleanup, engine, execIn, newRuntime, uniqueName } from './helpers';

const IMAGE = 'podwright-test/busybox:1';

function pod(name: string, spec: string, container = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${spec}  containers:
  - name: app
    image: ${IMAGE}
    imagePullPolicy: Never
    command: [sh, -c, "trap 'exit 0' TERM; while :; do sleep 1; done"]
${container}`;
}

/** The problems a manifest gets without host access: [code, where]. */
function refused(text: string): [string, string][] {
  return planManifest(text, 'p.yaml').problems.map((p) => [p.code, p.where]);
}

test('every field beyond baseline needs consent: capabilities, unconfined profiles, procMount, sysctls, hostIP', () => {
  const caps = pod('p', '', '    securityContext:\n      capabilities:\n        add: [NET_BIND_SERVICE, SYS_ADMIN, ALL]\n');
  assert.deepEqual(refused(caps), [
    ['host-access', 'spec.containers[0].securityContext.capabilities.add[1]'],
    ['host-access', 'spec.containers[0].securityContext.capabilities.add[2]'],
  ]);
  assert.deepEqual(refused(pod('p', '  securityContext:\n    seccompProfile: {type: Unconfined}\n')), [['host-access', 'spec.securityContext.seccompProfile.type']]);
  assert.deepEqual(refused(pod('p', '', '    securityContext:\n      appArmorProfile: {type: Unconfined}\n')), [['host-access', 'spec.containers[0].securityContext.appArmorProfile.type']]);
  assert.deepEqual(refused(pod('p', '', '    securityContext:\n      procMount: Unmasked\n')), [['host-access', 'spec.containers[0].securityContext.procMount']]);
  assert.deepEqual(refused(pod('p', '  securityContext:\n    sysctls: [{name: kernel.msgmax, value: "65536"}]\n')), [['host-access', 'spec.securityContext.sysctls[0].name']]);
  assert.deepEqual(refused(pod('p', '', '    ports: [{containerPort: 80, hostPort: 38471, hostIP: 0.0.0.0}]\n')), [['host-access', 'spec.containers[0].ports[0].hostIP']]);
  // Inside the baseline: nothing to ask.
  assert.deepEqual(refused(pod('p', '  securityContext:\n    sysctls: [{name: net.ipv4.tcp_syncookies, value: "0"}]\n', '    ports: [{containerPort: 80, hostPort: 38471, hostIP: 127.0.0.1}]\n')), []);
});

test('what the runtime cannot honour is refused with its path, never dropped', () => {
  const text = pod(
    'p',
    '  runtimeClassName: gvisor\n  hostUsers: false\n  schedulingGates: [{name: wait}]\n  securityContext:\n    supplementalGroupsPolicy: Strict\n  dnsConfig: {nameservers: [10.0.0.10]}\n  volumes: [{name: raw, persistentVolumeClaim: {claimName: raw}}]\n',
    '    restartPolicy: Always\n    volumeDevices: [{name: raw, devicePath: /dev/xvda}]\n    securityContext:\n      seccompProfile: {type: Localhost, localhostProfile: audit.json}\n',
  );
  const { problems } = planManifest(text, 'p.yaml');
  assert.deepEqual(
    problems.map((p) => [p.code, p.where]),
    [
      ['unsupported', 'spec.runtimeClassName'],
      ['unsupported', 'spec.hostUsers'],
      ['unsupported', 'spec.schedulingGates'],
      ['unsupported', 'spec.securityContext.supplementalGroupsPolicy'],
      ['unsupported', 'spec.containers[0].volumeDevices'],
      // A claim is mounted when it exists (claims.test.ts); this one does not.
      ['missing-reference', 'spec.volumes[0].persistentVolumeClaim.claimName'],
      ['unsupported', 'spec.containers[0].restartPolicy'],
      ['unsupported', 'spec.containers[0].securityContext.seccompProfile.type'],
      ['unsupported', 'spec.dnsConfig.nameservers'],
    ],
    JSON.stringify(problems.map((p) => p.message)),
  );
  // Scheduling and the service account mean nothing different on one local node: run as asked.
  const local = pod('p', '  nodeSelector: {disktype: ssd}\n  tolerations: [{operator: Exists}]\n  serviceAccountName: builder\n  priorityClassName: high\n');
  assert.deepEqual(planManifest(local, 'p.yaml').problems, []);
});

test("the infra image: a container may not name it, and one pulled over its name is never a pod's sandbox", async (t) => {
  const runtime = newRuntime();
  const text = pod('p', '').replace(`image: ${IMAGE}`, `image: ${INFRA_IMAGE}`);
  assert.deepEqual(refused(text), [['unsupported', 'spec.containers[0].image']]);
  assert.deepEqual(refused(text.replace(INFRA_IMAGE, `docker.io/${INFRA_IMAGE.split(':')[0]}:latest`)), [['unsupported', 'spec.containers[0].image']]);
  // Someone puts another image under the infra image's name (as a pull from a registry would).
  const genuine = await runtime.infraImage();
  await engine().getImage(IMAGE).tag({ repo: INFRA_IMAGE.split(':')[0], tag: INFRA_IMAGE.split(':')[1] });
  t.after(async () => {
    // Whatever happened, the name is given back to the genuine image.
    await new PodRuntime({ stateDir: runtime.stateDir }).infraImage();
    // The genuine image this test displaced is left without a name: removed, unless a pod of another
    // test still runs from it (409), so that test runs do not pile up nameless images.
    await engine()
      .getImage(genuine)
      .remove()
      .catch((e: { statusCode?: number }) => {
        if (e.statusCode !== 409 && e.statusCode !== 404) throw e;
      });
  });
  const fresh = new PodRuntime({ stateDir: runtime.stateDir });
  const layers = async (id: string) => (await engine().getImage(id).inspect()).RootFS.Layers;
  const rebuilt = await fresh.infraImage();
  assert.notEqual(rebuilt, (await engine().getImage(IMAGE).inspect()).Id, 'not the image put under its name');
  assert.deepEqual(await layers(rebuilt), await layers(genuine), 'the genuine contents, built again');
  assert.equal((await engine().getImage(INFRA_IMAGE).inspect()).Id, rebuilt, 'the name points at the genuine image again');
  const name = uniqueName('pw-infra');
  const { plans } = planManifest(pod(name, ''), 'p.yaml');
  t.after(() => cleanup(fresh, plans));
  assert.equal((await fresh.run(plans[0], { supervise: 'none' })).outcome, 'Running');
  assert.equal((await engine().getContainer(infraName(plans[0])).inspect()).Image, rebuilt);
});

test('with consent, each setting is applied: capabilities, seccomp, procMount, sysctls, hostIP', async (t) => {
  const runtime = newRuntime();
  const name = uniqueName('pw-consent');
  const text = pod(
    name,
    '  securityContext:\n    seccompProfile: {type: Unconfined}\n    sysctls: [{name: net.ipv4.tcp_syncookies, value: "0"}, {name: kernel.msgmax, value: "12345"}]\n',
    '    ports: [{containerPort: 8080, hostPort: 38472, hostIP: 0.0.0.0}]\n    securityContext:\n      capabilities: {add: [SYS_ADMIN]}\n      procMount: Unmasked\n',
  );
  assert.equal(planManifest(text, 'p.yaml').plans.length, 0, 'refused without consent');
  const { plans, problems } = planManifest(text, 'p.yaml', { allowHostAccess: true });
  assert.deepEqual(problems, []);
  t.after(() => cleanup(runtime, plans));
  assert.equal((await runtime.run(plans[0], { supervise: 'none' })).outcome, 'Running');
  const info = await engine().getContainer(containerName(plans[0], 'app')).inspect();
  const h = info.HostConfig as typeof info.HostConfig & { MaskedPaths?: string[]; ReadonlyPaths?: string[] };
  assert.deepEqual([h.CapAdd, h.SecurityOpt, h.MaskedPaths, h.ReadonlyPaths], [['SYS_ADMIN'], ['seccomp=unconfined'], [], []]);
  const status = await execIn(runtime, plans[0], 'app', ['sh', '-c', 'grep ^Seccomp: /proc/self/status; cat /proc/sys/net/ipv4/tcp_syncookies /proc/sys/kernel/msgmax']);
  assert.deepEqual(status.out.split('\n').map((l) => l.replace(/\s+/g, ' ')), ['Seccomp: 0', '0', '12345', '']);
  const infra = await engine().getContainer(infraName(plans[0])).inspect();
  assert.deepEqual(infra.HostConfig.PortBindings?.['8080/tcp'], [{ HostIp: '0.0.0.0', HostPort: '38472' }]);
});

test('without a field, the engine default: seccomp filtering on, /proc masked', async (t) => {
  const runtime = newRuntime();
  const { plans } = planManifest(pod(uniqueName('pw-default'), '', '    securityContext:\n      seccompProfile: {type: RuntimeDefault}\n'), 'p.yaml');
  t.after(() => cleanup(runtime, plans));
  assert.equal((await runtime.run(plans[0], { supervise: 'none' })).outcome, 'Running');
  const status = await execIn(runtime, plans[0], 'app', ['sh', '-c', 'grep ^Seccomp: /proc/self/status']);
  assert.equal(status.out.replace(/\s+/g, ' ').trim(), 'Seccomp: 2');
  const h = (await engine().getContainer(containerName(plans[0], 'app')).inspect()).HostConfig as { MaskedPaths?: string[] };
  assert.ok((h.MaskedPaths ?? []).includes('/proc/kcore'), JSON.stringify(h.MaskedPaths));
});

test('--publish-all publishes on the publish address whatever a hostIP without hostPort says', async (t) => {
  const runtime = newRuntime();
  const { plans, problems } = planManifest(pod(uniqueName('pw-all'), '', '    ports: [{containerPort: 8080, hostIP: 0.0.0.0}]\n'), 'p.yaml');
  assert.deepEqual(problems.map((p) => p.code), [], 'a hostIP without a hostPort publishes nothing by itself');
  t.after(() => cleanup(runtime, plans));
  const result = await runtime.run(plans[0], { supervise: 'none', publishAll: true });
  assert.deepEqual(result.status?.ports.map((p) => [p.containerPort, p.hostIP]), [[8080, '127.0.0.1']]);
});

test('fsGroup, DNS settings and the pod FQDN are applied as the kubelet applies them', async (t) => {
  const runtime = newRuntime();
  const name = uniqueName('pw-fsgroup');
  const text = `${pod(
    name,
    '  hostname: web-0\n  subdomain: web\n  securityContext:\n    runAsUser: 1000\n    fsGroup: 2000\n  dnsConfig:\n    searches: [corp.example]\n    options: [{name: ndots, value: "2"}, {name: edns0}]\n  volumes:\n  - name: conf\n    configMap: {name: settings, defaultMode: 0400}\n',
    '    volumeMounts: [{name: conf, mountPath: /etc/conf}]\n',
  )}---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a.conf: x}
`;
  const { plans, problems } = planManifest(text, 'p.yaml');
  assert.deepEqual(problems, []);
  t.after(() => cleanup(runtime, plans));
  assert.equal((await runtime.run(plans[0], { supervise: 'none' })).outcome, 'Running');
  const out = await execIn(runtime, plans[0], 'app', ['sh', '-c', 'id -G; stat -L -c "%g %a" /etc/conf/a.conf; grep -E "^(search|options)" /etc/resolv.conf; hostname; hostname -f']);
  const [groups, file, ...rest] = out.out.trim().split('\n');
  assert.ok(groups.split(' ').includes('2000'), groups);
  assert.equal(file, '2000 440');
  assert.ok(rest.some((l) => /^search .*corp\.example/.test(l)), rest.join('|'));
  assert.ok(rest.some((l) => /^options .*ndots:2/.test(l) && /edns0/.test(l)), rest.join('|'));
  assert.deepEqual(rest.slice(-2), ['web-0', 'web-0.web.default.svc.cluster.local']);
});
