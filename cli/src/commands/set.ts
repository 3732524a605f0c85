// `podwright set image KIND/NAME CONTAINER=IMAGE...`: new images in a workload's pod template, as
// kubectl set image patches them; the controller rolls them out as any change of template.
import { flag, UsageError } from '../args';
import { CliIO } from '../io';
import { objectName, refsOf } from '../kube';
import { podCommand } from './podCommon';

/** The kinds the runtime's set image changes (IMAGE_KINDS in rollouts.ts, which a pod command does not load). */
const IMAGE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'CronJob'];

const HELP = `usage: podwright set image KIND/NAME... CONTAINER=IMAGE... [-n NAMESPACE]

Sets the image of the named containers (init containers too; * names every container) in the pod
template of Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers and
CronJobs. The change rolls out as any change of the template; \`rollout undo\` goes back. A Job's
template cannot change, and a bare Pod is run again from its manifest instead.

options:
  -n, --namespace NS   the namespace (default: default)

An apply of a manifest that names the image sets it back, as with kubectl.

exit status: 0 set (or already so), 1 not found or refused, 2 usage or engine error
`;

/** The CONTAINER=IMAGE pairs and the objects of a `set image` command line. */
function parse(positional: readonly string[]): { refs: ReturnType<typeof refsOf>; images: Record<string, string> } {
  const [what, ...rest] = positional;
  if (what !== 'image') throw new UsageError(what ? `podwright sets images only (set image …), not '${what}'` : 'name what to set: image');
  const pairs = rest.filter((a) => a.includes('='));
  if (!pairs.length) throw new UsageError('name the images: CONTAINER=IMAGE (or *=IMAGE for every container)');
  const images: Record<string, string> = {};
  for (const pair of pairs) {
    const [name, image] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    if (!name || !image || /\s/.test(image)) throw new UsageError(`'${pair}': expected CONTAINER=IMAGE, an image without spaces`);
    if (name === '*' && pairs.length > 1) throw new UsageError('* names every container: give it alone');
    images[name] = image;
  }
  return { refs: refsOf(rest.filter((a) => !a.includes('=')), IMAGE_KINDS), images };
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { namespace: { value: true, alias: 'n' } };
  return podCommand('set', HELP, argv, spec, io, async (args, runtime) => {
    const namespace = flag(args, 'namespace') ?? 'default';
    const { refs, images } = parse(args.positional);
    for (const ref of refs) {
      // Nothing is said of an object whose images were so already, as kubectl says nothing.
      if (await runtime.workloads.setImage({ ...ref, namespace }, images)) io.out(`${objectName(ref.kind, ref.name)} image updated\n`);
    }
    return 0;
  }, (args) => void parse(args.positional));
}
