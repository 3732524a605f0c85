// `podwright lint [--format text|json|sarif] [--kubernetes-version 1.35] [--rule ID=SEVERITY] [--jobs N] PATH...`
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { kustomizationRefs, matchesGlob, parseYaml, ruleById, DEFAULT_KUBERNETES_VERSION, minorOf, type SeveritySetting } from '../../../analysis/src';
import { flag, parseArgs, UsageError } from '../args';
import { CliIO, USAGE_ERROR } from '../io';
import { compileForShortRuns } from '../jitFlags';
import { FileOutcome, lintFile, LintOptions, lintText } from './lintFiles';
import { finishLint, type Finished, type FinishParams } from './lintFinish';
import type { OutputFormat } from './lintFormat';
import { endEarlyWorker } from './lintThreads';
import { collectFiles, isFolder, leaveOut, threadsFor, workersOnly, type Walk } from './lintPaths';

const HELP = `usage: podwright lint [options] PATH...

Checks Kubernetes manifests (Pods and the pod templates of Deployments, StatefulSets, DaemonSets,
ReplicaSets, ReplicationControllers, Jobs and CronJobs). PATH is a file, a folder (searched for
*.yaml and *.yml) or - for standard input.

options:
  --format text|json|sarif     output format (default text)
  --kubernetes-version 1.NN    the Kubernetes version to check against (default ${DEFAULT_KUBERNETES_VERSION})
  --rule ID=SEVERITY           set a rule's severity: error, warning, info or off (repeatable)
  --quiet                      report errors only
  --jobs N                     analyse on N threads (default: up to one per core, one per 4 MB of YAML)
  --exclude GLOB               leave out the files, or folders, the glob matches (repeatable):
                               'test/fixtures', '**/*-patch.yaml', 'values*.yaml'

exit status: 0 no errors, 1 errors found, 2 usage or I/O error
`;

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

