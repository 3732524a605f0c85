// `podwright <command>`: each command lives in commands/<name>.ts and is loaded only when used,
// so `podwright lint` never pays for the Docker client.
import { CliIO, processIO, USAGE_ERROR } from './io';
import { terminalSafe } from './terminal';
import { cliVersion } from './version';

const COMMANDS: Record<string, { summary: string; load: () => { main(args: string[], io: CliIO): Promise<number> } }> = {
  lint: { summary: 'check manifests for mistakes', load: () => require('./commands/lint') },
  explain: { summary: 'document a kind or a field from the shipped schemas (explain pod.spec.containers)', load: () => require('./commands/explain') },
  run: { summary: 'run the pod(s) of a manifest on the local Docker engine', load: () => require('./commands/run') },
  ps: { summary: 'list pods started by podwright', load: () => require('./commands/ps') },
  describe: { summary: 'show a pod as kubectl describe pod does', load: () => require('./commands/describe') },
  logs: { summary: "print a pod's logs", load: () => require('./commands/logs') },
  exec: { summary: 'run a command in a container of a pod', load: () => require('./commands/exec') },
  cp: { summary: 'copy files between this machine and a container of a pod', load: () => require('./commands/cp') },
  debug: { summary: 'add a debug container to a pod and open a shell in it', load: () => require('./commands/debug') },
  stop: { summary: 'stop and remove a pod', load: () => require('./commands/stop') },
  'port-forward': { summary: 'forward a local port to a port of a pod or Service', load: () => require('./commands/portForward') },
  top: { summary: 'show the CPU and memory pods use now (top pod)', load: () => require('./commands/top') },
  apply: { summary: 'create or update the objects of files: workloads run by their controllers', load: () => require('./commands/apply') },
  get: { summary: 'list pods, workloads and claims with kubectl\'s columns', load: () => require('./commands/get') },
  delete: { summary: 'delete objects with their pods', load: () => require('./commands/delete') },
  scale: { summary: 'set the replicas of a Deployment, ReplicaSet or StatefulSet', load: () => require('./commands/scale') },
  rollout: { summary: 'watch a rollout (status), start one anew (restart), go back (history, undo), hold it (pause, resume)', load: () => require('./commands/rollout') },
  set: { summary: 'set the images of a workload\'s containers (set image)', load: () => require('./commands/set') },
  wait: { summary: 'wait until objects meet a condition (Ready, Available, Complete …) or are deleted', load: () => require('./commands/wait') },
  create: { summary: 'create a Job from a CronJob (create job NAME --from=cronjob/NAME)', load: () => require('./commands/create') },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)} ${c.summary}`);
  return `usage: podwright <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'podwright <command> --help' for a command's options.\n`;
}

export async function main(argv: string[], given: CliIO = processIO()): Promise<number> {
  // Nothing a manifest, a file name or a container wrote reaches the terminal as a control sequence.
  const io = terminalSafe(given);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : USAGE_ERROR;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${cliVersion()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`podwright: unknown command '${name}'\n\n${usage()}`);
    return USAGE_ERROR;
  }
  let mod: ReturnType<typeof command.load>;
  try {
    mod = command.load();
  } catch (e) {
    io.err(`podwright: the '${name}' command is not available in this build (${(e as Error).message.split('\n')[0]})\n`);
    return USAGE_ERROR;
  }
  return mod.main(rest, io);
}
