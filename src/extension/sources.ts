import * as vscode from 'vscode';
import { isSourceUri, listSourceTables } from '../core/sources/index';
import type { CompareRequest } from '../threads/compareProtocol';

/** A connection of the driftInspector.sources setting: `{ name, url }` (a URI naming no table). */
export interface SourceConnection {
  readonly name: string;
  readonly url: string;
}

/**
 * The configured connections. In an untrusted workspace only the user's own (global) setting
 * counts: a workspace could otherwise point the extension at any server (restrictedConfigurations
 * in package.json says so to VS Code too).
 */
export function configuredSources(): SourceConnection[] {
  const c = vscode.workspace.getConfiguration('driftInspector');
  const raw = vscode.workspace.isTrusted ? c.get<unknown>('sources', []) : c.inspect<unknown>('sources')?.globalValue ?? [];
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (s): s is SourceConnection => typeof s === 'object' && s !== null && typeof (s as SourceConnection).name === 'string' && typeof (s as SourceConnection).url === 'string',
  );
}

/**
 * A connection's SecretStorage key: its URI without the table (scheme, user, host, port,
 * database), so every connection keeps its own password, whatever its kind, and renaming a
 * connection in the setting keeps it.
 */
export function passwordKey(connection: SourceConnection): string {
  return `driftInspector.sources.password:${connection.url.replace(/\?.*$/, '')}`;
}

/** The connection a source name belongs to (same scheme, host, port, database). */
export function connectionOf(source: string, connections = configuredSources()): SourceConnection | undefined {
  const base = source.replace(/\?.*$/, '');
  return connections.find((c) => c.url.replace(/\?.*$/, '') === base);
}

/** The password of the connection a source belongs to (none for files and unknown connections). */
async function passwordOf(secrets: vscode.SecretStorage | undefined, source: string): Promise<string | undefined> {
  if (!secrets || !isSourceUri(source)) return undefined;
  const conn = connectionOf(source);
  return conn ? secrets.get(passwordKey(conn)) : undefined;
}

export function sourceSettings(): { engine: 'auto' | 'native' | 'duckdb'; memoryBudgetMB: number; duckdbMemoryMB: number; timeoutMs: number } {
  const c = vscode.workspace.getConfiguration('driftInspector');
  const engine = c.get<string>('engine', 'auto');
  return {
    engine: engine === 'native' || engine === 'duckdb' ? engine : 'auto',
    memoryBudgetMB: c.get<number>('memoryBudgetMB', 2048),
    duckdbMemoryMB: c.get<number>('duckdbMemoryMB', 512),
    timeoutMs: c.get<number>('sourceTimeoutSeconds', 300) * 1000,
  };
}

/** The `sources` part of a comparison request (engine settings and the passwords it needs). */
export async function sourcesRequest(secrets: vscode.SecretStorage | undefined, reference: string, current: string): Promise<NonNullable<CompareRequest['sources']>> {
  const [r, c] = await Promise.all([passwordOf(secrets, reference), passwordOf(secrets, current)]);
  return { ...sourceSettings(), sidePasswords: { ...(r !== undefined ? { reference: r } : {}), ...(c !== undefined ? { current: c } : {}) } };
}

/** A source as a Uri in a DatasetPair (its own scheme: postgres:, clickhouse:, duckdb:). */
export function sourceUri(source: string): vscode.Uri {
  return vscode.Uri.parse(source, true);
}

/** The source name a pair's Uri stands for, or undefined for a file. */
export function sourceNameOf(uri: vscode.Uri): string | undefined {
  if (uri.scheme === 'file' || uri.scheme === 'vscode-remote' || uri.scheme === 'untitled') return undefined;
  const text = uri.toString(true);
  return isSourceUri(text) ? text : undefined;
}

/**
 * Why "Watch current file" is off for a table: VS Code learns of a file's changes from the file
 * system, and a server sends no such event (polling a table would run its grouped query again
 * and again, a full scan each time). Re-run queries it again on demand.
 */
export const WATCH_SOURCE_REASON = 'A database table cannot be watched: VS Code is told when a file changes, not when rows reach a table. Re-run queries it again.';

export interface SourceTableItem extends vscode.QuickPickItem {
  readonly uri?: vscode.Uri;
}

/** QuickPick items for every configured connection's tables, a separator per connection. */
export async function sourceTableItems(secrets: vscode.SecretStorage | undefined, log?: vscode.LogOutputChannel): Promise<SourceTableItem[]> {
  const connections = configuredSources();
  const lists = await Promise.all(
    connections.map(async (conn) => {
      try {
        const pw = secrets ? await secrets.get(passwordKey(conn)) : undefined;
        const tables = await listSourceTables(conn.url, { timeoutMs: 10_000, ...(pw !== undefined ? { password: pw } : {}) });
        return { conn, tables, error: undefined };
      } catch (e) {
        log?.warn(`source ${conn.name}: ${(e as Error).message}`);
        return { conn, tables: [], error: (e as Error).message };
      }
    }),
  );
  const items: SourceTableItem[] = [];
  for (const { conn, tables, error } of lists) {
    items.push({ label: conn.name, kind: vscode.QuickPickItemKind.Separator });
    if (error) items.push({ label: `$(error) ${conn.name}`, description: 'cannot list tables', detail: error });
    for (const t of tables) items.push({ label: `$(database) ${t.table}`, description: conn.name, uri: sourceUri(t.source) });
  }
  return items;
}

/** "Test connection": lists the tables of a chosen connection and says how it went. */
export async function testConnectionCommand(secrets: vscode.SecretStorage, given?: string): Promise<string | undefined> {
  const connections = configuredSources();
  if (connections.length === 0) {
    void vscode.window.showWarningMessage('Drift Inspector: no connections in the driftInspector.sources setting.');
    return undefined;
  }
  const conn = given ? connections.find((c) => c.name === given) : await pickConnection(connections, 'Test which connection?');
  if (!conn) return undefined;
  const pw = await secrets.get(passwordKey(conn));
  try {
    const tables = await listSourceTables(conn.url, { timeoutMs: sourceSettings().timeoutMs, ...(pw !== undefined ? { password: pw } : {}) });
    const message = `${conn.name}: connected, ${tables.length} table${tables.length === 1 ? '' : 's'}`;
    void vscode.window.showInformationMessage(`Drift Inspector: ${message}`);
    return message;
  } catch (e) {
    const message = `${conn.name}: ${(e as Error).message}`;
    void vscode.window.showErrorMessage(`Drift Inspector: ${message}`);
    return message;
  }
}

/** "Set source password": kept in SecretStorage, never in settings. */
export async function setSourcePasswordCommand(secrets: vscode.SecretStorage, given?: { name: string; password: string }): Promise<void> {
  const connections = configuredSources();
  const conn = given ? connections.find((c) => c.name === given.name) : await pickConnection(connections, 'Password for which connection?');
  if (!conn) return;
  const password =
    given?.password ??
    (await vscode.window.showInputBox({ title: `Password for ${conn.name}`, prompt: 'Kept in VS Code secret storage (empty: forget it)', password: true, ignoreFocusOut: true }));
  if (password === undefined) return;
  if (password === '') await secrets.delete(passwordKey(conn));
  else await secrets.store(passwordKey(conn), password);
}

async function pickConnection(connections: SourceConnection[], title: string): Promise<SourceConnection | undefined> {
  const picked = await vscode.window.showQuickPick(
    connections.map((c) => ({ label: c.name, description: c.url, conn: c })),
    { title },
  );
  return picked?.conn;
}
