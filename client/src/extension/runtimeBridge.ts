// The extension's side of the pod runtime (client/src/runtime), bundled on its own as dist/runtime.js
// and loaded on first use. Plain code: no `vscode` import, so it could serve any front end. It adapts
// the runtime's PodStatus to the Pods view's snapshot and adds what only an editor needs: an event
// feed for the view, followed logs split into lines, an interactive shell.
import { watch as watchDir, mkdirSync, type FSWatcher } from 'node:fs';
import { connect, engineAddress, engineMessage } from '../../../runtime/src/engine';
import { containerName } from '../../../runtime/src/create';
import { LABEL } from '../../../runtime/src/labels';
import { planManifest } from '../../../runtime/src/plan';
import { AlreadyExistsError, PodRuntime, type RunResult } from '../../../runtime/src/runtime';
import type { PodStatus } from '../../../runtime/src/status';
import type { PodSnapshot } from '../podsView/snapshot';
import type { Subscription } from '../podsView/store';
import type { CreateBridge, EngineOptions, LogLine, PodRef, RunOutcome, RunRequest, RuntimeBridge, Shell } from './runtimeApi';

/** Container lifecycle events; exec events (every exec probe) would refresh the view for nothing. */
const LIFECYCLE = ['create', 'start', 'die', 'destroy', 'oom', 'kill', 'stop', 'restart', 'pause', 'unpause'];

export function toSnapshot(s: PodStatus): PodSnapshot {
  const started = s.containers.map((c) => (c.startedAt ? Date.parse(c.startedAt) : NaN)).filter((t) => !Number.isNaN(t));
  return {
    name: s.name,
    namespace: s.namespace,
    phase: s.phase,
    status: s.status,
    ready: s.ready,
    restarts: s.restarts,
    containers: s.containers.map((c) => ({
      name: c.name,
      role: c.role,
      state: c.state,
      reason: c.reason,
      exitCode: c.exitCode,
      restarts: c.restarts,
      ready: c.ready,
      image: c.image,
    })),
    ports: s.ports.map((p) => ({ ...p })),
    manifest: s.manifest || undefined,
    // The earliest container start stands for the pod's creation (the infra container starts first).
    createdAt: started.length ? Math.min(...started) : undefined,
  };
}

/** Splits the engine's multiplexed log frames (non-TTY containers) into stdout and stderr text. */
class Demux {
  private pending = Buffer.alloc(0);
  constructor(private readonly emit: (text: string, stream: 'stdout' | 'stderr') => void) {}
  push(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) return;
      this.emit(this.pending.subarray(8, 8 + size).toString('utf8'), this.pending[0] === 2 ? 'stderr' : 'stdout');
      this.pending = this.pending.subarray(8 + size);
    }
  }
}

/** Whole lines out of arbitrary chunks, per stream. */
class Lines {
  private partial = { stdout: '', stderr: '' };
  constructor(private readonly emit: (text: string, stream: 'stdout' | 'stderr') => void) {}
  push(text: string, stream: 'stdout' | 'stderr'): void {
    const all = this.partial[stream] + text;
    const parts = all.split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const line of parts) this.emit(line, stream);
  }
  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) if (this.partial[stream]) this.emit(this.partial[stream], stream);
  }
}

function outcomeOf(result: RunResult): RunOutcome {
  switch (result.outcome) {
    case 'Running':
    case 'Succeeded':
      return { kind: 'started', pod: result.status ? toSnapshot(result.status) : undefined };
    case 'Cancelled':
      return { kind: 'cancelled' };
    default:
      return { kind: 'failed', message: result.message };
  }
}

