// `kubectl logs` over the engine: one container's or every started container's output, split into
// lines, whole or followed. PodRuntime.logs is the way in; this holds the engine work.
import type Docker from 'dockerode';
import { statusOf } from './engine';
import { PREVIOUS_SUFFIX } from './engineView';
import { RuntimeError } from './errors';
import type { LogOptions } from './runtimeTypes';
import type { PodStatus } from './status';
import { demultiplex, demultiplexBuffer, LineSplitter, type LogLine } from './streams';

/** What podLogs borrows from its PodRuntime: the container's engine name and the engine's error handling. */
export interface LogAccess {
  member(pod: PodStatus, container: string): string;
  engine<T>(call: () => Promise<T>): Promise<T>;
  wrap(e: unknown): unknown;
}

export async function podLogs(docker: Docker, pod: PodStatus, opts: LogOptions, onLine: (line: LogLine) => void, access: LogAccess): Promise<void> {
  const names = opts.container !== undefined ? [opts.container] : pod.containers.map((c) => c.name);
  const key = { name: pod.name, namespace: pod.namespace };
  await Promise.all(
    names.map(async (name) => {
      const engineName = access.member(pod, name) + (opts.previous ? PREVIOUS_SUFFIX : '');
      const container = docker.getContainer(engineName);
      let tty: boolean;
      try {
        tty = (await container.inspect()).Config.Tty;
      } catch (e) {
        if (statusOf(e) !== 404) throw access.wrap(e);
        // Not created yet (an app container behind init containers), or no previous run.
        if (opts.container === undefined) return;
        if (opts.previous) throw new RuntimeError({ code: 'NoPreviousRun', pod: key, container: name });
        throw new RuntimeError({ code: 'ContainerNotRunning', pod: key, container: name, state: 'waiting', reason: pod.containers.find((c) => c.name === name)?.reason });
      }
      const lines = new LineSplitter((text, stream) => onLine({ container: name, stream, text }));
      const push = (b: Buffer, stream: 'stdout' | 'stderr') => lines.push(b.toString('utf8'), stream);
      // The engine's own filters: the last lines, a start time (seconds, with a fraction), and the
      // time of each line (RFC 3339 with nanoseconds, as the kubelet's CRI logs have it).
      const which = {
        stdout: true,
        stderr: true,
        ...(opts.tail !== undefined ? { tail: opts.tail } : {}),
        // `since` as the docker CLI sends it, "seconds.fraction" (its type says a number only).
        ...(opts.sinceMs !== undefined ? { since: (opts.sinceMs / 1000).toFixed(3) as unknown as number } : {}),
        ...(opts.timestamps ? { timestamps: true } : {}),
      };
      if (!opts.follow) {
        const whole = (await access.engine(() => container.logs({ ...which, follow: false }))) as unknown as Buffer;
        demultiplexBuffer(Buffer.isBuffer(whole) ? whole : Buffer.from(String(whole)), tty, push);
      } else {
        const stream = (await access.engine(() => container.logs({ ...which, follow: true }))) as NodeJS.ReadableStream & { destroy(): void };
        const stop = () => stream.destroy();
        opts.signal?.addEventListener('abort', stop, { once: true });
        if (opts.signal?.aborted) stop();
        await demultiplex(docker, stream, tty, push);
        opts.signal?.removeEventListener('abort', stop);
      }
      lines.flush();
    }),
  );
}
