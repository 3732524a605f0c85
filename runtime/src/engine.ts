// The connection to the Docker engine. dockerode reads DOCKER_HOST (unix://, tcp://, npipe://) the
// way the docker CLI does; the default is the local socket.
import Docker from 'dockerode';

export class EngineUnreachableError extends Error {
  constructor(readonly address: string, readonly original: unknown) {
    super(
      `Cannot reach the Docker engine at ${address}: is it running? ` +
        '(start it with `sudo systemctl start docker` or `dockerd`)',
    );
    this.name = 'EngineUnreachableError';
  }
}

export function engineAddress(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST && env.DOCKER_HOST.trim() ? env.DOCKER_HOST.trim() : 'unix:///var/run/docker.sock';
}

export function connect(env: NodeJS.ProcessEnv = process.env): Docker {
  const address = engineAddress(env);
  if (address.startsWith('unix://')) return new Docker({ socketPath: address.slice('unix://'.length) });
  // dockerode parses tcp:// and npipe:// itself from DOCKER_HOST (with DOCKER_TLS_VERIFY/CERT_PATH).
  return new Docker();
}

/** True for the errors a socket gives when nothing listens behind it. */
export function isConnectionError(e: unknown): boolean {
  if (e instanceof EngineUnreachableError) return true;
  const code = (e as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'EACCES' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH';
}

/** Pings the engine, turning a connection failure into the message people need. */
export async function ensureEngine(docker: Docker, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    await docker.ping();
  } catch (e) {
    throw new EngineUnreachableError(engineAddress(env), e);
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
