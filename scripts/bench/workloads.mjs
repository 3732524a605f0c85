// A 3-replica Deployment (an init container and an app container in each pod) applied with
// `podwright apply` and waited for with `podwright rollout status`, against the same containers
// made with the plain docker CLI: per replica an infra container, the init container run to its
// end in the infra container's network namespace, then the app container; the three replicas in
// parallel, as the controller makes them. Interleaved rounds, medians. Target: <= 1.3x.
// The docker CLI runs twice: on the default bridge, and on a network of its own as podwright's pods
// are (a user-defined network is what gives them the engine's DNS server, so cluster DNS). The
// engine starts a container on such a network measurably slower (its DNS rules are set up in the
// container's network namespace), so the second row is the like-for-like one; both ratios are shown.
// Two podwright rows: "warm", the controller manager already running (as after the first apply of
// a session), which the target is about; and "cold", where apply first starts the manager.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const BIN = join(root, 'bin', 'podwright.js');
const IMAGE = 'podwright-test/busybox:1';
const LOOP = "trap 'exit 0' TERM; while :; do sleep 1 & wait; done";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'podwright-bench-wl-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

const deployment = (name) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 3
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      terminationGracePeriodSeconds: 1
      initContainers:
      - name: init
        image: ${IMAGE}
        imagePullPolicy: Never
        command: ["true"]
      containers:
      - name: app
        image: ${IMAGE}
        imagePullPolicy: Never
        command: ["sh", "-c", "${LOOP}"]
`;

function podwright(stateDir, ...args) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: work, env: { ...process.env, PODWRIGHT_STATE_DIR: stateDir }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`podwright ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function podwrightRound(stateDir, i) {
  const name = `bench-wl-${process.pid}-${i}`;
  writeFileSync(join(work, `${name}.yaml`), deployment(name));
  const ms = time(() => {
    podwright(stateDir, 'apply', '-f', `${name}.yaml`);
    podwright(stateDir, 'rollout', 'status', `deployment/${name}`, '--timeout', '120');
  });
  podwright(stateDir, 'delete', `deployment/${name}`);
  return ms;
}

// The docker CLI: one shell per replica, the three in parallel.
function dockerRound(i, network) {
  const names = [0, 1, 2].map((r) => `bench-wl-docker-${process.pid}-${i}-${r}`);
  const net = network ? ` --network ${network} --hostname` : ' --hostname';
  const script = names
    .map((n, r) => `(docker run -d --name ${n}-infra${net} replica-${r} ${IMAGE} sleep 3600 >/dev/null && docker run --name ${n}-init --network container:${n}-infra ${IMAGE} true && docker run -d --name ${n}-app --network container:${n}-infra ${IMAGE} sh -c "${LOOP}" >/dev/null) &`)
    .join('\n');
  const ms = time(() => execFileSync('sh', ['-c', `${script}\nwait`]));
  execFileSync('sh', ['-c', `docker rm -f ${names.flatMap((n) => [`${n}-app`, `${n}-init`, `${n}-infra`]).join(' ')} >/dev/null`]);
  return ms;
}

const warmState = mkdtempSync(join(tmpdir(), 'podwright-bench-wl-state-'));
const NETWORK = `bench-wl-net-${process.pid}`;
const rows = { docker: [], dockerNet: [], warm: [], cold: [] };
try {
  execFileSync('docker', ['network', 'create', NETWORK], { stdio: 'ignore' });
  // One apply first: the manager of the warm state folder is running from then on.
  podwrightRound(warmState, 'warmup');
  dockerRound('warmup');
  dockerRound('warmup-net', NETWORK);
  for (let i = 0; i < ROUNDS; i++) {
    rows.docker.push(dockerRound(i));
    rows.dockerNet.push(dockerRound(`net-${i}`, NETWORK));
    rows.warm.push(podwrightRound(warmState, i));
    const coldState = mkdtempSync(join(tmpdir(), 'podwright-bench-wl-cold-'));
    rows.cold.push(podwrightRound(coldState, `cold-${i}`));
    // The cold folder's manager idles out on its own; its folder goes now.
    rmSync(coldState, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
  execFileSync('docker', ['network', 'rm', NETWORK], { stdio: 'ignore' });
  // The warm folder's manager exits once its folder is gone (its next idle check), and its
  // network goes at the next cluster's network.
  rmSync(warmState, { recursive: true, force: true });
}

const d = median(rows.docker);
const dn = median(rows.dockerNet);
console.log(`3-replica Deployment (init + app per pod), ${ROUNDS} interleaved rounds, median ms; ratios to the bridge row / to the own-network row`);
console.log(`  docker CLI, default bridge              ${d.toFixed(0).padStart(6)}`);
console.log(`  docker CLI, own network (like-for-like) ${dn.toFixed(0).padStart(6)}`);
for (const [label, key] of [['podwright apply + rollout status, warm', 'warm'], ['podwright apply + rollout status, cold', 'cold']]) {
  const m = median(rows[key]);
  console.log(`  ${label.padEnd(40)}${m.toFixed(0).padStart(6)}   ${(m / d).toFixed(2)}x / ${(m / dn).toFixed(2)}x${key === 'warm' ? `   (target <= 1.3x like-for-like: ${m / dn <= 1.3 ? 'met' : 'NOT met'})` : ''}`);
}
