// Deterministic generated and mutated documents for the fuzz test (seeded PRNG, no clock, no I/O
// besides reading test/fixtures/corpus once).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Random = () => number;

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Random, n: number) => Math.floor(r() * n);
const pick = <T>(r: Random, xs: readonly T[]): T => xs[int(r, xs.length)];

const KINDS = [
  ['v1', 'Pod', ''],
  ['apps/v1', 'Deployment', 'template'],
  ['batch/v1', 'Job', 'template'],
  ['batch/v1', 'CronJob', 'cron'],
] as const;

function container(r: Random, name: string, indent: string, ports: number[]): string {
  let s = `${indent}- name: ${name}\n${indent}  image: ${pick(r, ['nginx', 'nginx:1.27', 'busybox:latest', 'envoy:1.30', 'registry.example/app@sha256:abc'])}\n`;
  if (r() < 0.3) s += `${indent}  restartPolicy: ${pick(r, ['Always', 'Never', 'OnFailure', 'Sometimes'])}\n`;
  if (ports.length) {
    s += `${indent}  ports:\n`;
    for (const p of ports) s += `${indent}  - containerPort: ${p}\n${indent}    name: ${pick(r, ['http', 'metrics', 'admin', 'p' + p])}\n`;
  }
  if (r() < 0.4) s += `${indent}  readinessProbe:\n${indent}    httpGet:\n${indent}      port: ${pick(r, ['http', '8080', 'nope', '0'])}\n`;
  if (r() < 0.4) s += `${indent}  volumeMounts:\n${indent}  - name: ${pick(r, ['data', 'config', 'missing'])}\n${indent}    mountPath: /data\n`;
  if (r() < 0.3) s += `${indent}  env:\n${indent}  - name: A\n${indent}    valueFrom:\n${indent}      configMapKeyRef:\n${indent}        name: cfg\n${indent}        key: ${pick(r, ['a', 'b', 'zz'])}\n`;
  if (r() < 0.3) s += `${indent}  resources:\n${indent}    requests: {cpu: ${pick(r, ['100m', '1', 'lots'])}, memory: 64Mi}\n`;
  return s;
}

