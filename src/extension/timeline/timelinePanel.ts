import * as path from 'path';
import * as vscode from 'vscode';
import { loadReportBundle } from '../../core/report/bundle';
import { createNonce, reportPageHtml, standaloneTimelineHtml } from '../../core/report/html';
import { MessageType, type FromWebviewMessage, type SavedWebviewState, type ToWebviewMessage } from '../../shared/protocol';
import type { TimelineReport } from '../../shared/timeline';
import { displayName, type Services } from '../comparison';
import { Disposable } from '../disposable';
import { cacheReferenceProfiles, loadDriftSettings } from '../driftSettings';
import type { DatasetPair } from '../recentPairs';
import { WATCH_DEBOUNCE_MS } from '../reportPanel';
import { TimelineSession } from './timelineSession';

export const TIMELINE_VIEW_TYPE = 'driftInspector.timeline';

const pairKey = (p: DatasetPair) => `${p.reference.toString()}\n${p.current.toString()}`;

/** Starts a worker for the pair with the workspace's drift settings. */
export async function openSession(services: Services, pair: DatasetPair): Promise<TimelineSession> {
  const settings = await loadDriftSettings(vscode.workspace.getWorkspaceFolder(pair.current));
  return new TimelineSession(
    services.extensionUri,
    {
      referencePath: pair.reference.fsPath,
      currentPath: pair.current.fsPath,
      referenceName: displayName(pair.reference),
      currentName: displayName(pair.current),
      settings,
      generatedBy: `Drift Inspector ${services.version}`,
      cacheDir: cacheReferenceProfiles() ? vscode.Uri.joinPath(services.storageUri, 'profiles').fsPath : undefined,
    },
    services.log,
  );
}

/**
 * The report panel's Timeline view for one pair: the same webview bundle as a comparison (its
 * Timeline view), a worker that keeps the pair's columns for cell details, and watch: appended
 * rows extend the timeline, closed chunks are reused (src/core/timeline/timeline.ts).
 */
export class TimelinePanel extends Disposable {
  private static readonly panels = new Map<string, TimelinePanel>();

  private watcher: vscode.Disposable | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private running = false;
  /** Chunks reused by the last run (tests read it: watch recomputes only the open chunk). */
  lastReused = 0;
  /** Set while the worker holds no computed timeline (after a window reload). */
  private computing: Promise<unknown> | undefined;

  static show(services: Services, pair: DatasetPair, session: TimelineSession, timeline: TimelineReport): TimelinePanel {
    const existing = TimelinePanel.panels.get(pairKey(pair));
    if (existing) {
      existing.replaceSession(session);
      existing.update(timeline);
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, title(pair), vscode.ViewColumn.Active, webviewOptions(services.extensionUri));
    return new TimelinePanel(panel, services, pair, session, timeline);
  }

  static async revive(panel: vscode.WebviewPanel, services: Services, state: SavedWebviewState | undefined): Promise<void> {
    panel.webview.options = webviewOptions(services.extensionUri);
    const timeline = state?.timeline;
    const pair = timeline && resolvePair(timeline);
    if (!timeline || !pair) {
      panel.webview.html = '<!DOCTYPE html><html><body><p>This timeline can no longer be restored: run "Show drift over time" again.</p></body></html>';
      return;
    }
    const session = await openSession(services, pair);
    const revived = new TimelinePanel(panel, services, pair, session, timeline);
    // The new worker recomputes the same timeline when a cell's detail is first asked for.
    revived.needsCompute = true;
    if (state?.watching) revived.setWatch(true);
  }

  static get openPanels(): readonly TimelinePanel[] {
    return [...TimelinePanel.panels.values()];
  }

