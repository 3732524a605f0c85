// How the command line words the runtime's failures and plan problems: the facts from the runtime,
// then what to type next. The extension words the same values with its own buttons.
import { describeFailure, type PlanProblem, type RuntimeFailure } from '../../runtime/src';

/** The failure's facts and the command or flag that deals with it. */
export function failureText(f: RuntimeFailure): string {
  const facts = describeFailure(f);
  switch (f.code) {
    case 'EngineUnreachable':
      return f.starting ? `${facts}: once the engine answers, \`podwright stop ${qualified(f.starting)}\` removes what was created.` : facts;
    case 'AlreadyExists':
      return `${facts}; use --replace to start it anew, or \`podwright stop ${qualified(f.pod)}\`.`;
    case 'BeingStarted':
      return `${facts}; wait for it, or \`podwright stop ${qualified(f.pod)}\`.`;
    case 'PodNotFound':
      return `${facts} (see \`podwright ps\`).`;
    case 'AmbiguousPod':
      return `${facts}; pick one with -n NAMESPACE or as NAMESPACE/${f.name}.`;
    case 'ContainerNotFound':
    case 'ContainerNotRunning':
    case 'NoPreviousRun':
      return `${facts}.`;
    default:
      return facts;
  }
}

/** `NAME`, or `NAMESPACE/NAME` outside the default namespace. */
export function qualified(p: { name: string; namespace: string }): string {
  return p.namespace === 'default' ? p.name : `${p.namespace}/${p.name}`;
}

/** One refused field: where, what, and the flag that would allow it when there is one. */
export function planProblemText(p: PlanProblem): string {
  const advice = p.code === 'host-access' ? ' Run with --allow-host-access to allow it.' : p.code === 'ambiguous-pod' ? ' Choose one with --pod NAMESPACE/NAME.' : '';
  return `${p.where}: ${p.message}${advice}`;
}