/** A pod manifest (or a workload holding one), often with mistakes in it. */
export function generatedManifest(r: Random): string {
  const [apiVersion, kind, nest] = pick(r, KINDS);
  const base = nest === '' ? '' : nest === 'template' ? '    ' : '        ';
  let s = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: gen-${int(r, 1000)}\nspec:\n`;
  if (nest === 'template') s += `  template:\n    spec:\n`;
  if (nest === 'cron') s += `  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n`;
  const ind = `${base}  `;
  if (r() < 0.5) s += `${ind}volumes:\n${ind}- name: data\n${ind}  emptyDir: {}\n${ind}- name: config\n${ind}  configMap:\n${ind}    name: cfg\n`;
  if (r() < 0.4) {
    s += `${ind}initContainers:\n`;
    for (let i = 0; i < 1 + int(r, 2); i++) s += container(r, `init-${i}`, ind, r() < 0.5 ? [8080] : []);
  }
  s += `${ind}containers:\n`;
  for (let i = 0; i < 1 + int(r, 3); i++) s += container(r, pick(r, ['app', 'web', 'sidecar', `c${i}`]), ind, [pick(r, [80, 8080, 9090, 70000])]);
  if (r() < 0.3) s += `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n  b: "2"\n`;
  return s;
}

export function corpus(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

const JUNK = ['\u0000', '\uFFFF', '\uD800', '\uDC00', '\uFEFF', '\r', '\t', '\u2028', '😀', '\u001b[31m', '\\', '%', '@', '`'];
const YAML_CHARS = [':', '-', ' ', '\n', '[', ']', '{', '}', '&a', '*a', '!', '|', '>', "'", '"', '#', ',', '?', '<<: *a', '---\n', '...\n'];

/** One hostile edit: what a careless or hostile user does to a valid pod (issue 9's fuzz). */
export function hostileEdit(r: Random, text: string): string {
  const at = int(r, text.length + 1);
  const lines = text.split('\n');
  const line = int(r, lines.length);
  switch (int(r, 6)) {
    case 0:
      // Self-referencing and chained anchors.
      lines.splice(line, 0, pick(r, ['a: &a [*a]', '  x: &x {y: *x}', '- &s [*s, *s]', '  b: &b\n    c: *b', 'm: &m x\nn: {<<: *m}']));
      return lines.join('\n');
    case 1:
      // Thousands of unclosed `[`.
      return text.slice(0, at) + '['.repeat(1000 + int(r, 4000)) + text.slice(at);
    case 2: {
      // A 100 kB to 1 MB scalar (sometimes of braces, which a careless pattern chokes on).
      const big = pick(r, ['x', '{', 'a-', '{{']).repeat((100_000 + int(r, 900_000)) >> 1);
      return text.replace(pick(r, [/: [^\n]+/, /name: [^\n]+/, /image: [^\n]+/]), (m) => `${m.split(':')[0]}: ${big}`);
    }
    case 3:
      // The document repeated (up to about the server's 2 MB limit: beyond it is the 10 MB file's case).
      return Array(Math.min(2 + int(r, 200), Math.max(2, Math.floor(2_500_000 / (text.length + 1))))).fill(text).join('\n---\n');
    case 4:
      // One alias used hundreds of times.
      lines.splice(line, 0, '  anchors: &v x', ...Array(int(r, 400)).fill('  y: *v'));
      return lines.join('\n');
    default:
      // An unclosed `[` above many implicit keys (yaml's parser recurses once per line).
      return `${text.slice(0, at)}[\n${Array.from({ length: 500 + int(r, 3000) }, (_, i) => `  k${i}: v`).join('\n')}\n${text.slice(at)}`;
  }
}

/** One random edit of a text. */
export function mutate(r: Random, text: string): string {
  const at = int(r, text.length + 1);
  const lines = text.split('\n');
  const line = int(r, lines.length);
  switch (int(r, 11)) {
    case 0:
      return text.slice(0, at) + pick(r, YAML_CHARS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + int(r, 40));
    case 2:
      lines.splice(line, 1);
      return lines.join('\n');
    case 3:
      lines.splice(line, 0, lines[int(r, lines.length)]);
      return lines.join('\n');
    case 4:
      lines[line] = r() < 0.5 ? `  ${lines[line]}` : lines[line].replace(/^ {1,2}/, '');
      return lines.join('\n');
    case 5:
      return text.slice(0, at); // truncation
    case 6:
      return text.slice(0, at) + pick(r, JUNK).repeat(1 + int(r, 5)) + text.slice(at);
    case 7: {
      const j = int(r, lines.length);
      [lines[line], lines[j]] = [lines[j], lines[line]];
      return lines.join('\n');
    }
    case 8:
      return text.replace(/: [^\n]+/, `: ${'x'.repeat(1000 + int(r, 5000))}`);
    case 9:
      lines[line] = lines[line].replace(/\d+/, String(int(r, 100000)));
      return lines.join('\n');
    default:
      return text.slice(0, at) + pick(r, YAML_CHARS) + pick(r, JUNK) + text.slice(at);
  }
}

/** How many kinds of `pathological` input there are. */
export const PATHOLOGICAL_KINDS = 14;

/** Inputs no editor should ever choke on. */
export function pathological(r: Random, i: number): string {
  const head = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n';
  switch (i % PATHOLOGICAL_KINDS) {
    case 0:
      return head + '  containers: ' + '['.repeat(2000 + int(r, 3000)) + ']'.repeat(int(r, 3000));
    case 1: {
      let s = head;
      for (let d = 0; d < 800 + int(r, 800); d++) s += `${' '.repeat(2 * d + 2)}k${d}:\n`;
      return s;
    }
    case 2:
      return head + `  hostname: "${'y'.repeat(200_000 + int(r, 300_000))}"\n  containers: []\n`;
    case 3:
      return head + '  containers:\n' + '  - name: a\n    image: b\n'.repeat(1000 + int(r, 1000));
    case 4: {
      // "billion laughs": aliases of aliases
      let s = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let k = 1; k < 12; k++) s += `a${k}: &a${k} [${Array(10).fill(`*a${k - 1}`).join(', ')}]\n`;
      return head + s.replace(/^/gm, '  ');
    }
    case 5:
      return '---\n'.repeat(3000 + int(r, 3000)) + head;
    case 6: {
      let s = '';
      for (let k = 0; k < 5000 + int(r, 5000); k++) s += String.fromCharCode(int(r, 0x10000));
      return s;
    }
    case 7:
      return head + '  containers:\n  - name: "unterminated\n' + '    image: x\n'.repeat(500);
    case 8:
      return head + `  containers:\n  - name: a\n    image: b\n    volumeMounts:\n${Array.from({ length: 1000 }, (_, k) => `    - {name: m${k}-${'q'.repeat(55)}, mountPath: /m${k}}`).join('\n')}\n  volumes:\n${Array.from({ length: 1000 }, (_, k) => `  - {name: v${k}-${'q'.repeat(55)}}`).join('\n')}\n`;
    case 9:
      return head + '  containers:\n  - name: a\n    image: b\n' + Array.from({ length: 15_000 }, (_, k) => `    x${k}: 1`).join('\n') + '\n';
    case 10:
      return slowDocument(6000 + int(r, 4000));
    case 11:
      return `${head}  hostname: ${'{'.repeat(300_000 + int(r, 300_000))}\n  containers: []\n`;
    case 12: {
      const cm = (k: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg${k}\ndata:\n  a: "1"\n`;
      const pod = (k: number) => `${head.replace('deep', `p${k}`)}  containers:\n  - name: a\n    image: b\n    env:\n    - name: A\n      valueFrom: {configMapKeyRef: {name: cfg${k % 50}, key: zz}}\n`;
      return Array.from({ length: 1000 + int(r, 500) }, (_, k) => `${pod(k)}---\n${cm(k)}`).join('---\n');
    }
    default:
      return `${head}  containers: [${'{a: '.repeat(200)}${'x}'.repeat(200)}]\n${'  b: &b [*b]\n'.repeat(50)}`;
  }
}

/**
 * A document that is slow to parse, in proportion to `lines` (up to the server's 20,000): keys
 * indented by two and three spaces in turn, which makes the YAML parser report errors on every line
 * (about 2 s for 19,000 lines in a worker thread here).
 */
export function slowDocument(lines: number): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: slow\nx:\n${Array.from({ length: lines }, (_, k) => `${k % 2 ? '   ' : '  '}k${k}: v`).join('\n')}\n`;
}

/** An unclosed `[` above many implicit keys: yaml's parser recurses once per line. */
export function unclosedAboveKeys(lines: number): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: open\nspec: [\n${Array.from({ length: lines }, (_, k) => `  k${k}: v`).join('\n')}\n`;
}

/** Names of `length` random lower-case letters. */
function randomNames(r: Random, n: number, length: number): string[] {
  return Array.from({ length: n }, () => Array.from({ length }, () => String.fromCharCode(97 + int(r, 26))).join(''));
}

/** The hostile inputs of issue 9 and those found profiling them, by name (for the bench and the tests). */
export function hostileInputs(): { name: string; text: string }[] {
  const r = prng(9);
  const head = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: hostile\nspec:\n';
  const mounts = (n: number) => {
    const names = randomNames(r, 2 * n, 61);
    return `${head}  containers:\n  - name: a\n    image: nginx:1.27\n    volumeMounts:\n${names.slice(0, n).map((m, k) => `    - name: ${m}\n      mountPath: /m${k}\n`).join('')}  volumes:\n${names.slice(n).map((v) => `  - name: ${v}\n    emptyDir: {}\n`).join('')}`;
  };
  const long = 'x'.repeat(180_000);
  return [
    { name: '101 aliases of a scalar', text: `${head.replace('name: hostile\n', 'name: hostile\n  annotations:\n    a0: &v x\n' + Array.from({ length: 101 }, (_, k) => `    a${k + 1}: *v\n`).join(''))}  containers:\n  - name: a\n    image: nginx:1.27\n` },
    { name: '250 mounts × 250 volumes, 61-char names', text: mounts(250) },
    { name: '1,000 mounts × 1,000 volumes, 61-char names', text: mounts(1000) },
    { name: 'mount and volume of 40,000 characters', text: `${head}  volumes:\n  - name: a${'y'.repeat(40_000)}\n  containers:\n  - name: c\n    image: nginx:1.27\n    volumeMounts:\n    - name: b${'y'.repeat(40_000)}\n      mountPath: /a\n` },
    { name: '1 kB of 1,000 unclosed [', text: '['.repeat(1000) },
    { name: '180 kB scalar and aliases', text: `${head.replace('name: hostile', `name: &n ${long}`)}  hostname: *n\n  subdomain: *n\n  volumes:\n  - name: *n\n  containers:\n  - name: *n\n    image: *n\n    volumeMounts:\n    - {name: *n, mountPath: /a}\n` },
    { name: '300 kB name of {', text: `${head.replace('name: hostile', `name: ${'{'.repeat(300_000)}`)}  containers:\n  - name: a\n    image: nginx:1.27\n` },
    { name: 'self-referencing anchors', text: `${head}  containers: &c\n  - name: a\n    image: nginx:1.27\n    args: *c\n` },
    { name: 'billion laughs', text: head + ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 11 }, (_, k) => `a${k + 1}: &a${k + 1} [${Array(10).fill(`*a${k}`).join(', ')}]`)].map((l) => `  ${l}\n`).join('') },
    { name: '19,000 unknown fields', text: `${head}  containers:\n  - name: a\n    image: b\n${Array.from({ length: 19_000 }, (_, k) => `    x${k}: 1`).join('\n')}\n` },
    { name: '19,000-key mapping, with an anchor', text: `${head.replace('name: hostile', 'name: &n hostile')}  nodeSelector:\n${Array.from({ length: 19_000 }, (_, k) => `    k${k}: v`).join('\n')}\n  containers: []\n` },
    { name: '19,000 lines under an unclosed [', text: unclosedAboveKeys(19_000) },
    { name: '19,000 lines indented by 2 and 3', text: slowDocument(19_000) },
    { name: '1,500 pods and 1,500 ConfigMaps', text: pathological(prng(1), 12) },
  ];
}
