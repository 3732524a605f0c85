// set image on a stored body (withImages): containers and init containers by name, * for every one,
// kubectl's refusal of a name no container has, the infra image refused, a CronJob's template inside
// its jobTemplate, and a Job's template left alone as the API server leaves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withImages } from '../../runtime/src/workloads/rollouts';

const deployment = {
  spec: {
    replicas: 2,
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { initContainers: [{ name: 'migrate', image: 'app:1' }], containers: [{ name: 'web', image: 'app:1' }, { name: 'proxy', image: 'proxy:1' }] },
    },
  },
};

test('set image changes the named containers, init containers included, and nothing else', () => {
  const edited = withImages('Deployment', deployment, { web: 'app:2', migrate: 'app:2' });
  assert.deepEqual(edited, {
    spec: {
      replicas: 2,
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { initContainers: [{ name: 'migrate', image: 'app:2' }], containers: [{ name: 'web', image: 'app:2' }, { name: 'proxy', image: 'proxy:1' }] },
      },
    },
  });
  // The body it was given is not changed.
  assert.equal(deployment.spec.template.spec.containers[0].image, 'app:1');
  const all = withImages('Deployment', deployment, { '*': 'base:9' }) as typeof deployment;
  assert.deepEqual([...all.spec.template.spec.initContainers, ...all.spec.template.spec.containers].map((c) => c.image), ['base:9', 'base:9', 'base:9']);
});

test('the same images give back the same body; a template without init containers gets none', () => {
  assert.equal(withImages('Deployment', deployment, { web: 'app:1' }), deployment);
  const ds = { spec: { template: { spec: { containers: [{ name: 'agent', image: 'a:1' }] } } } };
  assert.deepEqual(withImages('DaemonSet', ds, { agent: 'a:2' }), { spec: { template: { spec: { containers: [{ name: 'agent', image: 'a:2' }] } } } });
});

test('refused: a container nobody has, the infra image, a Job', () => {
  assert.equal(withImages('Deployment', deployment, { web: 'app:2', db: 'db:1' }), 'unable to find container named "db"');
  assert.match(String(withImages('Deployment', deployment, { web: 'podwright/infra:3' })), /podwright's own pod infra image/);
  assert.match(String(withImages('Job', { spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }] } } } }, { a: 'y' })), /spec\.template: field is immutable/);
});

test("a CronJob's images are those of its jobTemplate's pod template", () => {
  const cron = { spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'task', image: 't:1' }] } } } } } };
  const edited = withImages('CronJob', cron, { task: 't:2' }) as typeof cron;
  assert.equal(edited.spec.jobTemplate.spec.template.spec.containers[0].image, 't:2');
  assert.equal(edited.spec.schedule, '* * * * *');
});
