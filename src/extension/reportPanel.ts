import * as path from 'path';
import * as vscode from 'vscode';
import { loadReportBundle } from '../core/report/bundle';
import { createNonce, reportPageHtml, standaloneReportHtml, standaloneTimelineHtml } from '../core/report/html';
import { MessageType, type FromWebviewMessage, type PanelView, type SavedWebviewState, type ToWebviewMessage } from '../shared/protocol';
import { driftTitle } from '../shared/names';
import type { DriftReport, GalleryImage, ImageGalleryPair } from '../shared/report';
import type { TimelineReport } from '../shared/timeline';
import { embedThumbnails } from '../core/images/gallery';
import { compareWithProgress, displayName, shortName, thumbnailDir, type Services } from './comparison';
import { Disposable } from './disposable';
import type { DatasetPair } from './recentPairs';
import { sourceNameOf, WATCH_SOURCE_REASON } from './sources';
import { chooseTimeline, openSession, type GivenSpec } from './timeline/chooseTimeline';
import { PanelTimeline } from './timeline/panelTimeline';
import type { TimelineSession } from './timeline/timelineSession';

export const REPORT_VIEW_TYPE = 'driftInspector.report';
/** Re-run a watched comparison this long after the current file's last change. */
export const WATCH_DEBOUNCE_MS = 1000;

const pairKey = (p: DatasetPair) => `${p.reference.toString()}\n${p.current.toString()}`;

/**
 * One report panel per dataset pair, with two views of the pair: the Comparison (the reference
 * against the whole current file) and the Timeline (the current file in chunks; src/webview/tabs.ts
 * is the toggle). A panel opens on either and computes the other when the user first chooses it.
 * The page carries no data: the webview says `ready` and gets the reports by message. Watching
 * updates both views when the current file changes.
 */
export class DriftReportPanel extends Disposable {
  private static readonly panels = new Map<string, DriftReportPanel>();

  private watcher: vscode.Disposable | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private running = false;
  private timelineRunning = false;
  private report: DriftReport | undefined;
  private timeline: PanelTimeline | undefined;
  private view: PanelView;
  private opening: Promise<boolean> | undefined;

  /** The pair's panel on its Comparison view (a new one, or the open one updated). */
  static show(services: Services, pair: DatasetPair, report: DriftReport): DriftReportPanel {
    const existing = DriftReportPanel.panels.get(pairKey(pair));
    if (existing) {
      existing.update(report);
      existing.select('comparison');
      existing.panel.reveal();
      return existing;
    }
    return new DriftReportPanel(DriftReportPanel.create(services, pair), services, pair, { report });
  }

  /** The pair's panel on its Timeline view, with a timeline its worker (`session`) computed. */
  static showTimeline(services: Services, pair: DatasetPair, session: TimelineSession, timeline: TimelineReport): DriftReportPanel {
    const existing = DriftReportPanel.panels.get(pairKey(pair));
    if (existing) {
      existing.setTimeline(new PanelTimeline(session, timeline));
      existing.select('timeline');
      existing.panel.reveal();
      return existing;
    }
    return new DriftReportPanel(DriftReportPanel.create(services, pair), services, pair, { timeline: new PanelTimeline(session, timeline), view: 'timeline' });
  }

  /** The open panel of a pair, if any. */
  static forPair(pair: DatasetPair): DriftReportPanel | undefined {
    return DriftReportPanel.panels.get(pairKey(pair));
  }

