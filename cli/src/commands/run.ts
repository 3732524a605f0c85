// `podwright run FILE`: starts the pod(s) of a manifest on the local engine and waits until every
// app container runs (or the pod completed); with --wait, until it is Ready and stays up.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isRuntimeError } from '../../../runtime/src';
import { flag, UsageError } from '../args';
import { CliIO, USAGE_ERROR } from '../io';
import { failureText, planProblemText, qualified } from '../words';
import { FAILED, formatPullProgress, planPods, podCommand } from './podCommon';

const HELP = `usage: podwright run FILE [options]

Runs the pod(s) of FILE (a Pod, or the pod template of a Deployment, Job …) on the local Docker
engine with Kubernetes semantics, and waits until every app container is running (the Running
phase, where \`docker run -d\` and \`kubectl run\` return). With --wait it waits until the pod is
Ready (every readiness probe passed) and has stayed up for half a second, so that a container that
crashes right after it started fails the command, as CI wants.

options:
  --pod NAME                only the pod NAME (or NAMESPACE/NAME)
  --replace                 stop a pod of the same name first
  --wait                    wait until Ready and up for half a second (exit 1 on a crash)
  --timeout S               seconds to wait (default 120)
  --allow-host-access       allow what reaches the host: host namespaces, hostPath, privileged,
                            capabilities beyond the baseline, unconfined seccomp/AppArmor,
                            procMount Unmasked, unsafe sysctls, hostIP beyond 127.0.0.1
  --publish-address ADDR    address hostPorts bind to (default 127.0.0.1)
  --publish-all             also publish every containerPort on a free host port

exit status: 0 running or completed, 1 the pod failed or was refused, 2 usage or engine error
`;

/**
 * With --wait, "up" means "it stays up": a container that exits right after it started is reported
 * as the crash it is, at the price of this much waiting once everything runs and is ready.
 */
const SETTLE_MS = 500;

/** Tests shorten the kubelet back-off with PODWRIGHT_BACKOFF_MS="initial,max". */
function backoffFromEnv(): { initialMs: number; maxMs: number } | undefined {
  const m = /^(\d+),(\d+)$/.exec(process.env.PODWRIGHT_BACKOFF_MS ?? '');
  return m ? { initialMs: Number(m[1]), maxMs: Number(m[2]) } : undefined;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = {
    pod: { value: true },
    replace: {},
    wait: {},
    timeout: { value: true },
    'allow-host-access': {},
    'publish-address': { value: true },
    'publish-all': {},
  };
  return podCommand('run', HELP, argv, spec, io, async (args, runtime) => {
    const timeout = flag(args, 'timeout');
    // A terminal's progress line is redrawn in place: the command's own control sequence, written raw.
    const clearLine = () => (io.raw?.out ?? io.out)('\r\x1b[2K');
    const path = args.positional[0];
    // The absolute path is recorded on the pod: Restart and Reveal Manifest find it from anywhere.
    const absolute = resolve(io.cwd, path);
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (e) {
      io.err(`podwright run: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return USAGE_ERROR;
    }
    const { plans, problems } = await planPods(runtime, text, path, { allowHostAccess: args.flags.has('allow-host-access'), pod: flag(args, 'pod') });
    for (const plan of plans) plan.manifestPath = absolute;
    if (problems.length) {
      for (const p of problems) io.err(`${planProblemText(p)}\n`);
      io.err(`podwright run: ${path} was refused (${problems.length} problem${problems.length > 1 ? 's' : ''}); nothing was created.\n`);
      return FAILED;
    }
    let code = 0;
    for (const plan of plans) {
      const [same] = await runtime.list({ name: plan.name, namespace: plan.namespace });
      if (same && !args.flags.has('replace')) {
        io.err(`podwright run: pod '${same.name}' is already running in namespace '${same.namespace}' (${same.status}); use --replace to start it anew, or \`podwright stop ${qualified(same)}\`.\n`);
        code = FAILED;
        continue;
      }
      const n = plan.initContainers.length + plan.containers.length;
      io.out(`pod/${plan.name}: starting (${n} container${n === 1 ? '' : 's'})\n`);
      try {
        const result = await runtime.run(plan, {
          replace: args.flags.has('replace'),
          timeoutMs: timeout !== undefined ? Number(timeout) * 1000 : undefined,
          until: args.flags.has('wait') ? 'Ready' : 'Running',
          settleMs: args.flags.has('wait') ? SETTLE_MS : 0,
          publishAddress: flag(args, 'publish-address'),
          publishAll: args.flags.has('publish-all'),
          backoff: backoffFromEnv(),
          // On a terminal, one line that keeps changing shows a pull's progress; elsewhere the
          // Pulling/Pulled events are enough.
          onPull: io.isTTY ? (p) => (clearLine(), io.out(`  ${formatPullProgress(p)}`)) : undefined,
          onEvent: (e) => {
            if (io.isTTY) clearLine();
            io.out(`  ${e.type === 'Warning' ? '!' : ' '} ${e.reason.padEnd(10)} ${e.container ? `${e.container}: ` : ''}${e.message}\n`);
          },
        });
        const ok = result.outcome === 'Running' || result.outcome === 'Succeeded';
        (ok ? io.out : io.err)(`pod/${plan.name}: ${result.message}\n`);
        for (const p of result.status?.ports ?? []) io.out(`  port ${p.containerPort}/${p.protocol} -> ${p.hostIP}:${p.hostPort}\n`);
        if (!ok) {
          if (result.outcome !== 'Cancelled' && result.status) io.err(`  see \`podwright logs ${qualified(plan)}\`; remove it with \`podwright stop ${qualified(plan)}\`\n`);
          code = FAILED;
        }
      } catch (e) {
        // Another process started the same pod meanwhile: this one fails, the others go on.
        if (!isRuntimeError(e, 'AlreadyExists') && !isRuntimeError(e, 'BeingStarted')) throw e;
        io.err(`podwright run: ${failureText(e.failure)}\n`);
        code = FAILED;
      }
    }
    return code;
  }, (args) => {
    if (args.positional.length !== 1) throw new UsageError('expected exactly one FILE');
    const timeout = flag(args, 'timeout');
    if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new UsageError('--timeout takes a number of seconds');
  });
}
