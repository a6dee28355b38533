/**
 * HTML pages for the report UI (the src/webview bundle): the webview page the extension serves,
 * and a self-contained offline file (CLI `--format html`, "Save report" as HTML). Pure strings,
 * no vscode.
 */
import { randomBytes } from 'node:crypto';
import { baseName, driftTitle } from '../../shared/names';
import { REPORT_DATA_ID, REPORT_ROOT_ID } from '../../shared/page';
import type { DriftReport } from '../../shared/report';
import type { TimelineReport } from '../../shared/timeline';

export interface ReportPageOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** `asWebviewUri` of dist/webview.js. */
  scriptUri: string;
  /** `asWebviewUri` of dist/report.css. */
  styleUri: string;
}

export interface ReportBundle {
  /** dist/webview.js */
  script: string;
  /** dist/report.css */
  css: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Escapes a double-quoted attribute value, leaving single quotes (CSP keywords) readable. */
function escapeAttribute(s: string): string {
  return s.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON safe inside a <script> element: `<`, `>`, `&`, U+2028 and U+2029 become \uXXXX escapes
 * (valid JSON, same value), so no file-derived string can close the element or open a comment.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A nonce for a CSP: 128 random bits, base64. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The report webview's page: only the nonce'd bundle and the stylesheet, no data. The script
 * sends `ready` and the host answers with the report (shared/protocol.ts).
 */
export function reportPageHtml(opts: ReportPageOptions): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${opts.nonce}'`,
    `style-src ${opts.cspSource}`,
    `img-src ${opts.cspSource} data:`,
    `font-src ${opts.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeAttribute(opts.styleUri)}">
<title>Drift report</title>
</head>
<body>
<main id="${REPORT_ROOT_ID}"></main>
<script nonce="${escapeAttribute(opts.nonce)}" src="${escapeAttribute(opts.scriptUri)}"></script>
</body>
</html>
`;
}

/**
 * Makes inlined code unable to end its element early: `</script`, `</style` and `<!--` get a
 * backslash, which JS and CSS strings, regexes and comments read the same.
 */
function inlineSafe(code: string): string {
  const withoutMap = code.replace(/\n?\/[/*][#@] sourceMappingURL=[^\n]*\s*$/, '');
  return withoutMap.replace(/<\/(script|style)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * One offline HTML file showing the same UI as the panel: the bundle and stylesheet inlined under
 * a nonce'd CSP (nothing is fetched), the report embedded as script-safe JSON that the bundle reads
 * when it finds no VS Code API.
 */
export function standaloneReportHtml(report: DriftReport, bundle: ReportBundle): string {
  return standaloneHtml(report, driftTitle(report.reference.source, report.current.source), bundle);
}

/** The same for a timeline: the bundle opens on its Timeline view (it reads `kind`). */
export function standaloneTimelineHtml(report: TimelineReport, bundle: ReportBundle): string {
  return standaloneHtml(report, `Drift over time: ${baseName(report.reference.source)} vs ${baseName(report.current.source)}`, bundle);
}

function standaloneHtml(report: DriftReport | TimelineReport, title: string, bundle: ReportBundle): string {
  const nonce = createNonce();
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, 'img-src data:'].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(report.generatedBy)}">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
${inlineSafe(bundle.css)}
</style>
</head>
<body>
<main id="${REPORT_ROOT_ID}"></main>
<script type="application/json" id="${REPORT_DATA_ID}">${scriptSafeJson(report)}</script>
<script nonce="${nonce}">
${inlineSafe(bundle.script)}
</script>
</body>
</html>
`;
}
