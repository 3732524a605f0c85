// One worker thread that does one job at a time, with a deadline. A job's work is synchronous (the
// YAML parser, the rules), so the only way to stop one that runs too long, or that a newer version
// of its document made useless, is to stop the thread: it is terminated and a fresh one started,
// which costs its caches and a fraction of a second of loading, nothing else. The thread's heap is
// capped, so no document can take the server's memory: a job that needs more fails as 'memory'.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Job, JobKind, JobResults, Reply } from './workerJobs';

export type Failure = 'deadline' | 'memory' | 'stopped' | 'failed';

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: Failure; message: string };

export interface JobWorkerOptions {
  /** For the log: `analysis`, `requests`. */
  name: string;
  /** Heap limit of the thread (old generation), in MB. */
  heapMb: number;
  log: (message: string) => void;
  /** Skip the warm-up of the analysis and the schema (a worker that only parses). */
  light?: boolean;
  /** The worker's entry; by default workerMain.js beside this file (in out/ and in dist/). */
  file?: string;
}

interface Running {
  id: number;
  kind: JobKind;
  started: number;
  timer: NodeJS.Timeout | undefined;
  deadlineMs: number;
  settle: (o: Outcome<unknown>) => void;
  /** Posted once the thread has loaded (its start-up is not counted against the deadline). */
  job: Job;
}

export class JobWorker {
  private worker: Worker | undefined;
  private ready = false;
  private running: Running | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(private readonly options: JobWorkerOptions) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** How long the job in progress has run (0 when idle or still waiting for the thread to load). */
  get runningFor(): number {
    return this.running && this.running.started ? Date.now() - this.running.started : 0;
  }

  /** Starts the thread ahead of the first job, so that the first answer does not wait for it to load. */
  warm(): void {
    if (!this.worker && !this.disposed) this.start();
  }

  /** Runs a job; the caller runs one at a time. Never rejects. */
  run<K extends JobKind>(job: Extract<Job, { kind: K }>, deadlineMs: number): Promise<Outcome<JobResults[K]>> {
    if (this.running) throw new Error(`${this.options.name} worker: a job is already running`);
    if (this.disposed) return Promise.resolve({ ok: false, reason: 'stopped', message: 'the server is shutting down' });
    return new Promise((resolve) => {
      this.running = { id: this.nextId++, kind: job.kind, started: 0, timer: undefined, deadlineMs, settle: resolve as (o: Outcome<unknown>) => void, job };
      this.warm();
      if (this.ready) this.post();
    });
  }

  /** Stops the job in progress (its outcome is 'stopped'), and the thread with it. */
  stop(message: string): void {
    if (this.running) this.fail('stopped', message);
  }

  dispose(): void {
    this.disposed = true;
    this.stop('the server is shutting down');
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): void {
    const file = this.options.file ?? join(__dirname, 'workerMain.js');
    // stdout/stderr of the thread are read here: with --stdio, standard output is the protocol.
    // A deep stack: yaml's parser recurses per line of some broken shapes, and V8 aborts the whole
    // process if it must compile a regular expression at the end of a stack. 64 MB holds the
    // deepest text the server accepts (20,000 lines; nesting is capped before parsing).
    const w = new Worker(file, { workerData: { light: this.options.light === true }, resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb, stackSizeMb: 64 }, stdout: true, stderr: true });
    this.worker = w;
    this.ready = false;
    w.unref();
    const log = (d: Buffer) => this.options.log(`podwright: ${this.options.name} worker: ${d.toString().trimEnd()}`);
    w.stdout.on('data', log);
    w.stderr.on('data', log);
    w.on('message', (m: Reply | { warning: string } | { ready: true }) => {
      if (this.worker !== w) return;
      if ('warning' in m) this.options.log(`podwright: ${m.warning}`);
      else if ('ready' in m) {
        this.ready = true;
        if (this.running && !this.running.started) this.post();
      } else this.reply(m);
    });
    w.on('error', (e: Error & { code?: string }) => {
      if (this.worker !== w) return;
      const memory = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.gone(memory ? 'memory' : 'failed', memory ? `it needed more than ${this.options.heapMb} MB` : `the ${this.options.name} worker failed: ${e.message}`);
    });
    w.on('exit', (code) => {
      if (this.worker !== w) return;
      this.gone('failed', `the ${this.options.name} worker exited (code ${code})`);
    });
  }

  private post(): void {
    const r = this.running;
    if (!r || !this.worker) return;
    r.started = Date.now();
    r.timer = setTimeout(() => this.fail('deadline', `it took more than ${r.deadlineMs / 1000} s`), r.deadlineMs);
    this.worker.postMessage({ id: r.id, job: r.job });
  }

  private reply(m: Reply): void {
    const r = this.running;
    if (!r || r.id !== m.id) return;
    clearTimeout(r.timer);
    this.running = undefined;
    if (m.error !== undefined) r.settle({ ok: false, reason: 'failed', message: m.error });
    else r.settle({ ok: true, value: m.result });
  }

  /** The thread died on its own (out of memory, a crash): the job in progress fails with it. */
  private gone(reason: Failure, message: string): void {
    this.worker = undefined;
    this.ready = false;
    const r = this.running;
    if (!r) return;
    clearTimeout(r.timer);
    this.running = undefined;
    r.settle({ ok: false, reason, message });
  }

  /** Ends the job in progress and the thread that runs it. */
  private fail(reason: Failure, message: string): void {
    const w = this.worker;
    this.gone(reason, message);
    // terminate() ends the thread's synchronous work at once; its exit event is then ignored.
    if (w) w.terminate().catch((e: Error) => this.options.log(`podwright: stopping the ${this.options.name} worker failed: ${e.message}`));
    // A fresh thread loads while nothing waits for it.
    this.warm();
  }
}
