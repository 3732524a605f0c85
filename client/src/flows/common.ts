// What every flow shares: the buttons of their messages, and running an action with its failure
// turned into a message.
import type { Workbench } from './workbench';

export const SHOW_PROBLEMS = 'Show Problems';
export const SHOW_OUTPUT = 'Show Output';
export const MANAGE_TRUST = 'Manage Workspace Trust';

/** Runs an action on the engine; a failure becomes a message (and the log gets the stack). */
export async function guarded(w: Workbench, label: string, work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (e) {
    w.log.error(`${label}: ${(e as Error).stack ?? String(e)}`);
    await w.prompts.error(`${label}: ${(e as Error).message}`);
    return false;
  } finally {
    w.refresh();
  }
}