export async function main(argv: string[], io: CliIO): Promise<number> {
  // Run from dist/, cliLoad.js has set this already; from out/ (tests, PODWRIGHT_NO_BUNDLE), here.
  compileForShortRuns();
  let args;
  try {
    args = parseArgs(argv, {
      format: { value: true },
      'kubernetes-version': { value: true },
      rule: { value: true, repeat: true },
      exclude: { value: true, repeat: true },
      quiet: {},
      jobs: { value: true },
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
  const format = (flag(args, 'format') ?? 'text') as OutputFormat;
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
  const jobsFlag = flag(args, 'jobs');
  const jobs = jobsFlag === undefined ? undefined : Number(jobsFlag);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) {
    io.err(`podwright lint: --jobs takes a number of threads from 1 to 64 (got '${jobsFlag}')\n`);
    return USAGE_ERROR;
  }
  if (args.positional.length === 0) {
    io.err(`podwright lint: no PATH given\n\n${HELP}`);
    return USAGE_ERROR;
  }

  const files: string[] = [];
  const sizes: number[] = [];
  const walk: Required<Pick<Walk, 'charts' | 'kustomizations'>> = { charts: [], kustomizations: [] };
  for (const p of args.positional) {
    if (p === '-') {
      files.push('-');
      sizes.push(0);
      continue;
    }
    try {
      collectFiles(p, files, sizes, walk);
    } catch (e) {
      // The path that failed: PATH itself, or a folder inside it that cannot be listed.
      const err = e as NodeJS.ErrnoException;
      io.err(`podwright lint: cannot read ${err.path ?? p}: ${err.code === 'ENOENT' ? 'no such file or folder' : err.message}\n`);
      return USAGE_ERROR;
    }
  }

  leaveOut(files, sizes, excluder(args.flags.get('exclude') ?? []));
  const patchFiles = patchesOf(walk.kustomizations);
  const patches = leaveOut(files, sizes, (f) => patchFiles.has(resolve(f)));
  if (!args.flags.has('quiet')) {
    if (walk.charts.length) io.err(chartsNote(walk.charts));
    if (patches.length) io.err(`podwright lint: left out ${patches.length === 1 ? 'a kustomize patch' : `${patches.length} kustomize patches`} (${patches.join(', ')}): partial objects, checked once built (kustomize build DIR | podwright lint -)\n`);
  }

  const colour = format === 'text' && io.isTTY && !process.env.NO_COLOR;
  // Several files, or a folder, are one workspace: references across them are checked; a folder
  // holds the whole application, so what none of them defines is missing (checkWorkspaceFile).
  const folder = args.positional.some((p) => p !== '-' && isFolder(p));
  const workspace = folder || files.filter((f) => f !== '-').length > 1;
  const options: LintOptions = { kubernetesVersion: version, severities, quiet: args.flags.has('quiet'), format, colour, workspace };
  const threads = threadsFor(files, sizes, jobs);
  const finish: FinishParams = {
    fileCount: files.length,
    workspace,
    across: { severities, complete: folder, quiet: options.quiet, format, colour },
    kubernetesVersion: version,
    stdio: io.stdio,
  };
  let outcomes: FileOutcome[];
  let finished: Finished | undefined;
  if (workersOnly(files, sizes, threads)) {
    // Loaded only here: a small run never pays for the worker machinery.
    const { lintInParallel } = require('./lintParallel') as typeof import('./lintParallel');
    ({ outcomes, finished } = await lintInParallel(files, sizes, threads, options, false, finish));
  } else {
    // A worker started early (lintEarly.ts) guessed wrong: free its core now.
    endEarlyWorker();
    outcomes = [];
    for (const f of files) outcomes.push(f === '-' ? await lintStdin(io, options) : lintFile(f, options));
  }
  finished ??= finishLint(outcomes, finish);
  for (const e of finished.errors) io.err(e);
  // Escaped field by field when formatted (lintFormat.ts), so that its colours stay colours.
  if (finished.out) (io.raw?.out ?? io.out)(finished.out);
  return finished.status;
}

async function lintStdin(io: CliIO, options: LintOptions): Promise<FileOutcome> {
  let text: string;
  try {
    text = await io.readStdin();
  } catch (e) {
    return { unreadable: `podwright lint: cannot read <stdin>: ${(e as Error).message}\n` };
  }
  return { report: lintText('<stdin>', text, options) };
}

/** Says which Helm charts' templates a folder walk left out, and how to lint them. */
function chartsNote(charts: readonly string[]): string {
  const which = charts.length === 1 ? `the Helm chart at ${charts[0]}` : `${charts.length} Helm charts (${charts.join(', ')})`;
  const example = charts.length === 1 ? charts[0] : 'CHART';
  return `podwright lint: left out the templates of ${which}: Go templates are YAML only once rendered (helm template ${example} | podwright lint -)\n`;
}

/**
 * The patch files the kustomizations name (absolute paths): partial objects (a Deployment with only
 * its replicas), which a check as whole ones fills with missing selectors and templates. A
 * kustomization that cannot be read names none; it is linted as any other file.
 */
function patchesOf(kustomizations: readonly string[]): Set<string> {
  const patches = new Set<string>();
  for (const k of kustomizations) {
    let text: string;
    try {
      text = readFileSync(k, 'utf8');
    } catch {
      continue;
    }
    const { patches: named } = kustomizationRefs(parseYaml(text).documents.map((d) => d.value));
    for (const p of named) patches.add(resolve(dirname(k), p));
  }
  return patches;
}

/**
 * Whether an --exclude glob matches a file, or a folder it lies in (`test/fixtures` leaves out
 * everything below it). Paths are taken from the working folder, so that the folders above it (a
 * checkout under /home/me/test) match nothing.
 */
function excluder(globs: readonly string[]): (file: string) => boolean {
  const patterns = globs.flatMap((g) => [g, `${g.replace(/\/+$/, '')}/**`]);
  return (file) => {
    if (!patterns.length) return false;
    const from = relative(process.cwd(), resolve(file));
    const path = from.startsWith('..') || isAbsolute(from) ? resolve(file) : from;
    return patterns.some((g) => matchesGlob(path, g));
  };
}
