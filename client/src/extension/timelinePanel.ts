// Show Pod Timeline: a webview beside the manifest with the pod's lanes, conditions and events.
// Live while the pod runs: it is drawn again when the Pods store changes, which follows the
// runtime's own events (engine events, the supervisors' state files), never a poll of the engine.
// A strict content security policy: no remote content, only this page's own style and script.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ObjectRef, PodRef, TimelinePicture } from '../flows/runtimeApi';
import type { Timeline } from '../flows/timeline';
import type { WorkloadTimeline } from '../flows/workloadTimeline';
import type { Services } from './services';

const panels = new Map<string, TimelinePanel>();

/** What a panel draws: a pod's timeline, or a workload's (one lane per pod). */
type Picture = Omit<TimelinePicture, 'model'> & { model: Timeline | WorkloadTimeline };

export class TimelinePanel {
  private timeline: Timeline | WorkloadTimeline | undefined;
  private readonly subscription: { dispose(): void };
  private pending: NodeJS.Timeout | undefined;
  private gone = false;
  private last: Picture | undefined;

  private constructor(
    services: Services,
    private readonly pod: PodRef,
    readonly panel: vscode.WebviewPanel,
    private readonly load: (title: string) => Promise<Picture> = (title) => services.bridge().timeline(pod, `Pod ${title}`),
    private readonly id = key(pod),
  ) {
    this.subscription = services.store.onDidChange(() => this.schedule());
    panel.webview.onDidReceiveMessage((m: unknown) => void saveExport(pod, m));
    panel.onDidDispose(() => {
      panels.delete(this.id);
      this.subscription.dispose();
      clearTimeout(this.pending);
    });
  }

  /** Opens (or reveals) the timeline of a pod beside the active editor. */
  static async show(services: Services, pod: PodRef): Promise<TimelinePanel> {
    const existing = panels.get(key(pod));
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside);
      await existing.render();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel('podwright.timeline', `Timeline: ${pod.name}`, vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [],
      retainContextWhenHidden: false,
    });
    const view = new TimelinePanel(services, pod, panel);
    panels.set(key(pod), view);
    await view.render();
    return view;
  }

  /**
   * Opens (or reveals) the timeline of a workload: one lane per pod, live ones and those its
   * controller stopped (their kept records), which replaced which.
   */
  static async showWorkload(services: Services, ref: ObjectRef & { uid?: string }): Promise<TimelinePanel> {
    const id = `${ref.kind}:${ref.namespace}/${ref.name}`;
    const existing = panels.get(id);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside);
      await existing.render();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel('podwright.timeline', `Timeline: ${ref.kind} ${ref.name}`, vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [],
      retainContextWhenHidden: false,
    });
    const view = new TimelinePanel(services, { namespace: ref.namespace, name: ref.name }, panel, () => services.bridge().workloadTimeline(ref, `${ref.kind} ${ref.namespace}/${ref.name}`), id);
    panels.set(id, view);
    await view.render();
    return view;
  }

  /** The model last drawn (tests read it). */
  get model(): Timeline | WorkloadTimeline | undefined {
    return this.timeline;
  }

  private schedule(): void {
    if (this.gone) return;
    clearTimeout(this.pending);
    // Changes come in bursts (a restart is several engine events): draw once they settle.
    this.pending = setTimeout(() => void this.render(), 150);
  }

  async render(): Promise<void> {
    const title = `${this.pod.namespace}/${this.pod.name}`;
    try {
      const picture = await this.load(title);
      this.timeline = picture.model;
      const first = !this.last;
      this.last = picture;
      // Once the page stands, only the picture is sent: the page keeps its zoom, follow and pause
      // (a paused page holds it until resumed).
      // A hidden page (not retained) is made again from its html when shown: that html is kept current.
      if (first || !this.panel.visible) this.panel.webview.html = page(this.panel.webview, title, picture.body, picture.style, picture.script);
      else await this.panel.webview.postMessage({ type: 'picture', body: picture.picture });
    } catch (e) {
      // Gone without a record (stopped while starting, or its record pruned; a stopped pod's
      // record otherwise draws it up to its stop): the last picture stays, with a note.
      this.gone = true;
      const note = `<p>${escapeHtml(`Pod ${title} is gone: ${(e as Error).message}`)}</p>`;
      this.panel.webview.html = page(this.panel.webview, title, note + (this.last?.body ?? ''), this.last?.style ?? '', this.last?.script ?? '');
    }
  }
}

const key = (p: PodRef) => `${p.namespace}/${p.name}`;

interface ExportMessage {
  type: 'export' | 'export-failed';
  format: 'svg' | 'png';
  /** base64 of the file's bytes. */
  data?: string;
  message?: string;
}

/** Export SVG/PNG: the page made the file (theme colours inlined); this asks where to save it. */
async function saveExport(pod: PodRef, raw: unknown): Promise<void> {
  const m = raw as Partial<ExportMessage> | undefined;
  if (m?.type === 'export-failed') {
    void vscode.window.showErrorMessage(`Export of the timeline failed: ${m.message ?? 'unknown reason'}.`);
    return;
  }
  if (m?.type !== 'export' || (m.format !== 'svg' && m.format !== 'png') || typeof m.data !== 'string') return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${pod.name}-timeline.${m.format}`;
  const uri = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: m.format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    title: `Export the timeline of ${pod.name}`,
  });
  if (!uri) return;
  try {
    await vscode.workspace.fs.writeFile(uri, Buffer.from(m.data, 'base64'));
  } catch (e) {
    void vscode.window.showErrorMessage(`Could not save ${uri.fsPath}: ${(e as Error).message}`);
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page: nothing loads but its own style and script, both allowed by a fresh nonce. */
export function page(webview: vscode.Webview, title: string, body: string, style: string, script: string): string {
  const nonce = randomBytes(16).toString('base64');
  // img-src data: is for Export PNG alone: the page draws its own SVG on a canvas through a
  // data: URL it made itself. Nothing remote, no inline handler, no eval.
  const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><meta name="viewport" content="width=device-width, initial-scale=1.0"><title>${escapeHtml(title)}</title><style nonce="${nonce}">${style}</style></head><body>${body}<script nonce="${nonce}">${script}</script></body></html>`;
}
