// Throughput and cold start of `podwright lint`, measured as a user runs it (a child process),
// pinned to one core with taskset where it exists.
//
// Peer: kubeconform (schema only) claims about 7,500 documents a second on its own hardware. Its
// binary cannot be fetched here (no network beyond npm and Debian, neither ships it), so its figure
// is the published claim, and the ratio below is against that claim; the table says so.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin', 'podwright.js');
const FILES = 1000;
const DOCS_PER_FILE = 10;
const KUBECONFORM_CLAIM = 7500;

function pod(i) {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web-${i}
  labels:
    app: web-${i}
spec:
  initContainers:
    - name: migrate
      image: registry.example/app:1.${i % 7}
      command: ["sh", "-c", "echo migrate"]
    - name: proxy
      image: registry.example/proxy:2.1
      restartPolicy: Always
      ports:
        - containerPort: 15001
          name: proxy
  containers:
    - name: app
      image: registry.example/app:1.${i % 7}
      ports:
        - containerPort: 8080
          name: http
      env:
        - name: MODE
          value: production
      readinessProbe:
        httpGet:
          path: /healthz
          port: http
      resources:
        requests:
          cpu: 100m
          memory: 64Mi
        limits:
          memory: 128Mi
      volumeMounts:
        - name: cache
          mountPath: /cache
    - name: metrics
      image: registry.example/metrics:0.${i % 3}
      ports:
        - containerPort: 9090
  volumes:
    - name: cache
      emptyDir: {}
`;
}

function deployment(i) {
  const body = pod(i).split('\n').slice(6).map((l) => (l ? '    ' + l : l)).join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-${i}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api-${i}
  template:
    metadata:
      labels:
        app: api-${i}
${body}`;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
function run(args) {
  const cmd = hasTaskset ? 'taskset' : process.execPath;
  const full = hasTaskset ? ['-c', '0', process.execPath, bin, ...args] : [bin, ...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, full, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, r };
}

const dir = mkdtempSync(join(tmpdir(), 'podwright-bench-'));
try {
  mkdirSync(join(dir, 'many'));
  let n = 0;
  for (let f = 0; f < FILES; f++) {
    const docs = [];
    for (let d = 0; d < DOCS_PER_FILE; d++, n++) docs.push(n % 2 ? deployment(n) : pod(n));
    writeFileSync(join(dir, 'many', `m${f}.yaml`), docs.join('---\n'));
  }
  writeFileSync(join(dir, 'small.yaml'), pod(0));

  // Sanity: the generated manifests must be clean, or the bench would time error reporting.
  const check = run(['lint', '--format', 'json', join(dir, 'small.yaml')]);
  const found = JSON.parse(check.r.stdout).problems.filter((p) => p.severity !== 'info');
  if (found.length) console.log('note: generated pod has problems:', found.map((p) => p.rule).join(', '));

  const times = [];
  for (let i = 0; i < 3; i++) times.push(run(['lint', '--format', 'json', join(dir, 'many')]).ms);
  const throughput = Math.round((n / median(times)) * 1000);

  const cold = [];
  for (let i = 0; i < 15; i++) cold.push(run(['lint', join(dir, 'small.yaml')]).ms);
  const coldMs = median(cold);

  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
  console.log(`machine: ${cpu}; one core${hasTaskset ? ' (taskset -c 0)' : ''}; Node ${process.version}`);
  console.log('');
  console.log('| measure | podwright | peer | ratio | target |');
  console.log('|---|---|---|---|---|');
  console.log(
    `| lint throughput, ${n} documents in ${FILES} files (median of 3, whole process) | ${throughput} docs/s | kubeconform ${KUBECONFORM_CLAIM} docs/s (published claim, its hardware; not runnable here) | ${(throughput / KUBECONFORM_CLAIM).toFixed(2)}× | ≥ 5,000 docs/s |`,
  );
  console.log(`| cold start, lint one small file (median of 15) | ${coldMs.toFixed(0)} ms | — | — | < 500 ms |`);
  const ok = throughput >= 5000 && coldMs < 500;
  console.log(ok ? '\nlint targets met' : '\nlint targets NOT met');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
