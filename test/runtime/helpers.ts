// Shared by the runtime tests: a runtime with its own state folder, unique pod names, bounded
// polling, and cleanup that runs even when a test fails.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import type Docker from 'dockerode';
import { planManifest, PodRuntime, type PlanOptions, type PodPlan, type PodStatus } from '../../runtime/src';
import { connect, engineAddress } from '../../runtime/src/engine';
import { removePodObjects } from '../../runtime/src/remove';
import { LABEL } from '../../runtime/src/labels';

export const ROOT = join(__dirname, '..', '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'runtime');
export const FAST_BACKOFF = { initialMs: 1000, maxMs: 4000 };

/** A one-replica Deployment of a container that sleeps until SIGTERM, for tests of the manager itself. */
export const sleeperDeployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
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
        command: [sh, -c, 'trap "exit 0" TERM; while :; do sleep 1; done']
`;

/** A bare Pod of one container that sleeps until SIGTERM, labelled `app: APP` when given. */
export const sleeperPod = (name: string, app?: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${app ? `  labels: {app: ${app}}\n` : ''}spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'trap "exit 0" TERM; while :; do sleep 1; done']
`;

export function uniqueName(base: string): string {
  return `${base}-${randomBytes(3).toString('hex')}`;
}

/** A fixture's text with its pod name (always `pw-test-pod`) replaced by a unique one. */
export function fixture(file: string, podName: string): string {
  return readFileSync(join(FIXTURES, file), 'utf8').replace(/pw-test-pod/g, podName);
}

const stateDirs: string[] = [];
// The state folders of this test file go when it ends (the pods themselves are removed per test).
process.on('exit', () => stateDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

let direct: Docker | undefined;

/**
 * The engine itself, for what a test checks behind the runtime's back (objects left, container
 * settings): the runtime gives callers no dockerode of its own.
 */
export function engine(): Docker {
  direct ??= connect(engineAddress());
  return direct;
}

export function newRuntime(): PodRuntime {
  const dir = mkdtempSync(join(tmpdir(), 'podwright-state-'));
  stateDirs.push(dir);
  return new PodRuntime({ stateDir: dir });
}

/** Plans a fixture under a unique pod name and registers its removal when the test ends. */
export function planFixture(t: TestContext, runtime: PodRuntime, file: string, base: string, options: PlanOptions = {}): PodPlan {
  const name = uniqueName(base);
  const { plans, problems } = planManifest(fixture(file, name), file, options);
  if (problems.length) throw new Error(`fixture ${file} refused: ${problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`);
  t.after(() => cleanup(runtime, plans));
  return plans[0];
}

export async function cleanup(runtime: PodRuntime, plans: PodPlan[]): Promise<void> {
  runtime.close();
  for (const p of plans) {
    // Best effort after a test that may have failed half-way: the sweep below removes what is left.
    await runtime.stop(p.uid, { timeoutSeconds: 0 }).catch(() => undefined);
    await removePodObjects(engine(), p.uid);
  }
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * The pod's address on its network. A new alias re-connects the infra container to the network with
 * the same address (services.ts); read between the disconnect and the connect it has no network, so
 * this waits for one.
 */
export function infraAddress(uid: string): Promise<string> {
  return waitFor(`the address of pod ${uid}`, async () => {
    const [infra] = await engine().listContainers({ filters: { label: [`io.podwright.uid=${uid}`, 'io.podwright.role=infra'] } });
    return Object.values(infra?.NetworkSettings.Networks ?? {})[0]?.IPAddress || undefined;
  }, 10_000, 100);
}

export async function statusOf(runtime: PodRuntime, uid: string): Promise<PodStatus | undefined> {
  return (await runtime.list()).find((p) => p.uid === uid);
}

/** Waits until the pod's status satisfies `cond`, returning that status. */
export function waitStatus(runtime: PodRuntime, uid: string, what: string, cond: (s: PodStatus) => boolean, timeoutMs?: number): Promise<PodStatus> {
  return waitFor(what, async () => {
    const s = await statusOf(runtime, uid);
    return s && cond(s) ? s : undefined;
  }, timeoutMs);
}

/** Every engine object labelled for this pod (or for any podwright pod). */
export async function objectsLeft(uid?: string): Promise<{ containers: number; volumes: number }> {
  const filters = { label: [uid ? `${LABEL.uid}=${uid}` : LABEL.uid] };
  const containers = await engine().listContainers({ all: true, filters });
  const { Volumes } = await engine().listVolumes({ filters });
  return { containers: containers.length, volumes: (Volumes ?? []).length };
}

/** Runs a command in a container of the pod (through the runtime's exec) and returns its output and exit code. */
export async function execIn(runtime: PodRuntime, plan: PodPlan, container: string, cmd: string[]): Promise<{ code: number; out: string }> {
  const pod = await runtime.pod({ name: plan.name, namespace: plan.namespace });
  const chunks: Buffer[] = [];
  const session = await runtime.exec(pod, container, cmd, { onOutput: (b) => chunks.push(b) });
  const code = await session.exit;
  return { code, out: Buffer.concat(chunks).toString('utf8') };
}
