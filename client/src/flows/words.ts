// How the extension words the runtime's failures: the facts, then what to do here (a button, a
// setting, the Pods view), never a command-line flag. Used by the bridge (dist/runtime.js), which
// holds the runtime anyway; the activation bundle never loads it.
import { describeFailure, type RuntimeFailure, type StartFailure } from '../../../runtime/src';

// Every RuntimeFailure has a code; some have a `reason` too (ObjectRefused, ContainerNotRunning), so
// that cannot tell them from a StartFailure.
function isStartFailure(f: RuntimeFailure | StartFailure): f is StartFailure {
  return !('code' in f);
}

export function failureWords(f: RuntimeFailure | StartFailure): string {
  if (isStartFailure(f)) return `${f.reason}: ${f.container ? `container '${f.container}': ` : ''}${f.detail}`;
  const facts = describeFailure(f);
  switch (f.code) {
    case 'EngineUnreachable':
      return f.starting
        ? `${facts}. Once the engine answers, stop pod ${f.starting.name} from the Pods view to remove what was created.`
        : `${facts}. Or set podwright.docker.host.`;
    case 'AlreadyExists':
      return `${facts}: replace it, or stop it first.`;
    case 'BeingStarted':
      return `${facts}: wait for it, or stop it from the Pods view.`;
    default:
      return `${facts}.`;
  }
}
