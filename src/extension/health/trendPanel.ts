import * as vscode from 'vscode';
import { createNonce, escapeHtml } from '../../core/report/html';
import { formatClock, formatSampleValue } from '../../core/health/format';
import { Disposable } from '../disposable';

/**
 * The open trend panels: each shows a series' values over this session as a small line chart,
 * and all of them close when the extension is disposed. The chart is SVG built on the host (no
 * script at all in the page), every text escaped; the CSP allows only our stylesheet rules.
 */
export class TrendPanels extends Disposable {
  private readonly open = new Set<vscode.WebviewPanel>();

  constructor() {
    super();
    this.register(new vscode.Disposable(() => [...this.open].forEach((p) => p.dispose())));
  }

  show(title: string, points: ReadonlyArray<[number, number]>): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel('driftInspector.trend', `Trend: ${title}`, vscode.ViewColumn.Active, {
      enableScripts: false,
      localResourceRoots: [],
    });
    panel.webview.html = trendHtml(title, points, createNonce());
    this.open.add(panel);
    panel.onDidDispose(() => this.open.delete(panel));
    return panel;
  }

  get count(): number {
    return this.open.size;
  }
}

export function trendHtml(title: string, points: ReadonlyArray<[number, number]>, nonce: string): string {
  const W = 720;
  const H = 260;
  const pad = { l: 70, r: 16, t: 16, b: 36 };
  const finite = points.filter(([, v]) => Number.isFinite(v));
  let body: string;
  if (finite.length < 2) {
    body = `<p>${finite.length} point(s) so far: the trend needs two polls.</p>`;
  } else {
    const t0 = finite[0][0];
    const t1 = finite[finite.length - 1][0];
    let lo = Math.min(...finite.map(([, v]) => v));
    let hi = Math.max(...finite.map(([, v]) => v));
    if (lo === hi) {
      lo -= 1;
      hi += 1;
    }
    const x = (t: number) => pad.l + ((t - t0) / Math.max(1, t1 - t0)) * (W - pad.l - pad.r);
    const y = (v: number) => pad.t + (1 - (v - lo) / (hi - lo)) * (H - pad.t - pad.b);
    const path = finite.map(([t, v], i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const label = (v: number) => escapeHtml(formatSampleValue(Number(v.toPrecision(6))));
    body = `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escapeHtml(title)} over time">
<line class="axis" x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}"/>
<line class="axis" x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${H - pad.b}"/>
<text x="${pad.l - 6}" y="${pad.t + 4}" text-anchor="end">${label(hi)}</text>
<text x="${pad.l - 6}" y="${H - pad.b}" text-anchor="end">${label(lo)}</text>
<text x="${pad.l}" y="${H - 10}">${escapeHtml(formatClock(t0))}</text>
<text x="${W - pad.r}" y="${H - 10}" text-anchor="end">${escapeHtml(formatClock(t1))}</text>
<path class="line" d="${path}"/>
</svg>
<p class="muted">${finite.length} polls · last ${label(finite[finite.length - 1][1])}</p>`;
  }
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 12px 20px; }
h1 { font-size: 1.1em; font-weight: 600; word-break: break-all; }
svg text { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.axis { stroke: var(--vscode-editorWidget-border, var(--vscode-panel-border)); }
.line { fill: none; stroke: var(--vscode-charts-blue, var(--vscode-focusBorder)); stroke-width: 2; }
.muted { color: var(--vscode-descriptionForeground); }
</style><title>Trend</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}
