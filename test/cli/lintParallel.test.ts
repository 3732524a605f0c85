// The parallel lint in-process: batches, the choice of threads, and outcomes in input order equal to
// one thread's, whichever thread linted a file.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { threadsFor, workersOnly } from '../../cli/src/commands/lintPaths';
import { lintFile, type LintOptions } from '../../cli/src/commands/lintFiles';
import { finishLint, type FinishParams } from '../../cli/src/commands/lintFinish';
import { GUESS_ENTRIES, startEarlyLintWorker } from '../../cli/src/commands/lintEarly';
import { batchBounds, lintInParallel } from '../../cli/src/commands/lintParallel';
import { endEarlyWorker, LINT_WORKER_DATA, setEarlyWorker, startLintWorker, takeEarlyWorker, WORKER_YOUNG_GENERATION_MB } from '../../cli/src/commands/lintThreads';

const KB = 1024;

test('files are cut into consecutive batches of about 64 KB', () => {
  assert.deepEqual([...batchBounds([10 * KB, 10 * KB, 50 * KB, 1 * KB, 200 * KB, 3 * KB])], [0, 3, 5, 6]);
  assert.deepEqual([...batchBounds([100 * KB])], [0, 1]);
  assert.deepEqual([...batchBounds([])], [0, 0]);
});

test('workers start only for enough YAML, several files, no standard input, and more than one core', () => {
  const many = Array.from({ length: 20 }, (_, i) => `f${i}.yaml`);
  const MB = 1024 * KB;
  assert.equal(threadsFor(many, many.map(() => 10 * KB), undefined, 4), 1, '200 KB: one thread is done first');
  assert.equal(threadsFor(many, many.map(() => 250 * KB), undefined, 4), 1, '5 MB: a second thread would not pay for itself');
  assert.equal(threadsFor(many, many.map(() => 410 * KB), undefined, 4), 2, '8 MB: two threads');
  assert.equal(threadsFor(many, many.map(() => 1 * MB), undefined, 4), 4, '20 MB: a thread per core');
  assert.equal(threadsFor(many, many.map(() => 1 * MB), undefined, 1), 1);
  assert.equal(threadsFor(many, many.map(() => 10 * MB), undefined, 32), 8);
  assert.equal(threadsFor(['one.yaml'], [50_000 * KB], undefined, 4), 1);
  assert.equal(threadsFor([...many, '-'], [...many.map(() => 100 * KB), 0], undefined, 4), 1);
  assert.equal(threadsFor(many, many.map(() => 1), 3, 2), 3, '--jobs is taken as given');
});

test('from 2 MB of YAML on, or on several threads, the analysis runs in workers only', () => {
  const many = Array.from({ length: 20 }, (_, i) => `f${i}.yaml`);
  assert.equal(workersOnly(many, many.map(() => 10 * KB), 1), false, '200 KB: this thread, no worker to start');
  assert.equal(workersOnly(many, many.map(() => 100 * KB), 1), false, 'just under 2 MB');
  assert.equal(workersOnly(many, many.map(() => 103 * KB), 1), true, 'just over 2 MB: one worker, with its larger young generation');
  assert.equal(workersOnly(['big.yaml'], [3 * 1024 * KB], 1), true, 'one big file as well');
  assert.equal(workersOnly(many, many.map(() => 1), 2), true, 'several threads');
  assert.equal(workersOnly([...many, '-'], [...many.map(() => 1024 * KB), 0], 2), false, 'standard input is read on this thread');
});

