// `podwright lint [--format text|json|sarif] [--kubernetes-version 1.35] [--rule ID=SEVERITY] PATH...`
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, ruleById, DEFAULT_KUBERNETES_VERSION, minorOf, schemaVersionFor, type SeveritySetting } from '../../../analysis/src';
import { flag, parseArgs, UsageError } from '../args';
import { CliIO, USAGE_ERROR } from '../io';
import { FileReport, formatJson, formatSarif, formatText, toLocated } from './lintFormat';

const HELP = `usage: podwright lint [options] PATH...

Checks Kubernetes manifests (Pods and the pod templates of Deployments, StatefulSets, DaemonSets,
ReplicaSets, ReplicationControllers, Jobs and CronJobs). PATH is a file, a folder (searched for
*.yaml and *.yml) or - for standard input.

options:
  --format text|json|sarif     output format (default text)
  --kubernetes-version 1.NN    the Kubernetes version to check against (default ${DEFAULT_KUBERNETES_VERSION})
  --rule ID=SEVERITY           set a rule's severity: error, warning, info or off (repeatable)
  --quiet                      report errors only

exit status: 0 no errors, 1 errors found, 2 usage or I/O error
`;

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

/** Folders never worth searching for manifests. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

function collectFiles(path: string, out: string[]): void {
  const st = statSync(path);
  if (!st.isDirectory()) {
    out.push(path);
    return;
  }
  for (const name of readdirSync(path).sort()) {
    if (SKIP_DIRS.has(name) || name.startsWith('.')) continue;
    const p = join(path, name);
    const s = statSync(p);
    if (s.isDirectory()) collectFiles(p, out);
    else if (/\.ya?ml$/i.test(name)) out.push(p);
  }
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, {
      format: { value: true },
      'kubernetes-version': { value: true },
      rule: { value: true, repeat: true },
      quiet: {},
      help: { alias: 'h' },
    });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`podwright lint: ${e.message}\n\n${HELP}`);
    return USAGE_ERROR;
  }
  if (args.flags.has('help')) {
    io.out(HELP);
    return 0;
  }
  const format = flag(args, 'format') ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) {
    io.err(`podwright lint: unknown format '${format}' (use text, json or sarif)\n`);
    return USAGE_ERROR;
  }
  const version = flag(args, 'kubernetes-version') ?? DEFAULT_KUBERNETES_VERSION;
  if (!(minorOf(version) >= 0)) {
    io.err(`podwright lint: --kubernetes-version must look like 1.35, not '${version}'\n`);
    return USAGE_ERROR;
  }
  const severities: Record<string, SeveritySetting> = {};
  for (const r of args.flags.get('rule') ?? []) {
    const m = /^([a-z0-9-]+)=(\w+)$/.exec(r);
    if (!m || !SEVERITIES.has(m[2])) {
      io.err(`podwright lint: --rule takes ID=SEVERITY with SEVERITY one of error, warning, info, off (got '${r}')\n`);
      return USAGE_ERROR;
    }
    if (!ruleById(m[1])) {
      io.err(`podwright lint: unknown rule '${m[1]}'\n`);
      return USAGE_ERROR;
    }
    severities[m[1]] = m[2] as SeveritySetting;
  }
  if (args.positional.length === 0) {
    io.err(`podwright lint: no PATH given\n\n${HELP}`);
    return USAGE_ERROR;
  }

  const files: string[] = [];
  for (const p of args.positional) {
    if (p === '-') {
      files.push('-');
      continue;
    }
    try {
      collectFiles(p, files);
    } catch (e) {
      io.err(`podwright lint: cannot read ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}\n`);
      return USAGE_ERROR;
    }
  }

  const quiet = args.flags.has('quiet');
  const reports: FileReport[] = [];
  let ioFailed = false;
  for (const f of files) {
    let text: string;
    const name = f === '-' ? '<stdin>' : f;
    try {
      text = f === '-' ? await io.readStdin() : readFileSync(f, 'utf8');
    } catch (e) {
      io.err(`podwright lint: cannot read ${name}: ${(e as Error).message}\n`);
      ioFailed = true;
      continue;
    }
    const result = analyze(text, { kubernetesVersion: version, severities });
    const problems = result.problems.filter((p) => !quiet || p.severity === 'error');
    reports.push({ file: name, problems: problems.map((p) => toLocated(result.file, p)) });
  }

  if (format === 'json') io.out(formatJson(reports));
  else if (format === 'sarif') io.out(formatSarif(reports, schemaVersionFor(version)));
  else io.out(formatText(reports, files.length, io.isTTY && !process.env.NO_COLOR));

  if (ioFailed) return USAGE_ERROR;
  return reports.some((r) => r.problems.some((p) => p.severity === 'error')) ? 1 : 0;
}
