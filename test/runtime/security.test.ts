// securityContext, resources and hostAliases as the engine applies them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerName } from '../../runtime/src/create';
import { engine, execIn, newRuntime, planFixture } from './helpers';

test('runAsUser/Group (container over pod), supplementalGroups, read-only root, capabilities, limits, hostAliases', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'security.yaml', 'pw-sec');
  const result = await runtime.run(plan, { supervise: 'none' });
  assert.equal(result.outcome, 'Running', result.message);
  const id = await execIn(runtime, plan, 'locked', ['id']);
  assert.match(id.out, /^uid=1001 gid=2000 groups=(2000,)?3000/);
  const write = await execIn(runtime, plan, 'locked', ['touch', '/x']);
  assert.notEqual(write.code, 0, 'the root filesystem is read-only');
  const hosts = await execIn(runtime, plan, 'locked', ['cat', '/etc/hosts']);
  assert.match(hosts.out, /^10\.1\.2\.3\s+db\.internal$/m);
  const info = await engine().getContainer(containerName(plan, 'locked')).inspect();
  const h = info.HostConfig;
  assert.deepEqual(
    [h.Memory, h.NanoCpus, h.CpuShares, h.ReadonlyRootfs, h.CapDrop, h.CapAdd, h.SecurityOpt, info.Config.User],
    [32 * 2 ** 20, 500_000_000, 256, true, ['ALL'], ['NET_BIND_SERVICE'], ['no-new-privileges'], '1001:2000'],
  );
  // no-new-privileges as the kernel sees it.
  const status = await execIn(runtime, plan, 'locked', ['grep', 'NoNewPrivs', '/proc/self/status']);
  assert.match(status.out, /NoNewPrivs:\s+1/);
});

test('runAsNonRoot with an image that runs as root: CreateContainerConfigError, nothing left', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'crash-loop.yaml', 'pw-nonroot');
  plan.containers[0].runAsNonRoot = true;
  const result = await runtime.run(plan, { supervise: 'none' });
  assert.equal(result.outcome, 'Failed');
  assert.equal(result.message, "CreateContainerConfigError: container 'crasher': container has runAsNonRoot and image will run as root; set runAsUser or use an image with a non-root USER.");
  const left = await engine().listContainers({ all: true, filters: { label: [`io.podwright.uid=${plan.uid}`] } });
  assert.equal(left.length, 0);
});
