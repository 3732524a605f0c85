// `rollout status` looks again when the state folder changes, not only on its timer: a write to a
// pod's state file or to an object's status ends the wait at once, long before the time limit.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { watchState } from '../../cli/src/stateChange';

/** Far longer than any test may take: a wait that ends ended because of the change. */
const NEVER = 10 * 60_000;

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'podwright-state-change-'));
  mkdirSync(join(dir, 'objects'));
  return dir;
}

test('a pod state file written in the folder ends the wait', async () => {
  const dir = folder();
  const changes = watchState(dir);
  try {
    const waited = changes.next(NEVER);
    writeFileSync(join(dir, 'pod-uid.json'), '{}');
    await waited;
  } finally {
    changes.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an object status written in objects/ ends the wait', async () => {
  const dir = folder();
  const changes = watchState(dir);
  try {
    const waited = changes.next(NEVER);
    writeFileSync(join(dir, 'objects', 'object-uid.json'), '{}');
    await waited;
  } finally {
    changes.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a change between two waits is not lost: the next wait ends at once', async () => {
  const dir = folder();
  const changes = watchState(dir);
  try {
    await changes.next(1);
    writeFileSync(join(dir, 'pod-uid.json'), '{}');
    // The watcher reports the write asynchronously: a wait asked for meanwhile still ends with it.
    await changes.next(NEVER);
  } finally {
    changes.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without a change the wait ends at its time limit, and a missing folder is a plain timer', async () => {
  const changes = watchState(join(tmpdir(), `podwright-missing-${process.pid}`));
  try {
    await changes.next(20);
  } finally {
    changes.close();
  }
});
