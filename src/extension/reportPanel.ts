import * as path from 'path';
import * as vscode from 'vscode';
import { loadReportBundle } from '../core/report/bundle';
import { createNonce, reportPageHtml, standaloneReportHtml } from '../core/report/html';
import { MessageType, type FromWebviewMessage, type SavedWebviewState, type ToWebviewMessage } from '../shared/protocol';
import { driftTitle } from '../shared/names';
import type { DriftReport, GalleryImage, ImageGalleryPair } from '../shared/report';
import { embedThumbnails } from '../core/images/gallery';
import { compareWithProgress, displayName, thumbnailDir, type Services } from './comparison';
import { Disposable } from './disposable';
import type { DatasetPair } from './recentPairs';

export const REPORT_VIEW_TYPE = 'driftInspector.report';
/** Re-run a watched comparison this long after the current file's last change. */
export const WATCH_DEBOUNCE_MS = 1000;

const pairKey = (p: DatasetPair) => `${p.reference.toString()}\n${p.current.toString()}`;

/**
 * One report panel per dataset pair. The page carries no data: the webview says `ready` and
 * gets the report by message. Watching re-runs the comparison when the current file changes.
 */
export class DriftReportPanel extends Disposable {
  private static readonly panels = new Map<string, DriftReportPanel>();

  private watcher: vscode.Disposable | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private running = false;

  static show(services: Services, pair: DatasetPair, report: DriftReport): DriftReportPanel {
    const existing = DriftReportPanel.panels.get(pairKey(pair));
    if (existing) {
      existing.update(report);
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, title(pair), vscode.ViewColumn.Active, webviewOptions(services));
    return new DriftReportPanel(panel, services, pair, report);
  }

  /** Restores a panel after a window reload, from the state the webview saved. */
  static revive(panel: vscode.WebviewPanel, services: Services, state: SavedWebviewState | undefined): void {
    const report = state?.report;
    const pair = report && savedPair(state);
    if (!report || !pair) {
      panel.webview.options = webviewOptions(services);
      panel.webview.html = '<!DOCTYPE html><html><body><p>This drift report can no longer be restored: run "Compare datasets for drift" again.</p></body></html>';
      return;
    }
    panel.webview.options = webviewOptions(services);
    const revived = new DriftReportPanel(panel, services, pair, report);
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
    private report: DriftReport,
  ) {
    super();
    DriftReportPanel.panels.set(pairKey(pair), this);
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: FromWebviewMessage) => this.onMessage(m)));
    panel.webview.html = this.html();
  }

  get currentReport(): DriftReport {
    return this.report;
  }

  get watching(): boolean {
    return this.watcher !== undefined;
  }

  update(report: DriftReport): void {
    this.report = report;
    this.showReport();
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
    const shown = Object.values(this.report.images?.properties ?? {}).some((p) => [...p.outliers, ...p.typical].some((x) => x.file === file));
    if (!shown) return;
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file), { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  override dispose(): void {
    if (DriftReportPanel.panels.get(pairKey(this.pair)) === this) DriftReportPanel.panels.delete(pairKey(this.pair));
    this.setWatch(false);
    super.dispose();
    this.panel.dispose();
  }

  private showReport(): void {
    const pair = { reference: this.pair.reference.toString(), current: this.pair.current.toString() };
    this.post({ type: MessageType.ShowReport, report: this.forWebview(this.report), pair, watching: this.watching });
  }

  private post(m: ToWebviewMessage): void {
    void this.panel.webview.postMessage(m);
  }

  private onMessage(m: FromWebviewMessage): void {
    switch (m.type) {
      case MessageType.Ready:
        this.showReport();
        break;
      case MessageType.OpenImage:
        void this.openImage(m.file);
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
      case MessageType.OpenTimeline:
        void vscode.commands.executeCommand('driftInspector.showTimeline', this.pair.reference, this.pair.current);
        break;
      default:
        break;
    }
  }

  setWatch(on: boolean): void {
    if (on === this.watching) return;
    if (!on) {
      this.watcher?.dispose();
      this.watcher = undefined;
      clearTimeout(this.debounce);
      this.services.log.info(`stopped watching ${displayName(this.pair.current)}`);
      return;
    }
    // An image set is a folder: any change below it counts.
    const pattern =
      this.report.current.format === 'images'
        ? new vscode.RelativePattern(this.pair.current, '**/*')
        : new vscode.RelativePattern(vscode.Uri.joinPath(this.pair.current, '..'), path.posix.basename(this.pair.current.path));
    const fsw = vscode.workspace.createFileSystemWatcher(pattern);
    const changed = () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.rerun(), WATCH_DEBOUNCE_MS);
    };
    this.watcher = vscode.Disposable.from(fsw, fsw.onDidChange(changed), fsw.onDidCreate(changed), new vscode.Disposable(() => clearTimeout(this.debounce)));
    this.services.log.info(`watching ${displayName(this.pair.current)}`);
  }

  async rerun(): Promise<void> {
    if (this.running || this.isDisposed) return;
    this.running = true;
    this.post({ type: MessageType.Busy, stage: 'comparing' });
    try {
      const report = await compareWithProgress(this.services, this.pair, { quiet: true, askBeforeLargeFiles: false });
      if (this.isDisposed) return;
      if (report) this.update(report);
      else this.post({ type: MessageType.Failed, message: 'The comparison did not complete; the report shows the last result.' });
    } finally {
      this.running = false;
    }
  }

  private async save(format: 'json' | 'html'): Promise<void> {
    const base = `drift-${stem(this.pair.reference)}-vs-${stem(this.pair.current)}.${format}`;
    const folder = vscode.workspace.getWorkspaceFolder(this.pair.current)?.uri ?? vscode.Uri.joinPath(this.pair.current, '..');
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, base),
      filters: format === 'json' ? { 'Drift report (JSON)': ['json'] } : { 'Drift report (HTML)': ['html'] },
    });
    if (!target) return;
    try {
      await this.writeReport(target, format);
      void vscode.window.showInformationMessage(`Drift report saved to ${displayName(target)}`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Drift Inspector: could not save the report: ${(e as Error).message}`);
    }
  }

  /** Writes the report as JSON (the CLI's schema) or as a standalone offline HTML page. */
  async writeReport(target: vscode.Uri, format: 'json' | 'html'): Promise<void> {
    // Standalone HTML carries its thumbnails inline (its CSP allows data: images only).
    const report =
      format === 'html' && this.report.images
        ? { ...this.report, images: await embedThumbnails(this.report.images, thumbnailDir(this.services).fsPath) }
        : this.report;
    const text =
      format === 'json'
        ? JSON.stringify(report, null, 2) + '\n'
        : standaloneReportHtml(report, await loadReportBundle(vscode.Uri.joinPath(this.services.extensionUri, 'dist').fsPath));
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    this.services.log.info(`saved ${target.fsPath}`);
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
  return driftTitle(pair.reference.path, pair.current.path);
}

function stem(uri: vscode.Uri): string {
  return path.posix.basename(uri.path).replace(/\.[^.]+$/, '');
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
    DriftReportPanel.revive(panel, this.services, state);
  }
}
