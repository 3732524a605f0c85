// The connection to the Docker engine. An address is what DOCKER_HOST holds (unix://, tcp://,
// npipe://), as the docker CLI reads it; the default is the local socket.
import type Docker from 'dockerode';
import { dockerode } from './dockerode';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RuntimeError, type PodKey } from './errors';

export const DEFAULT_ENGINE = 'unix:///var/run/docker.sock';

/** The engine to use: an explicit address, else DOCKER_HOST, else the local socket. */
export function engineAddress(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit && explicit.trim()) return explicit.trim();
  return env.DOCKER_HOST && env.DOCKER_HOST.trim() ? env.DOCKER_HOST.trim() : DEFAULT_ENGINE;
}

export function connect(address: string): Docker {
  const Docker = dockerode();
  if (address.startsWith('unix://')) return new Docker({ socketPath: address.slice('unix://'.length) });
  if (address.startsWith('npipe://')) return new Docker({ socketPath: address.slice('npipe://'.length) || '//./pipe/docker_engine' });
  const tcp = /^(?:tcp|http|https):\/\/([^:/]+)(?::(\d+))?/.exec(address);
  if (!tcp) return new Docker({ socketPath: address });
  // TLS as the docker CLI sets it up: DOCKER_TLS_VERIFY and the certificates in DOCKER_CERT_PATH.
  const verify = process.env.DOCKER_TLS_VERIFY;
  if (!verify || verify === '0') return new Docker({ host: tcp[1], port: Number(tcp[2] ?? 2375), protocol: 'http' });
  const certs = process.env.DOCKER_CERT_PATH || join(homedir(), '.docker');
  const read = (f: string) => readFileSync(join(certs, f));
  return new Docker({ host: tcp[1], port: Number(tcp[2] ?? 2376), protocol: 'https', ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') });
}

/** True for the errors a socket gives when nothing listens behind it. */
export function isConnectionError(e: unknown): boolean {
  if (e instanceof RuntimeError) return e.failure.code === 'EngineUnreachable';
  const code = (e as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'EACCES' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH';
}

/** EngineUnreachable for a connection failure (or another EngineUnreachable, with the pod being started). */
export function unreachable(address: string, cause: unknown, starting?: PodKey): RuntimeError {
  if (cause instanceof RuntimeError && cause.failure.code === 'EngineUnreachable') return starting ? new RuntimeError({ ...cause.failure, starting }) : cause;
  const c = cause as { code?: string; message?: string } | null;
  return new RuntimeError({ code: 'EngineUnreachable', address, detail: c?.code ?? c?.message ?? String(cause), starting });
}

/** Pings the engine, turning a connection failure into EngineUnreachable. */
export async function ensureEngine(docker: Docker, address: string): Promise<void> {
  try {
    await docker.ping();
  } catch (e) {
    throw unreachable(address, e);
  }
}

/** The HTTP status of a dockerode error, when it has one. */
export function statusOf(e: unknown): number | undefined {
  const s = (e as { statusCode?: number } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** The engine's own message from a dockerode error ("port is already allocated", "No such image" …). */
export function engineMessage(e: unknown): string {
  const err = e as { json?: { message?: string }; reason?: string; message?: string } | null;
  const m = err?.json?.message ?? err?.message ?? String(e);
  return m.replace(/^\(HTTP code \d+\) [a-z ]+ - /i, '').trim();
}
