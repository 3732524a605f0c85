// The extension's words for the runtime's failures: a failure with a `reason` of its own (a claim in
// use, a container not running) is a runtime failure all the same, not a start failure.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { failureWords } from '../../client/src/flows/words';

test('failures with a reason field are worded from their code; start failures from their reason', () => {
  assert.equal(
    failureWords({ code: 'ObjectRefused', resource: 'persistentvolumeclaim/data', reason: 'in use by pod web-1; its data stays until no pod mounts it' }),
    'persistentvolumeclaim/data: in use by pod web-1; its data stays until no pod mounts it.',
  );
  assert.equal(
    failureWords({ code: 'ContainerNotRunning', pod: { namespace: 'default', name: 'web' }, container: 'app', state: 'waiting', reason: 'CrashLoopBackOff' }),
    "container 'app' of pod 'web' is not running (CrashLoopBackOff).",
  );
  assert.equal(failureWords({ reason: 'PortInUse', container: 'app', port: 8080, detail: 'port 8080 is in use' }), "PortInUse: container 'app': port 8080 is in use");
});
