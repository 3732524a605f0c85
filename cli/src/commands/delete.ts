// `podwright delete -f PATH… | KIND/NAME… | KIND NAME… | KIND --all`: objects go with their pods
// (each within its grace period, waited for); claims stay unless deleted themselves or their
// StatefulSet's retention policy says Delete.
import { asObject, namespaceOf, parseYaml } from '../../../analysis/src';
import type { PodRuntime } from '../../../runtime/src';
import { flag, UsageError } from '../args';
import { CliIO, USAGE_ERROR } from '../io';
import { kindOf, refsOf, RESOURCES } from '../kube';
import { readManifests } from './manifestFiles';
import { FAILED, podCommand } from './podCommon';

const HELP = `usage: podwright delete (-f PATH... | KIND/NAME... | KIND NAME... | KIND --all) [options]

Deletes objects as kubectl delete does: a workload with its pods (each stopped within its grace
period), a bare pod, a ConfigMap, Secret or Service, a PersistentVolumeClaim with its data (refused
while a pod mounts it). The claims of a StatefulSet's volumeClaimTemplates outlive it unless its
persistentVolumeClaimRetentionPolicy says Delete. A pod of a workload is replaced by its controller.

options:
  -f, --filename PATH      the objects of a file or folder (repeatable; - reads standard input)
  -R, --recursive          also the files of folders inside a folder
  --all                    every object of the kind (in the namespace)
  -n, --namespace NS       the namespace of objects named on the command line (default: default)
  --grace-period S         for pods: the grace period to give instead of their own (0 kills at once)
  --ignore-not-found       an object that is not there is not an error

exit status: 0 deleted, 1 an object was not found, 2 usage or engine error
`;

interface Target {
  kind: string;
  name: string;
  namespace: string;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = {
    filename: { value: true, repeat: true, alias: 'f' },
    recursive: { alias: 'R' },
    all: {},
    namespace: { value: true, alias: 'n' },
    'grace-period': { value: true },
    'ignore-not-found': {},
  };
  return podCommand('delete', HELP, argv, spec, io, async (args, runtime) => {
    const namespace = flag(args, 'namespace') ?? 'default';
    let targets: Target[];
    if (args.flags.has('filename')) {
      const read = await readManifests(args.flags.get('filename') ?? [], args.flags.has('recursive'), io);
      if ('error' in read) {
        io.err(`podwright delete: ${read.error}\n`);
        return USAGE_ERROR;
      }
      targets = read.files.flatMap((f) =>
        parseYaml(f.text).documents.flatMap((d) => {
          const v = asObject(d.value);
          const name = asObject(v.metadata).name;
          return typeof v.kind === 'string' && typeof name === 'string' && kindOf(v.kind) ? [{ kind: kindOf(v.kind) as string, name, namespace: namespaceOf(v) }] : [];
        }),
      );
      // Delete in reverse order of the file, as kubectl does not, but as a person expects: the
      // workloads before the ConfigMaps and claims they were applied after.
      targets.reverse();
    } else if (args.flags.has('all')) {
      const kind = kindOf(args.positional[0]) as string;
      targets = await everyOf(runtime, kind, namespace);
      if (!targets.length) io.out(`No resources found in ${namespace} namespace.\n`);
    } else {
      targets = refsOf(args.positional).map((r) => ({ ...r, namespace }));
    }
    const grace = flag(args, 'grace-period');
    let code = 0;
    const deleteOne = async (t: (typeof targets)[number]): Promise<boolean> =>
      t.kind === 'Pod' ? deletePods(runtime, t, grace === undefined ? undefined : Number(grace)) : (await runtime.workloads.delete(t)) || (t.kind === 'PersistentVolumeClaim' && (await runtime.workloads.deleteClaimData(t.namespace, t.name)));
    // Every object at once: each waits for its pods' grace periods, and one after the other that
    // added up (18 s for the five-file example). Said in the order given, each as soon as it and
    // those before it are done.
    const deletions = targets.map((t) => deleteOne(t));
    // A later deletion may fail while an earlier one is awaited: its failure is taken up below, in
    // turn; this handler only keeps Node from calling it unhandled meanwhile.
    for (const d of deletions) d.catch(() => undefined);
    for (const [i, t] of targets.entries()) {
      const found = await deletions[i];
      if (found) io.out(`${deletedName(t.kind)} "${t.name}" deleted\n`);
      else if (!args.flags.has('ignore-not-found')) {
        io.err(`Error from server (NotFound): ${deletedName(t.kind)} "${t.name}" not found${t.namespace !== 'default' ? ` in namespace "${t.namespace}"` : ''}\n`);
        code = FAILED;
      }
    }
    return code;
  }, (args) => {
    const ways = [args.flags.has('filename'), args.flags.has('all'), args.positional.length > 0 && !args.flags.has('all')].filter(Boolean).length;
    if (args.flags.has('filename') && args.positional.length) throw new UsageError('give -f PATH or KIND/NAME, not both');
    if (ways !== 1) throw new UsageError('name what to delete: -f PATH, KIND/NAME, or KIND --all');
    if (args.flags.has('all')) {
      if (args.positional.length !== 1 || args.positional[0].includes('/')) throw new UsageError('--all takes one KIND (pods, deployments …)');
      if (!kindOf(args.positional[0])) throw new UsageError(`the server doesn't have a resource type "${args.positional[0]}"`);
    }
    const grace = flag(args, 'grace-period');
    if (grace !== undefined && !/^\d+$/.test(grace)) throw new UsageError('--grace-period takes a number of seconds');
  });
}

/** `deployment.apps`, `pod`: how kubectl names the kind in "… deleted". */
function deletedName(kind: string): string {
  const r = RESOURCES.find((r) => r.kind === kind);
  return r ? (r.group ? `${r.names[1]}.${r.group}` : r.names[1]) : kind.toLowerCase();
}

async function deletePods(runtime: PodRuntime, t: Target, graceSeconds: number | undefined): Promise<boolean> {
  const pods = (await runtime.refs()).filter((p) => p.name === t.name && p.namespace === t.namespace);
  await Promise.all(pods.map((p) => runtime.stop(p.uid, { timeoutSeconds: graceSeconds })));
  return pods.length > 0;
}

async function everyOf(runtime: PodRuntime, kind: string, namespace: string): Promise<Target[]> {
  if (kind === 'Pod') return (await runtime.refs()).filter((p) => p.namespace === namespace).map((p) => ({ kind, name: p.name, namespace }));
  // A StatefulSet's claims have no object of their own: the claims on the engine are the list.
  if (kind === 'PersistentVolumeClaim') return (await runtime.workloads.claims(namespace)).map((c) => ({ kind, name: c.name, namespace }));
  const views = await runtime.workloads.list([kind], namespace);
  return views.map((v) => ({ kind, name: v.object.metadata.name, namespace }));
}
