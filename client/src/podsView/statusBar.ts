// The status bar item's content, as plain data.
import type { EngineSnapshot } from './snapshot';
import { isCrashLooping, runningPods } from './snapshot';

export interface StatusBarView {
  text: string;
  tooltip: string;
  /** Draw with the warning background: a pod is crash-looping. */
  warning: boolean;
  /** Hide the item: nothing useful to say (still connecting). */
  hidden: boolean;
}

export function statusBarView(snapshot: EngineSnapshot): StatusBarView {
  if (snapshot.kind === 'loading') return { text: '', tooltip: '', warning: false, hidden: true };
  if (snapshot.kind === 'down') {
    return { text: '$(debug-disconnect) pods', tooltip: `Podwright: Docker engine not reachable. ${snapshot.reason}`, warning: false, hidden: false };
  }
  const running = runningPods(snapshot).length;
  const looping = snapshot.pods.filter(isCrashLooping);
  const text = `$(vm-running) ${running} pod${running === 1 ? '' : 's'}`;
  const tooltip = looping.length
    ? `Podwright: ${running} running; crash-looping: ${looping.map((p) => p.name).join(', ')}`
    : `Podwright: ${running} local pod${running === 1 ? '' : 's'} running`;
  return { text: looping.length ? `$(warning) ${running} pod${running === 1 ? '' : 's'}` : text, tooltip, warning: looping.length > 0, hidden: false };
}
