// Ephemeral debug containers, as `kubectl debug -it POD --image=… --target=CONTAINER` adds them: a
// container joined to the pod's network (and IPC) namespaces and to the target container's process
// namespace, so that `ps` shows the target's processes and /proc/<pid>/root its files. Like an
// ephemeral container (pkg/apis/core/types.go EphemeralContainer) it has no ports, probes or
// restarts, is not part of the pod's spec (status and phase ignore it) and goes with the pod: it
// carries the pod's uid label, which stop sweeps.
//
// The kubelet runs the debug process itself as the container's process. Here the container keeps a
// quiet process alive and the shell is an exec in it: the runtime's exec sessions already carry a
// TTY, resizes and exit codes. When the session ends, the container is stopped, so it shows as
// terminated under the pod, as an ephemeral container whose process exited does.
import type Docker from 'dockerode';
import { randomInt } from 'node:crypto';
import { infraName } from './create';
import { statusOf } from './engine';
import type { EnginePod } from './engineView';
import { RuntimeError } from './errors';
import { ensureInfraImage, INFRA_CMD } from './images';
import { LABEL } from './labels';
import { NAME_ALPHABET } from './names';
import { startExec, type ExecOptions, type ExecSession } from './streams';

/** The role label of a debug container: not one of the pod's own containers. */
export const EPHEMERAL_ROLE = 'ephemeral';

export interface DebugOptions extends ExecOptions {
  /** The container whose processes the debug container sees (`--target`); none: the pod's sandbox. */
  target?: string;
  /** `--image`; by default the runtime's own busybox image, which works offline. */
  image?: string;
  /** What to run (default `sh`). */
  command?: string[];
}

export interface DebugSession extends ExecSession {
  /** The debug container's name in the pod (`debugger-xxxxx`, as kubectl names it). */
  container: string;
}

/** `debugger-` and five characters of the API server's name alphabet, as kubectl debug names them. */
function debuggerName(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return `debugger-${s}`;
}

/** Keeps the container alive, and ends at once on SIGTERM (a pod stop does not wait for it). */
const KEEP_ALIVE = INFRA_CMD;

export async function startDebug(docker: Docker, pod: EnginePod, opts: DebugOptions): Promise<DebugSession> {
  const key = { name: pod.name, namespace: pod.namespace };
  if (!pod.infra || pod.infra.status !== 'running') throw new RuntimeError({ code: 'ContainerNotRunning', pod: key, container: 'the pod sandbox', state: pod.infra?.status ?? 'missing' });
  let pidMode = `container:${pod.infra.id}`;
  if (opts.target !== undefined) {
    const target = pod.containers.get(opts.target);
    if (!target) throw new RuntimeError({ code: 'ContainerNotFound', pod: key, container: opts.target, containers: [...pod.containers.keys()] });
    if (target.status !== 'running') throw new RuntimeError({ code: 'ContainerNotRunning', pod: key, container: opts.target, state: target.status });
    pidMode = `container:${target.id}`;
  }
  const infraImage = opts.image ? undefined : await ensureInfraImage(docker);
  const name = debuggerName();
  const labels = (await docker.getContainer(pod.infra.id).inspect()).Config.Labels ?? {};
  const created = await docker.createContainer({
    name: `${infraName(pod)}_${name}`,
    Image: opts.image ?? infraImage,
    // The image's own entrypoint is replaced: the debug process is the exec below.
    Entrypoint: KEEP_ALIVE.slice(0, 2),
    Cmd: KEEP_ALIVE.slice(2),
    Labels: {
      [LABEL.pod]: pod.name,
      [LABEL.namespace]: pod.namespace,
      [LABEL.uid]: pod.uid,
      [LABEL.manifest]: labels[LABEL.manifest] ?? '',
      [LABEL.role]: EPHEMERAL_ROLE,
      [LABEL.container]: name,
      ...(opts.target !== undefined ? { [LABEL.debugTarget]: opts.target } : {}),
    },
    HostConfig: { NetworkMode: `container:${pod.infra.id}`, IpcMode: `container:${pod.infra.id}`, PidMode: pidMode, RestartPolicy: { Name: 'no' } },
  }).catch((e: unknown) => {
    if (statusOf(e) === 404) throw new RuntimeError({ code: 'EngineError', detail: `image "${opts.image}" is not present on the engine (debug containers are never pulled)` });
    throw e;
  });
  await created.start();
  if (infraImage) {
    // The runtime's busybox image links only the applets a pod's sandbox needs; a person debugging
    // wants them all (ps, ls, netstat …): busybox links them into the container's own layer.
    const install = await startExec(docker, created.id, ['/bin/busybox', '--install', '-s', '/bin'], { onOutput: () => undefined });
    await install.exit;
  }
  const session = await startExec(docker, created.id, opts.command ?? ['sh'], opts);
  const exit = session.exit.then(async (code) => {
    await created.stop({ t: 0 }).catch((e: unknown) => {
      // Stopped or removed already (the pod was stopped meanwhile): what was wanted.
      if (statusOf(e) !== 304 && statusOf(e) !== 404) throw e;
    });
    return code;
  });
  return { ...session, exit, container: name };
}