  private needsCompute = false;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: Services,
    readonly pair: DatasetPair,
    private session: TimelineSession,
    private timeline: TimelineReport,
  ) {
    super();
    TimelinePanel.panels.set(pairKey(pair), this);
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: FromWebviewMessage) => this.onMessage(m)));
    panel.webview.html = this.html();
  }

  get currentTimeline(): TimelineReport {
    return this.timeline;
  }

  get watching(): boolean {
    return this.watcher !== undefined;
  }

  update(timeline: TimelineReport): void {
    this.timeline = timeline;
    this.post({ type: MessageType.ShowTimeline, timeline, watching: this.watching });
  }

  override dispose(): void {
    if (TimelinePanel.panels.get(pairKey(this.pair)) === this) TimelinePanel.panels.delete(pairKey(this.pair));
    this.setWatch(false);
    this.session.dispose();
    super.dispose();
    this.panel.dispose();
  }

  private replaceSession(session: TimelineSession): void {
    if (session === this.session) return;
    this.session.dispose();
    this.session = session;
    this.needsCompute = false;
  }

  private post(m: ToWebviewMessage): void {
    void this.panel.webview.postMessage(m);
  }

  private onMessage(m: FromWebviewMessage): void {
    switch (m.type) {
      case MessageType.Ready:
        this.post({ type: MessageType.ShowTimeline, timeline: this.timeline, watching: this.watching });
        break;
      case MessageType.SaveReport:
        void this.save(m.format);
        break;
      case MessageType.SetWatch:
        this.setWatch(m.watching);
        break;
      case MessageType.Rerun:
        void this.rerun();
        break;
      case MessageType.RequestChunkDetail:
        void this.detail(m.chunk, m.column);
        break;
      default:
        break;
    }
  }

  /** The comparison of one column on one chunk's rows, for the detail view. */
  async detail(chunk: number, column: string): Promise<void> {
    try {
      if (this.needsCompute) {
        this.computing ??= this.session.timeline({ chunking: this.timeline.chunking, baseline: this.timeline.baseline, ...(this.timeline.timeColumn ? { timeColumn: this.timeline.timeColumn } : {}) });
        await this.computing;
        this.needsCompute = false;
      }
      const report = await this.session.detail(chunk, column);
      this.post({ type: MessageType.ChunkDetail, chunk, column, report });
    } catch (e) {
      this.post({ type: MessageType.ChunkDetail, chunk, column, report: null, message: (e as Error).message });
    }
  }

  setWatch(on: boolean): void {
    if (on === this.watching) return;
    if (!on) {
      this.watcher?.dispose();
      this.watcher = undefined;
      clearTimeout(this.debounce);
      return;
    }
    const folder = vscode.Uri.joinPath(this.pair.current, '..');
    const fsw = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, path.posix.basename(this.pair.current.path)));
    const changed = () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.rerun(), WATCH_DEBOUNCE_MS);
    };
    this.watcher = vscode.Disposable.from(fsw, fsw.onDidChange(changed), fsw.onDidCreate(changed), new vscode.Disposable(() => clearTimeout(this.debounce)));
    this.services.log.info(`watching ${displayName(this.pair.current)} (timeline)`);
  }

  /** Reads the files again; closed chunks are reused, the open last one (and new ones) computed. */
  async rerun(): Promise<void> {
    if (this.running || this.isDisposed) return;
    this.running = true;
    this.post({ type: MessageType.Busy, stage: 'updating the timeline' });
    try {
      if (this.needsCompute) {
        await this.session.timeline({ chunking: this.timeline.chunking, baseline: this.timeline.baseline, ...(this.timeline.timeColumn ? { timeColumn: this.timeline.timeColumn } : {}) });
        this.needsCompute = false;
      }
      const started = Date.now();
      const { report, reused } = await this.session.reload();
      if (this.isDisposed) return;
      this.lastReused = reused;
      this.services.log.info(`timeline updated in ${Date.now() - started} ms: ${report.chunks.length} chunks, ${reused} reused`);
      this.update(report);
    } catch (e) {
      this.post({ type: MessageType.Failed, message: (e as Error).message });
    } finally {
      this.running = false;
    }
  }

  private async save(format: 'json' | 'html'): Promise<void> {
    const base = `drift-timeline-${stem(this.pair.reference)}-vs-${stem(this.pair.current)}.${format}`;
    const folder = vscode.workspace.getWorkspaceFolder(this.pair.current)?.uri ?? vscode.Uri.joinPath(this.pair.current, '..');
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, base),
      filters: format === 'json' ? { 'Drift timeline (JSON)': ['json'] } : { 'Drift timeline (HTML)': ['html'] },
    });
    if (!target) return;
    try {
      await this.writeReport(target, format);
      void vscode.window.showInformationMessage(`Drift timeline saved to ${displayName(target)}`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Drift Inspector: could not save the timeline: ${(e as Error).message}`);
    }
  }

  /** JSON (the CLI's timeline schema) or one offline HTML file opening on the Timeline view. */
  async writeReport(target: vscode.Uri, format: 'json' | 'html'): Promise<void> {
    const text =
      format === 'json'
        ? JSON.stringify(this.timeline, null, 2) + '\n'
        : standaloneTimelineHtml(this.timeline, await loadReportBundle(vscode.Uri.joinPath(this.services.extensionUri, 'dist').fsPath));
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  }

  private html(): string {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.services.extensionUri, 'dist');
    return reportPageHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'report.css')).toString(),
    });
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

function title(pair: DatasetPair): string {
  return `Drift over time: ${path.posix.basename(pair.reference.path)} vs ${path.posix.basename(pair.current.path)}`;
}

function stem(uri: vscode.Uri): string {
  return path.posix.basename(uri.path).replace(/\.[^.]+$/, '');
}

function resolvePair(t: TimelineReport): DatasetPair | undefined {
  const find = (name: string): vscode.Uri | undefined => {
    if (path.isAbsolute(name)) return vscode.Uri.file(name);
    const folders = vscode.workspace.workspaceFolders ?? [];
    return folders.length ? vscode.Uri.joinPath(folders[0].uri, name) : undefined;
  };
  const reference = find(t.reference.source);
  const current = find(t.current.source);
  return reference && current ? { reference, current } : undefined;
}

export class TimelineSerializer implements vscode.WebviewPanelSerializer<SavedWebviewState> {
  constructor(private readonly services: Services) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: SavedWebviewState | undefined): Promise<void> {
    await TimelinePanel.revive(panel, this.services, state);
  }
}