class Bridge implements RuntimeBridge {
  private readonly runtime: PodRuntime;
  private readonly env: NodeJS.ProcessEnv;
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly options: EngineOptions) {
    this.env = options.dockerHost ? { ...process.env, DOCKER_HOST: options.dockerHost } : process.env;
    this.runtime = new PodRuntime({ docker: connect(this.env) });
  }

  describeHost(): string {
    return engineAddress(this.env);
  }

  async list(): Promise<PodSnapshot[]> {
    return (await this.runtime.list()).map(toSnapshot);
  }

  async watch(onEvent: () => void, onEnd: (error?: unknown) => void): Promise<Subscription> {
    await this.runtime.ping();
    const stream = (await this.runtime.docker.getEvents({
      filters: { type: ['container'], label: [LABEL.uid], event: LIFECYCLE },
    })) as NodeJS.ReadableStream & { destroy?: () => void };
    // Readiness, restart counts and back-off live in the supervisor's state files, not in the engine.
    let dirWatcher: FSWatcher | undefined;
    try {
      mkdirSync(this.runtime.store.dir, { recursive: true });
      dirWatcher = watchDir(this.runtime.store.dir, () => onEvent());
    } catch {
      dirWatcher = undefined;
    }
    let ended = false;
    const end = (error?: unknown) => {
      if (ended) return;
      ended = true;
      dirWatcher?.close();
      this.subscriptions.delete(sub);
      onEnd(error);
    };
    stream.on('data', () => onEvent());
    stream.on('end', () => end(new Error('The Docker engine closed the event stream (stopped?).')));
    stream.on('error', (e: Error) => end(e));
    const sub: Subscription = {
      dispose: () => {
        ended = true;
        dirWatcher?.close();
        stream.destroy?.();
        this.subscriptions.delete(sub);
      },
    };
    this.subscriptions.add(sub);
    return sub;
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    const { plans, problems } = planManifest(request.text, request.file, { pod: request.pod, allowHostAccess: request.allowHostAccess });
    if (problems.length) {
      return { kind: 'refused', message: problems.length === 1 ? `${problems[0].where}: ${problems[0].message}` : `${problems.length} problems, the first: ${problems[0].message}`, problems: problems.map((p) => `${p.where}: ${p.message}`) };
    }
    const plan = plans.find((p) => p.name === request.pod) ?? plans[0];
    if (!plan) return { kind: 'failed', message: `no pod named ${request.pod} in ${request.file}` };
    // The runtime checks the signal between its own steps; a cancel while a container runs (an init
    // container that takes its time) is turned into a stop, which it handles at any point of a start.
    let stopping: Promise<void> | undefined;
    const onAbort = () => {
      stopping = this.runtime.stop(plan.uid).catch(() => undefined);
    };
    request.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await this.runtime.run(plan, {
        replace: request.replace,
        publishAddress: this.options.publishAddress,
        signal: request.signal,
        supervise: 'background',
        onEvent: (e) => request.onProgress(`${e.reason}${e.container ? ` ${e.container}` : ''}${e.message ? `: ${e.message}` : ''}`),
        onPull: (p) => request.onProgress(`pulling ${p.image}${p.status ? `: ${p.status}` : ''}`),
      });
      if (stopping) {
        await stopping;
        return { kind: 'cancelled' };
      }
      return outcomeOf(result);
    } catch (e) {
      if (stopping) {
        await stopping;
        return { kind: 'cancelled' };
      }
      if (e instanceof AlreadyExistsError) return { kind: 'exists', message: `Pod ${e.pod.name} is already running (${e.pod.status}).` };
      return { kind: 'failed', message: engineMessage(e) };
    } finally {
      request.signal.removeEventListener('abort', onAbort);
    }
  }

  private async status(pod: PodRef): Promise<PodStatus> {
    const found = await this.runtime.find(pod.name, pod.namespace);
    if (!found) throw new Error(`Pod ${pod.name} is not running any more.`);
    return found;
  }

  async stop(pod: PodRef): Promise<void> {
    const found = await this.runtime.find(pod.name, pod.namespace);
    if (found) await this.runtime.stop(found.uid);
  }

  async restartContainer(pod: PodRef, container: string): Promise<void> {
    const s = await this.status(pod);
    await this.runtime.docker.getContainer(containerName(s, container)).restart({ t: 5 });
  }

  async logs(pod: PodRef, container: string | undefined, onLine: (line: LogLine) => void, signal: AbortSignal): Promise<void> {
    const s = await this.status(pod);
    const names = container ? [container] : s.containers.map((c) => c.name);
    await Promise.all(
      names.map(async (name) => {
        const c = this.runtime.docker.getContainer(containerName(s, name));
        let tty = false;
        try {
          tty = (await c.inspect()).Config.Tty;
        } catch {
          return; // not created yet (an app container while init containers run), or removed
        }
        const stream = (await c.logs({ stdout: true, stderr: true, follow: true })) as NodeJS.ReadableStream & { destroy?: () => void };
        const lines = new Lines((text, streamName) => onLine({ container: name, text, stream: streamName }));
        const demux = new Demux((text, streamName) => lines.push(text, streamName));
        await new Promise<void>((resolve) => {
          const done = () => {
            lines.flush();
            resolve();
          };
          signal.addEventListener('abort', () => {
            stream.destroy?.();
            done();
          });
          stream.on('data', (b: Buffer) => (tty ? lines.push(b.toString('utf8'), 'stdout') : demux.push(b)));
          stream.on('end', done);
          stream.on('error', done);
        });
      }),
    );
  }

  async shell(pod: PodRef, container: string, onData: (data: string) => void, onExit: (code: number) => void): Promise<Shell> {
    const s = await this.status(pod);
    const c = this.runtime.docker.getContainer(containerName(s, container));
    const exec = await c.exec({ Cmd: ['sh'], AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, Env: ['TERM=xterm-256color'] });
    const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as NodeJS.ReadWriteStream & { destroy?: () => void };
    stream.on('data', (b: Buffer) => onData(b.toString('utf8')));
    stream.on('end', () => {
      exec.inspect().then(
        (i) => onExit(i.ExitCode ?? 0),
        () => onExit(0),
      );
    });
    return {
      write: (data) => void stream.write(data),
      resize: (columns, rows) => void exec.resize({ w: columns, h: rows }).catch(() => undefined),
      close: () => {
        stream.end();
        stream.destroy?.();
      },
    };
  }

  dispose(): void {
    for (const s of [...this.subscriptions]) s.dispose();
    this.runtime.close();
  }
}

export const createBridge: CreateBridge = (options) => new Bridge(options);