  private static create(services: Services, pair: DatasetPair): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, title(pair), vscode.ViewColumn.Active, webviewOptions(services));
  }

  /** Restores a panel after a window reload, from the state the webview saved (either view, or both). */
  static async revive(panel: vscode.WebviewPanel, services: Services, state: SavedWebviewState | undefined): Promise<void> {
    panel.webview.options = webviewOptions(services);
    const report = state?.report;
    const saved = state?.timeline;
    const pair = savedPair(state) ?? (saved && timelinePair(saved));
    if ((!report && !saved) || !pair) {
      panel.webview.html = '<!DOCTYPE html><html><body><p>This drift report can no longer be restored: run "Compare datasets for drift" again.</p></body></html>';
      return;
    }
    // A new worker computes the same timeline again when a cell's detail or an update needs it.
    const timeline = saved ? new PanelTimeline(await openSession(services, pair), saved, true) : undefined;
    const revived = new DriftReportPanel(panel, services, pair, { report, timeline, view: state?.view === 'timeline' && timeline ? 'timeline' : report ? 'comparison' : 'timeline' });
    if (state?.watching) revived.setWatch(true);
  }

  /** Open panels (disposed with the extension; the test hooks list them too). */
  static get openPanels(): readonly DriftReportPanel[] {
    return [...DriftReportPanel.panels.values()];
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: Services,
    readonly pair: DatasetPair,
    initial: { report?: DriftReport; timeline?: PanelTimeline; view?: PanelView },
  ) {
    super();
    this.report = initial.report;
    this.timeline = initial.timeline;
    this.view = initial.view ?? 'comparison';
    DriftReportPanel.panels.set(pairKey(pair), this);
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: FromWebviewMessage) => this.onMessage(m)));
    panel.webview.html = this.html();
  }

  /** The comparison shown; a panel opened on its Timeline has none until its Comparison is chosen (see hasReport). */
  get currentReport(): DriftReport {
    if (!this.report) throw new Error('this panel has not compared its pair yet (it was opened on its Timeline view)');
    return this.report;
  }

  get hasReport(): boolean {
    return this.report !== undefined;
  }

  /** The timeline shown (undefined until its Timeline view was chosen). */
  get currentTimeline(): TimelineReport | undefined {
    return this.timeline?.report;
  }

  /** Chunks the last watch update reused (tests: only the open chunk is recomputed). */
  get lastReused(): number {
    return this.timeline?.lastReused ?? 0;
  }

  /** The view shown. */
  get currentView(): PanelView {
    return this.view;
  }

  get watching(): boolean {
    return this.watcher !== undefined;
  }

  update(report: DriftReport): void {
    this.report = report;
    this.showReport();
  }

  private setTimeline(timeline: PanelTimeline): void {
    if (timeline !== this.timeline) this.timeline?.dispose();
    this.timeline = timeline;
    this.showTimeline();
  }

  private select(view: PanelView): void {
    this.view = view;
    this.post({ type: MessageType.SelectView, view });
  }

  /**
   * Shows a view, computing it first when the panel has none (the webview's OpenView; tests call
   * it as the toggle would): the Timeline asks for the chunking (`spec` skips the QuickPicks), the
   * Comparison compares. False when cancelled or failed: the panel then goes back to
   * the view it has data for.
   */
  async openView(view: PanelView, spec?: GivenSpec): Promise<boolean> {
    // A second click while the QuickPicks or the comparison run waits for the first.
    const pending = this.opening;
    if (pending) return pending.then(() => this.openView(view, spec));
    const opening = this.computeView(view, spec);
    this.opening = opening;
    try {
      return await opening;
    } finally {
      this.opening = undefined;
    }
  }

  private async computeView(view: PanelView, spec?: GivenSpec): Promise<boolean> {
    if (view === 'timeline' && (spec || !this.timeline)) {
      const chosen = await chooseTimeline(this.services, this.pair, spec);
      if (this.isDisposed) {
        chosen?.session.dispose();
        return false;
      }
      if (chosen) this.setTimeline(new PanelTimeline(chosen.session, chosen.report));
    } else if (view === 'comparison' && !this.report) {
      const report = await compareWithProgress(this.services, this.pair);
      if (this.isDisposed) return false;
      if (report) this.update(report);
    }
    const has = view === 'timeline' ? this.timeline !== undefined : this.report !== undefined;
    this.select(has ? view : view === 'timeline' ? 'comparison' : 'timeline');
    if (has) this.panel.reveal();
    return has;
  }

  /** The report with image thumbnails (cache file names) as webview resource URIs. */
  private forWebview(report: DriftReport): DriftReport {
    if (!report.images) return report;
    const dir = thumbnailDir(this.services);
    const webview = this.panel.webview;
    const map = (x: GalleryImage): GalleryImage =>
      x.thumbnail && !x.thumbnail.includes(':') ? { ...x, thumbnail: webview.asWebviewUri(vscode.Uri.joinPath(dir, path.posix.basename(x.thumbnail))).toString() } : x;
    const properties: ImageGalleryPair['properties'] = Object.create(null) as ImageGalleryPair['properties'];
    for (const [name, p] of Object.entries(report.images.properties)) properties[name] = { outliers: p.outliers.map(map), typical: p.typical.map(map) };
    return { ...report, images: { ...report.images, properties } };
  }

  /** Opens an image the report shows; anything else the webview might name is refused. */
  private async openImage(file: string): Promise<void> {
    const shown = Object.values(this.report?.images?.properties ?? {}).some((p) => [...p.outliers, ...p.typical].some((x) => x.file === file));
    if (!shown) return;
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file), { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  override dispose(): void {
    if (DriftReportPanel.panels.get(pairKey(this.pair)) === this) DriftReportPanel.panels.delete(pairKey(this.pair));
    this.setWatch(false);
    this.timeline?.dispose();
    super.dispose();
    this.panel.dispose();
  }

  private pairUris() {
    return { reference: this.pair.reference.toString(), current: this.pair.current.toString() };
  }

  private showReport(): void {
    if (this.report) this.post({ type: MessageType.ShowReport, report: this.forWebview(this.report), pair: this.pairUris(), watching: this.watching, ...this.watchUnavailable() });
  }

  private showTimeline(): void {
    if (this.timeline) this.post({ type: MessageType.ShowTimeline, timeline: this.timeline.report, pair: this.pairUris(), watching: this.watching, ...this.watchUnavailable() });
  }

  private post(m: ToWebviewMessage): void {
    void this.panel.webview.postMessage(m);
  }

  private onMessage(m: FromWebviewMessage): void {
    switch (m.type) {
      case MessageType.Ready:
        this.showReport();
        this.showTimeline();
        this.select(this.view);
        break;
      case MessageType.OpenImage:
        void this.openImage(m.file);
        break;
      case MessageType.SaveReport:
        void this.save(m.format, m.view);
        break;
      case MessageType.SetWatch:
        this.setWatch(m.watching);
        break;
      case MessageType.Rerun:
        void (m.view === 'timeline' ? this.updateTimeline() : this.rerun());
        break;
      case MessageType.OpenView:
        void this.openView(m.view);
        break;
      case MessageType.RequestChunkDetail:
        void this.detail(m.chunk, m.column);
        break;
      default:
        break;
    }
  }

  /** A database table cannot be watched: the webview disables its switch and says why. */
  private watchUnavailable(): { watchUnavailable?: string } {
    return sourceNameOf(this.pair.current) ? { watchUnavailable: WATCH_SOURCE_REASON } : {};
  }

  setWatch(on: boolean): void {
    if (on === this.watching) return;
    if (on && sourceNameOf(this.pair.current)) {
      this.services.log.info(`not watching ${displayName(this.pair.current)}: ${WATCH_SOURCE_REASON}`);
      return;
    }
    if (!on) {
      this.watcher?.dispose();
      this.watcher = undefined;
      clearTimeout(this.debounce);
      this.services.log.info(`stopped watching ${displayName(this.pair.current)}`);
      return;
    }
    // An image set is a folder: any change below it counts.
    const pattern =
      this.report?.current.format === 'images'
        ? new vscode.RelativePattern(this.pair.current, '**/*')
        : new vscode.RelativePattern(vscode.Uri.joinPath(this.pair.current, '..'), path.posix.basename(this.pair.current.path));
    const fsw = vscode.workspace.createFileSystemWatcher(pattern);
    const changed = () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.updateAll(), WATCH_DEBOUNCE_MS);
    };
    this.watcher = vscode.Disposable.from(fsw, fsw.onDidChange(changed), fsw.onDidCreate(changed), new vscode.Disposable(() => clearTimeout(this.debounce)));
    this.services.log.info(`watching ${displayName(this.pair.current)}`);
  }

  /** The watched file changed: each view the panel has is brought up to date. */
  private async updateAll(): Promise<void> {
    await Promise.all([this.report ? this.rerun() : undefined, this.timeline ? this.updateTimeline() : undefined]);
  }

  async rerun(): Promise<void> {
    if (this.running || this.isDisposed) return;
    this.running = true;
    this.post({ type: MessageType.Busy, view: 'comparison', stage: 'comparing' });
    try {
      const report = await compareWithProgress(this.services, this.pair, { quiet: true, askBeforeLargeFiles: false });
      if (this.isDisposed) return;
      if (report) this.update(report);
      else this.post({ type: MessageType.Failed, view: 'comparison', message: 'The comparison did not complete; the report shows the last result.' });
    } finally {
      this.running = false;
    }
  }

  /** Reads the files again for the Timeline view; closed chunks are reused, the open last one (and new ones) computed. */
  async updateTimeline(): Promise<void> {
    const timeline = this.timeline;
    if (!timeline || this.timelineRunning || this.isDisposed) return;
    this.timelineRunning = true;
    this.post({ type: MessageType.Busy, view: 'timeline', stage: 'updating the timeline' });
    try {
      const started = Date.now();
      const report = await timeline.reload();
      if (this.isDisposed || timeline !== this.timeline) return;
      this.services.log.info(`timeline updated in ${Date.now() - started} ms: ${report.chunks.length} chunks, ${timeline.lastReused} reused`);
      this.showTimeline();
    } catch (e) {
      this.post({ type: MessageType.Failed, view: 'timeline', message: (e as Error).message });
    } finally {
      this.timelineRunning = false;
    }
  }

  /** The comparison of one column on one chunk's rows, for the Timeline view's detail pane. */
  private async detail(chunk: number, column: string): Promise<void> {
    try {
      if (!this.timeline) throw new Error('no timeline has been computed yet');
      const report = await this.timeline.detail(chunk, column);
      this.post({ type: MessageType.ChunkDetail, chunk, column, report });
    } catch (e) {
      this.post({ type: MessageType.ChunkDetail, chunk, column, report: null, message: (e as Error).message });
    }
  }

  private async save(format: 'json' | 'html', view: PanelView): Promise<void> {
    const what = view === 'timeline' ? 'timeline' : 'report';
    const base = `drift-${view === 'timeline' ? 'timeline-' : ''}${stem(this.pair.reference)}-vs-${stem(this.pair.current)}.${format}`;
    const folder = vscode.workspace.getWorkspaceFolder(this.pair.current)?.uri ?? vscode.Uri.joinPath(this.pair.current, '..');
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, base),
      filters: { [`Drift ${what} (${format.toUpperCase()})`]: [format] },
    });
    if (!target) return;
    try {
      await this.writeReport(target, format, view);
      void vscode.window.showInformationMessage(`Drift ${what} saved to ${displayName(target)}`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Drift Inspector: could not save the ${what}: ${(e as Error).message}`);
    }
  }

  /**
   * Writes a view's report as JSON (the CLI's schema: `compare`'s, or `timeline`'s) or as a
   * standalone offline HTML page opening on that view.
   */
  async writeReport(target: vscode.Uri, format: 'json' | 'html', view: PanelView = 'comparison'): Promise<void> {
    const text = view === 'timeline' ? await this.timelineText(format) : await this.comparisonText(format);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    this.services.log.info(`saved ${target.fsPath}`);
  }

  private async comparisonText(format: 'json' | 'html'): Promise<string> {
    if (!this.report) throw new Error('the panel has no comparison yet');
    // Standalone HTML carries its thumbnails inline (its CSP allows data: images only).
    const report =
      format === 'html' && this.report.images
        ? { ...this.report, images: await embedThumbnails(this.report.images, thumbnailDir(this.services).fsPath) }
        : this.report;
    return format === 'json'
      ? JSON.stringify(report, null, 2) + '\n'
      : standaloneReportHtml(report, await loadReportBundle(vscode.Uri.joinPath(this.services.extensionUri, 'dist').fsPath));
  }

  private async timelineText(format: 'json' | 'html'): Promise<string> {
    if (!this.timeline) throw new Error('the panel has no timeline yet');
    return format === 'json'
      ? JSON.stringify(this.timeline.report, null, 2) + '\n'
      : standaloneTimelineHtml(this.timeline.report, await loadReportBundle(vscode.Uri.joinPath(this.services.extensionUri, 'dist').fsPath));
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

function webviewOptions(services: Services): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  // Only the built bundle folder and the thumbnail cache; no retainContextWhenHidden (state lives in setState).
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(services.extensionUri, 'dist'), thumbnailDir(services)] };
}

function title(pair: DatasetPair): string {
  return driftTitle(shortName(pair.reference), shortName(pair.current));
}

function stem(uri: vscode.Uri): string {
  return path.posix.basename(uri.path).replace(/\.[^.]+$/, '');
}

/** A timeline saved before the pair was kept with it: its sources, relative to the first workspace folder. */
function timelinePair(t: TimelineReport): DatasetPair | undefined {
  const find = (name: string): vscode.Uri | undefined => {
    if (path.isAbsolute(name)) return vscode.Uri.file(name);
    const folders = vscode.workspace.workspaceFolders ?? [];
    return folders.length ? vscode.Uri.joinPath(folders[0].uri, name) : undefined;
  };
  const reference = find(t.reference.source);
  const current = find(t.current.source);
  return reference && current ? { reference, current } : undefined;
}

/** The pair's URIs as the webview kept them (a report's display names are not enough in a multi-root workspace). */
function savedPair(state: SavedWebviewState | undefined): DatasetPair | undefined {
  const p = state?.pair;
  if (typeof p?.reference !== 'string' || typeof p?.current !== 'string') return undefined;
  return { reference: vscode.Uri.parse(p.reference, true), current: vscode.Uri.parse(p.current, true) };
}

export class DriftReportSerializer implements vscode.WebviewPanelSerializer<SavedWebviewState> {
  constructor(private readonly services: Services) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: SavedWebviewState | undefined): Promise<void> {
    await DriftReportPanel.revive(panel, this.services, state);
  }
}
