// `podwright create job NAME --from=cronjob/NAME`: run a CronJob's job now, as kubectl create job
// does (the Job is marked cronjob.kubernetes.io/instantiate=manual; the schedule is not touched).
import { flag, UsageError } from '../args';
import { CliIO } from '../io';
import { kindOf } from '../kube';
import { podCommand } from './podCommon';

const HELP = `usage: podwright create job NAME --from=cronjob/CRONJOB [-n NAMESPACE]

Creates a Job from the jobTemplate of an applied CronJob and runs it now.

options:
  --from cronjob/NAME   the CronJob whose template to use
  -n, --namespace NS    the namespace (default: default)
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { from: { value: true }, namespace: { value: true, alias: 'n' } };
  return podCommand('create', HELP, argv, spec, io, async (args, runtime) => {
    const [, name] = args.positional;
    const from = (flag(args, 'from') as string).split('/')[1];
    await runtime.workloads.createJobFrom({ kind: 'CronJob', name: from, namespace: flag(args, 'namespace') ?? 'default' }, name);
    io.out(`job.batch/${name} created\n`);
    return 0;
  }, (args) => {
    const [what, name, ...extra] = args.positional;
    if (what !== 'job') throw new UsageError(what ? `podwright creates only jobs from cronjobs (not '${what}'); use apply for the rest` : 'create job NAME --from=cronjob/NAME');
    if (!name || extra.length) throw new UsageError('expected one NAME: create job NAME --from=cronjob/NAME');
    // The name becomes the pods' names and label values: a DNS-1123 subdomain of at most 52 characters (pkg/apis/batch/validation).
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 52) throw new UsageError(`'${name}' is not a valid Job name: lower-case letters, digits and '-', at most 52 characters`);
    const from = flag(args, 'from');
    const slash = from?.indexOf('/') ?? -1;
    if (!from || slash < 0 || kindOf(from.slice(0, slash)) !== 'CronJob' || slash === from.length - 1) throw new UsageError('--from=cronjob/NAME is required');
  });
}
