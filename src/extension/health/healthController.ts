import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { EndpointMonitor } from '../../core/health/endpointMonitor';
import { formatPercent, formatRate } from '../../core/health/format';
import { HealthAlerts } from '../../core/health/healthAlerts';
import { PollScheduler } from '../../core/health/pollScheduler';
import { affectsHealth, readHealthSettings, tokenKey, type HealthSettings } from './healthSettings';
import { HealthTreeProvider } from './healthTree';

export const HEALTH_VIEW_ID = 'driftInspector.health';
/** When the view is hidden, poll this much more slowly (status bar and notifications only). */
const HIDDEN_SLOWDOWN = 6;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Polls the configured endpoints and feeds the tree, the status bar and the notifications.
 * Fast while the view is visible, slowly otherwise; failing endpoints back off exponentially.
 * Everything it starts is disposed with it; when each endpoint is polled is core/health/pollScheduler.ts.
 */
export class HealthController extends Disposable {
  readonly tree = new HealthTreeProvider();
  private readonly view: vscode.TreeView<unknown>;
  private readonly statusBar = vscode.window.createStatusBarItem('driftInspector.health', vscode.StatusBarAlignment.Left, 50);
  private readonly alerts = new HealthAlerts();
  private settings: HealthSettings = readHealthSettings();
  private monitors: EndpointMonitor[] = [];
  private readonly scheduler = new PollScheduler<EndpointMonitor>({
    keyOf: (m) => `${m.config.name}\n${m.config.url ?? m.config.prometheus ?? ''}`,
    intervalFor: (m) => this.intervalFor(m),
    poll: (m) => this.pollOne(m),
  });
  private abort = new AbortController();

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: vscode.LogOutputChannel) {
    super();
    this.register(this.tree);
    this.view = this.register(vscode.window.createTreeView(HEALTH_VIEW_ID, { treeDataProvider: this.tree as vscode.TreeDataProvider<unknown>, showCollapseAll: true }));
    this.register(this.statusBar);
    this.statusBar.name = 'Drift Inspector health';
    this.statusBar.command = `${HEALTH_VIEW_ID}.focus`;
    this.register(vscode.workspace.onDidChangeConfiguration((e) => affectsHealth(e) && this.reload()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()));
    this.register(this.view.onDidChangeVisibility(() => this.scheduler.wake(0)));
    this.register(vscode.window.onDidChangeWindowState(() => this.scheduler.wake(0)));
    this.register(new vscode.Disposable(() => {
      this.scheduler.dispose();
      this.abort.abort();
    }));
    this.reload();
  }

  /** The status bar item's text (what the user sees; the integration tests read it through the test hooks). */
  get statusText(): string | undefined {
    return this.statusBar.text || undefined;
  }

  get endpointMonitors(): readonly EndpointMonitor[] {
    return this.monitors;
  }

  /** Polls every endpoint now (the Refresh command). */
  async refresh(): Promise<void> {
    await Promise.all(this.monitors.map((m) => this.scheduler.pollNow(m)));
  }

  private reload(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.settings = readHealthSettings();
    this.monitors = this.settings.endpoints.map((e) => new EndpointMonitor(e));
    this.alerts.forget(new Set(this.settings.endpoints.map((e) => e.name)));
    // No endpoints at all: no node either, so the view's viewsWelcome (package.json) shows.
    // VS Code hides a restricted setting's workspace value from inspect() too in an untrusted
    // workspace (seen in test/e2e/workspaceTrust.test.ts), so they cannot be counted: say it always.
    const note = vscode.workspace.isTrusted ? undefined : 'endpoints from workspace settings are not polled: the workspace is not trusted';
    this.tree.setMonitors(this.monitors, note);
    this.updateStatusBar();
    this.scheduler.setTargets(this.monitors);
  }

  private intervalFor(m: EndpointMonitor): number {
    const visible = this.view.visible && vscode.window.state.focused;
    const base = this.settings.pollIntervalMs * (visible ? 1 : HIDDEN_SLOWDOWN);
    return Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(m.failureCount, 5));
  }

  /** One poll of one endpoint (the scheduler never runs two of the same endpoint at once). */
  private async pollOne(m: EndpointMonitor): Promise<void> {
    const signal = this.abort.signal;
    try {
      const token = await this.secrets.get(tokenKey(m.config));
      const snapshot = await m.poll(this.settings, token, signal);
      if (signal.aborted || !this.monitors.includes(m)) return;
      if (snapshot.status === 'down') this.log.warn(`${m.config.name}: ${snapshot.reason}: ${snapshot.detail ?? ''}`);
      for (const a of this.alerts.evaluate(m.config.name, snapshot, this.settings)) {
        this.log.info(`alert: ${a.message}`);
        if (a.severity === 'warning') void vscode.window.showWarningMessage(`Drift Inspector: ${a.message}`);
        else void vscode.window.showInformationMessage(`Drift Inspector: ${a.message}`);
      }
      this.tree.refresh();
      this.updateStatusBar();
    } catch (e) {
      // Nothing escapes into the extension host (EndpointMonitor.poll already never throws).
      this.log.error(`${m.config.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private updateStatusBar(): void {
    const m = this.monitors[0];
    if (!m) {
      this.statusBar.hide();
      return;
    }
    const s = m.state;
    if (s.status === 'down') {
      this.statusBar.text = `$(error) ${m.config.name}: down (${s.reason})`;
      this.statusBar.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (s.status === 'up') {
      const rate = s.report?.requests?.total.value ?? null;
      const errors = s.report?.errorRatio?.value ?? null;
      const parts = [rate !== null ? formatRate(rate) : undefined, errors !== null ? `${formatPercent(errors)} errors` : undefined].filter(Boolean);
      this.statusBar.text = `$(pulse) ${m.config.name}: ${parts.join(', ') || 'up'}`;
      this.statusBar.backgroundColor = undefined;
    } else {
      this.statusBar.text = `$(sync~spin) ${m.config.name}`;
      this.statusBar.backgroundColor = undefined;
    }
    this.statusBar.tooltip = `Drift Inspector health: ${m.config.name} (${m.config.url ?? m.config.prometheus})`;
    this.statusBar.show();
  }
}
