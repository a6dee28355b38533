/**
 * How files and reports are named on screen. In src/shared (no Node, no DOM) because the webview,
 * the report HTML in src/core and the extension all need the same words.
 */

/** The last path segment of a file name as the user gave it (`/` or `\` separated). */
export function baseName(source: string): string {
  const parts = source.split(/[\\/]/);
  return parts[parts.length - 1] || source;
}

/** The title of a report: panel tab, progress notification, saved HTML page. */
export function driftTitle(reference: string, current: string): string {
  return `Drift: ${baseName(reference)} vs ${baseName(current)}`;
}
