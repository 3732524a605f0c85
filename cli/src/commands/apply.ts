// `podwright apply -f PATH…`: every object of the files becomes what it would be in a cluster —
// workloads run by their controllers (in the background, after this command ends), ConfigMaps,
// Secrets and claims stored, bare Pods started as `run` starts them.
import { isRuntimeError, type ApplyDocument, type PodRuntime } from '../../../runtime/src';
import { flag, UsageError } from '../args';
import { CliIO, USAGE_ERROR } from '../io';
import { objectName } from '../kube';
import { failureText, planProblemText } from '../words';
import { readManifests } from './manifestFiles';
import { FAILED, planPods, podCommand } from './podCommon';

const HELP = `usage: podwright apply -f PATH [-f PATH]... [options]

Creates or updates every object of the files, as kubectl apply does: Deployments, ReplicaSets,
StatefulSets, DaemonSets, Jobs and CronJobs are run by their controllers on the local Docker
engine (and keep running after this command ends); ConfigMaps, Secrets and PersistentVolumeClaims
are stored for the pods that use them; bare Pods are started. An object applied again with the
same content is unchanged; a workload whose pod template changed rolls out.

PATH is a file, a folder (its .yaml, .yml and .json files, in name order) or - for standard input.

options:
  -f, --filename PATH       a file or folder to apply (repeatable)
  -R, --recursive           also the files of folders inside a folder
  --force                   a bare Pod that differs from the running one is stopped and started
                            anew (a Pod's spec cannot be changed in place)
  --allow-host-access       allow what reaches the host: host namespaces, hostPath, privileged,
                            capabilities beyond the baseline, unconfined seccomp/AppArmor,
                            procMount Unmasked, unsafe sysctls, hostIP beyond 127.0.0.1
  --publish-address ADDR    address hostPorts bind to (default 127.0.0.1)

exit status: 0 applied, 1 an object was refused or a pod failed to start, 2 usage or engine error
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = {
    filename: { value: true, repeat: true, alias: 'f' },
    recursive: { alias: 'R' },
    force: {},
    'allow-host-access': {},
    'publish-address': { value: true },
  };
  return podCommand('apply', HELP, argv, spec, io, async (args, runtime) => {
    const read = await readManifests(args.flags.get('filename') ?? [], args.flags.has('recursive'), io);
    if ('error' in read) {
      io.err(`podwright apply: ${read.error}\n`);
      return USAGE_ERROR;
    }
    const options = { allowHostAccess: args.flags.has('allow-host-access'), publishAddress: flag(args, 'publish-address') };
    const results = await runtime.workloads.applyFiles(read.files.map((f) => ({ text: f.text, path: f.absolute || f.path })), options);
    let code = 0;
    for (const [i, r] of results.entries()) {
      if (r.problems.length) {
        for (const p of r.problems) io.err(`${planProblemText(p)}\n`);
        io.err(`podwright apply: ${r.path} was refused (${r.problems.length} problem${r.problems.length > 1 ? 's' : ''}); nothing of it was applied.\n`);
        code = FAILED;
        continue;
      }
      for (const d of r.documents) {
        if (d.pod) {
          if (!(await applyPod(runtime, read.files[i], d, options, args.flags.has('force'), io))) code = FAILED;
        } else if (d.result === 'refused') {
          for (const p of d.problems) io.err(`${planProblemText(p)}\n`);
          io.err(`${objectName(d.kind, d.name)} refused\n`);
          code = FAILED;
        } else if (d.result === 'skipped') {
          io.err(`${objectName(d.kind, d.name)} skipped: podwright does not run ${d.kind} objects\n`);
        } else {
          io.out(`${objectName(d.kind, d.name)} ${d.result}\n`);
        }
      }
    }
    return code;
  }, (args) => {
    if (args.positional.length) throw new UsageError(`unexpected argument '${args.positional[0]}': give files with -f`);
    if (!args.flags.has('filename')) throw new UsageError('give the file(s) to apply with -f PATH');
  });
}

/**
 * A bare Pod of an applied file: started when it is new, left alone when the running one came from
 * the same document, and otherwise refused unless --force (a Pod's spec is immutable).
 */
async function applyPod(runtime: PodRuntime, file: { text: string; path: string; absolute: string }, d: ApplyDocument, options: { allowHostAccess: boolean; publishAddress?: string }, force: boolean, io: CliIO): Promise<boolean> {
  const { plans, problems } = await planPods(runtime, file.text, file.path, { document: d.document, allowHostAccess: options.allowHostAccess });
  if (problems.length) {
    for (const p of problems) io.err(`${planProblemText(p)}\n`);
    io.err(`pod/${d.name} refused\n`);
    return false;
  }
  const [plan] = plans;
  plan.manifestPath = file.absolute;
  const [same] = await runtime.list({ name: plan.name, namespace: plan.namespace });
  if (same && !same.owner) {
    if (same.manifestHash === plan.manifestHash && !same.terminating) {
      io.out(`pod/${plan.name} unchanged\n`);
      return true;
    }
    if (!force) {
      io.err(`pod/${plan.name}: the running pod was started from other content, and a Pod's spec cannot change in place; apply with --force to stop it and start it anew.\n`);
      return false;
    }
  }
  try {
    const result = await runtime.run(plan, { replace: force, publishAddress: options.publishAddress });
    const ok = result.outcome === 'Running' || result.outcome === 'Succeeded';
    if (!ok) {
      io.err(`pod/${plan.name}: ${result.message}\n`);
      return false;
    }
    io.out(`pod/${plan.name} ${same ? 'configured' : 'created'}\n`);
    return true;
  } catch (e) {
    // Another process started the same pod meanwhile: this one is not applied, the others go on.
    if (!isRuntimeError(e, 'AlreadyExists') && !isRuntimeError(e, 'BeingStarted')) throw e;
    io.err(`podwright apply: ${failureText(e.failure)}\n`);
    return false;
  }
}