test('outcomes come back in input order, equal to one thread, unreadable files included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'podwright-parallel-'));
  try {
    const files: string[] = [];
    for (let i = 0; i < 30; i++) {
      const f = join(dir, `p${String(i).padStart(2, '0')}.yaml`);
      writeFileSync(f, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p-${i}\nspec:\n  containers:\n  - name: c${i % 3 ? '' : '_bad'}\n    image: nginx\n`);
      files.push(f);
    }
    files.splice(7, 0, join(dir, 'gone.yaml'));
    const options: LintOptions = { kubernetesVersion: '1.35', severities: {}, quiet: false, format: 'json', colour: false };
    const sizes = files.map(() => 40 * KB); // two files a batch
    const one = files.map((f) => lintFile(f, options));
    const shared = await lintInParallel(files, sizes, 3, options);
    assert.deepEqual(shared.outcomes, one);
    assert.ok('unreadable' in shared.outcomes[7]);
    // Workers alone: every file went through a worker thread, and still in input order.
    const workers = await lintInParallel(files, sizes, 3, options, false);
    assert.equal(workers.byWorkers, files.length);
    assert.deepEqual(workers.outcomes, one);
    // Each of the three workers ran with the larger young generation.
    assert.deepEqual(workers.youngGenerations, [WORKER_YOUNG_GENERATION_MB, WORKER_YOUNG_GENERATION_MB, WORKER_YOUNG_GENERATION_MB]);
    // One worker alone finishes the run too: the output and status this thread would make, the
    // unreadable file among the errors; no report crosses between the threads.
    const finish: FinishParams = {
      fileCount: files.length,
      workspace: true,
      across: { severities: {}, complete: true, quiet: false, format: 'json', colour: false },
      kubernetesVersion: '1.35',
    };
    const alone = await lintInParallel(files, sizes, 1, { ...options, workspace: true }, false, finish);
    const here = finishLint(files.map((f) => lintFile(f, { ...options, workspace: true })), finish);
    assert.deepEqual(alone.finished, here);
    assert.deepEqual(alone.outcomes, []);
    assert.equal(here.errors.length, 1);
    assert.equal(here.status, 2);
    assert.deepEqual(alone.youngGenerations, [WORKER_YOUNG_GENERATION_MB]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the lint worker module does nothing in a thread started without a lint input (the bundle loads it everywhere)', async () => {
  const worker = new Worker(join(__dirname, '..', '..', 'cli', 'src', 'commands', 'lintWorker.js'), { workerData: { unrelated: true } });
  const outcome = await new Promise<string>((resolve) => {
    worker.on('error', (e) => resolve(`error: ${e.message}`));
    worker.on('message', () => resolve('a message'));
    worker.on('exit', (code) => resolve(`exit ${code}`));
  });
  assert.equal(outcome, 'exit 0');
});

test('a worker started before the command was loaded is taken for the run, or ended when the run is small', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'podwright-early-'));
  const workerFile = join(__dirname, '..', '..', 'cli', 'src', 'commands', 'lintWorker.js');
  try {
    // The guess: 2 MB of YAML among the paths (files of a folder count), a lint, not standard input.
    const big = join(dir, 'big');
    mkdirSync(big);
    for (let i = 0; i < 3; i++) writeFileSync(join(big, `f${i}.yaml`), 'x'.repeat(700 * KB));
    writeFileSync(join(big, 'notes.txt'), 'x'.repeat(3 * 1024 * KB));
    const small = join(dir, 'small.yaml');
    writeFileSync(small, 'apiVersion: v1\n');
    const guessed = (argv: string[]) => {
      const w = startEarlyLintWorker(argv, workerFile);
      void w?.terminate();
      return w !== undefined;
    };
    assert.equal(guessed(['lint', '--format', 'json', big]), true, '2.1 MB of YAML in a folder');
    assert.equal(guessed(['lint', small, join(big, 'f0.yaml'), join(big, 'f1.yaml')]), false, '1.4 MB in three files');
    assert.equal(guessed(['lint', join(big, 'notes.txt')]), true, 'a file named on the command line is linted whatever its name');
    assert.equal(guessed(['lint', big, '-']), false, 'standard input is read on the main thread');
    assert.equal(guessed(['lint', join(dir, 'gone')]), false);
    assert.equal(guessed(['run', big]), false);
    // A tree with little YAML among many other files: the guess gives up rather than walk it all
    // (the command walks it anyway); the 3 MB of YAML sorted after the other files are not reached.
    const wide = join(dir, 'wide');
    mkdirSync(join(wide, 'zz'), { recursive: true });
    for (let i = 0; i < GUESS_ENTRIES; i++) writeFileSync(join(wide, `a${i}.txt`), '');
    writeFileSync(join(wide, 'zz', 'big.yaml'), 'x'.repeat(3 * 1024 * KB));
    assert.equal(guessed(['lint', wide]), false);
    assert.equal(guessed(['lint', join(wide, 'zz')]), true);

    // Taken: this early worker has a young generation of its own, and it is the one that reports.
    const files = [small];
    const options: LintOptions = { kubernetesVersion: '1.35', severities: {}, quiet: false, format: 'json', colour: false };
    setEarlyWorker(new Worker(workerFile, { workerData: LINT_WORKER_DATA, resourceLimits: { maxYoungGenerationSizeMb: 48 } }));
    const run = await lintInParallel(files, [20], 1, options, false);
    assert.deepEqual(run.youngGenerations, [48]);
    assert.deepEqual(run.outcomes, [lintFile(small, options)]);
    assert.equal(takeEarlyWorker(), undefined, 'taken once');

    // One that failed before it was taken (here: its code throws at once) is not waited for: the run
    // starts a worker of its own.
    const failing = new Worker('throw new Error("no bundle")', { eval: true });
    setEarlyWorker(failing);
    await new Promise((r) => failing.once('exit', r));
    const anew = await lintInParallel(files, [20], 1, options, false);
    assert.deepEqual(anew.youngGenerations, [WORKER_YOUNG_GENERATION_MB]);
    assert.deepEqual(anew.outcomes, [lintFile(small, options)]);

    // Not taken: ended, so that it neither holds a core nor keeps the process alive.
    const unused = startLintWorker(workerFile);
    setEarlyWorker(unused);
    // A lint worker waits for its input as long as it lives: only the end makes it exit.
    const exited = new Promise<string>((resolve) => unused.on('exit', () => resolve('exited')));
    await new Promise((r) => setTimeout(r, 300));
    endEarlyWorker();
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 5000).unref());
    assert.equal(await Promise.race([exited, timeout]), 'exited');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
