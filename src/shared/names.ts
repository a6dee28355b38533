/**
 * How files and reports are named on screen. In src/shared (no Node, no DOM) because the webview,
 * the report HTML in src/core and the extension all need the same words.
 */

/**
 * What a side is called on screen: a file's last path segment as the user gave it (`/` or `\`
 * separated); a database source's table (`postgres://host/db?table=weather` is `weather`, where
 * the path's last segment would be the database, the same for both sides); a source's query is
 * `<database> (query)`.
 */
export function baseName(source: string): string {
  const uri = /^[a-z][a-z0-9+.-]*:([^?#]*)\?([^#]*)/i.exec(source);
  if (uri) {
    const params = new URLSearchParams(uri[2]);
    const table = params.get('table');
    if (table) return table;
    if (params.has('query')) return `${lastSegment(uri[1]) || source.slice(0, source.indexOf(':'))} (query)`;
  }
  return lastSegment(source) || source;
}

function lastSegment(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1];
}

/** The title of a report: panel tab, progress notification, saved HTML page. */
export function driftTitle(reference: string, current: string): string {
  return `Drift: ${baseName(reference)} vs ${baseName(current)}`;
}

const ENGINE_NAMES = { duckdb: 'DuckDB', clickhouse: 'ClickHouse', postgres: 'PostgreSQL' } as const;

/**
 * Where a side's profiles were computed, when not by our own readers: "profiled in PostgreSQL
 * (1 query)", for the header next to the side's name (the SQL itself goes in its tooltip).
 */
export function engineNote(info: { engine?: string; queries?: readonly string[] }): string {
  const engine = info.engine !== undefined && Object.hasOwn(ENGINE_NAMES, info.engine) ? ENGINE_NAMES[info.engine as keyof typeof ENGINE_NAMES] : undefined;
  if (!engine) return '';
  const n = info.queries?.length ?? 0;
  return n > 0 ? `profiled in ${engine} (${n} ${n === 1 ? 'query' : 'queries'})` : `profiled in ${engine}`;
}
