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

/** Inputs no editor should ever choke on. */
export function pathological(r: Random, i: number): string {
  const head = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n';
  switch (i % 8) {
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
    default:
      return head + '  containers:\n  - name: "unterminated\n' + '    image: x\n'.repeat(500);
  }
}
