// The command line as a person runs it: `node bin/podwright.js …` in a folder of its own, with a
// state folder of its own and the kubelet back-off shortened (PODWRIGHT_BACKOFF_MS).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';

const BIN = join(ROOT, 'bin', 'podwright.js');
const CLI_BOUND_MS = 150_000;

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

export interface Cli {
  (args: string[], env?: NodeJS.ProcessEnv, input?: string): Promise<Run>;
  stateDir: string;
  work: string;
}

/** A CLI with fresh state and working folders, removed when the test process exits. */
export function cliHarness(prefix: string): Cli {
  const stateDir = mkdtempSync(join(tmpdir(), `${prefix}-state-`));
  const work = mkdtempSync(join(tmpdir(), `${prefix}-`));
  process.on('exit', () => [stateDir, work].forEach((d) => rmSync(d, { recursive: true, force: true })));
  const run = (args: string[], env: NodeJS.ProcessEnv = {}, input?: string) =>
    new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: work,
        env: { ...process.env, PODWRIGHT_STATE_DIR: stateDir, PODWRIGHT_BACKOFF_MS: '1000,4000', ...env },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      // A command that hangs fails its test rather than the whole run (an after hook has no timeout).
      const bound = setTimeout(() => {
        err += `\n(cliHarness: podwright ${args.join(' ')} did not end within ${CLI_BOUND_MS / 1000} s and was killed)\n`;
        child.kill('SIGKILL');
      }, CLI_BOUND_MS);
      child.on('close', (code) => {
        clearTimeout(bound);
        resolve({ code, out, err });
      });
      child.stdin.end(input);
    });
  return Object.assign(run, { stateDir, work });
}
