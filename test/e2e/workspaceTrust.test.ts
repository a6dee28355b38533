import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import type * as StartPostgres from '../../scripts/postgres/start-postgres';
import { notificationTexts, openWorkbench, runCommand, type Workbench } from './workbench';

// Issue 13, workspace trust: a cloned repository must not make the editor call out. With trust
// on (code-server without --disable-workspace-trust, no start-up prompt), the folder opens in
// Restricted Mode: the Health endpoint its .vscode/settings.json defines is not polled (the
// tree says so) while the user's own endpoint is; once the user trusts the folder, it is polled.
// Database connections (driftInspector.sources, src/extension/sources.ts configuredSources) follow
// the same rule, driven through "Test connection" against a real PostgreSQL on loopback: the
// workspace's connection goes through a counting relay, so "never contacted" is counted, not
// assumed; the user's own connection is offered and works in Restricted Mode. Two layers keep the
// workspace's value out, and this test fails only when both are gone (each removal tried by hand,
// 2026-12-03): VS Code 1.139 itself skips workspace values of restrictedConfigurations in
// Restricted Mode, and configuredSources reads only the user's value there.
// (package.json capabilities.untrustedWorkspaces: "limited", restrictedConfigurations: the
// endpoints and driftInspector.sources; src/extension/health/healthSettings.ts.)

const TREE = '.monaco-list[aria-label*="Health"]';
const ROOT = path.join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPostgres } = require(path.join(ROOT, 'scripts', 'postgres', 'start-postgres.js')) as typeof StartPostgres;
const PICKER = '.quick-input-widget';

/** A TCP relay on loopback to `port` that counts the connections made through it. */
async function countingRelay(port: number): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => (client.destroy(), upstream.destroy()));
      s.on('close', () => (sockets.delete(s), client.destroy(), upstream.destroy()));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** A /metrics endpoint on loopback that counts its requests. */
async function countingEndpoint(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer((_, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('# TYPE http_requests_total counter\nhttp_requests_total{status="200"} 1\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`,
    requests: () => requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('Workspace trust: workspace-defined endpoints only in a trusted workspace (e2e)', function () {
  this.timeout(240_000);
  let w: Workbench | undefined;
  let folder: string;
  let fromWorkspace: Awaited<ReturnType<typeof countingEndpoint>>;
  let fromUser: Awaited<ReturnType<typeof countingEndpoint>>;
  let pg: StartPostgres.RunningPostgres | undefined;
  let relay: Awaited<ReturnType<typeof countingRelay>> | undefined;

  /** "Drift Inspector: Test connection" from the palette: the rows its picker offers. */
  async function testConnectionChoices(): Promise<string[]> {
    const page = w!.page;
    await runCommand(page, 'Drift Inspector: Test connection');
    const picker = page.locator(PICKER);
    await picker.locator('.quick-input-title', { hasText: 'Test which connection?' }).waitFor({ state: 'visible', timeout: 20_000 });
    await picker.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 20_000 });
    return picker.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  }

  /** Chooses `name` in the open picker and waits for the command's notification about it. */
  async function testConnection(name: string): Promise<string> {
    const page = w!.page;
    const input = page.locator(`${PICKER} .quick-input-box input`);
    await input.fill(name);
    await page.locator(`${PICKER} .quick-input-list .monaco-list-row`, { hasText: name }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await input.press('Enter');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const toast = (await notificationTexts(page)).find((t) => t.includes(`${name}:`));
      if (toast !== undefined) return toast;
      if (Date.now() > deadline) throw new Error(`no notification about ${name}`);
      await page.waitForTimeout(250);
    }
  }

  before(async () => {
    fromWorkspace = await countingEndpoint();
    fromUser = await countingEndpoint();
    pg = await startPostgres();
    pg.psql('CREATE TABLE trust_probe AS SELECT i FROM generate_series(1, 3) AS i');
    relay = await countingRelay(pg.port);
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-untrusted-'));
    fs.mkdirSync(path.join(folder, '.vscode'));
    fs.writeFileSync(
      path.join(folder, '.vscode', 'settings.json'),
      JSON.stringify({
        'driftInspector.health.endpoints': [{ name: 'from-workspace', url: fromWorkspace.url }],
        // The superuser, trusted on loopback (scripts/postgres/start-postgres.js): no password needed.
        'driftInspector.sources': [{ name: 'db-from-workspace', url: `postgres://postgres@127.0.0.1:${relay.port}/postgres` }],
      }),
    );
    fs.writeFileSync(path.join(folder, 'data.csv'), 'a,b\n1,2\n');
    w = await openWorkbench({
      folder,
      workspaceTrust: true,
      settings: {
        'driftInspector.health.endpoints': [{ name: 'from-user', url: fromUser.url }],
        'driftInspector.health.pollIntervalSeconds': 1,
        'driftInspector.sources': [{ name: 'db-from-user', url: `postgres://postgres@127.0.0.1:${pg.port}/postgres` }],
      },
    });
  });

  after(async () => {
    await w?.close();
    await fromWorkspace?.close();
    await fromUser?.close();
    await relay?.close();
    await pg?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (w && this.currentTest?.state === 'failed') console.log(`    screenshot: ${await w.screenshot('failed-workspace-trust')}`);
  });

  it('untrusted: "Test connection" offers the user\'s connection only, which works; the workspace\'s is never contacted', async () => {
    const choices = await testConnectionChoices();
    assert.ok(choices.some((c) => c.includes('db-from-user')), `the user's connection is offered: ${JSON.stringify(choices)}`);
    assert.ok(!choices.some((c) => c.includes('db-from-workspace')), `the workspace's connection is not offered: ${JSON.stringify(choices)}`);
    assert.match(await testConnection('db-from-user'), /db-from-user: connected, \d+ tables?/);
    assert.equal(relay!.connections(), 0, 'the workspace connection was contacted in Restricted Mode');
  });

  it('untrusted: the user endpoint is polled, the workspace one is not and the view says why; trusted: both are', async () => {
    const page = w!.page;
    await page.locator('.activitybar .action-item a[aria-label^="Drift Inspector"]').first().click();
    const tree = page.locator(TREE);
    await tree.locator('.monaco-list-row', { hasText: 'from-user' }).first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(`/from-user.*up · /s.test(document.querySelector(${JSON.stringify(TREE)})?.textContent ?? '')`, undefined, { timeout: 60_000 });
    const untrusted = await tree.innerText();
    assert.match(untrusted, /endpoints from workspace settings are not polled: the workspace is not trusted/);
    assert.doesNotMatch(untrusted, /from-workspace/);
    // The user's endpoint has been polled (it is up), in the same cycle the workspace one would have been.
    assert.ok(fromUser.requests() > 0);
    assert.equal(fromWorkspace.requests(), 0, 'the workspace endpoint was called in Restricted Mode');

    // Trust the folder as a user does: the Workspace Trust editor's Trust button.
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    await page.getByRole('button', { name: /^Trust$/ }).first().click({ timeout: 30_000 });
    await tree.locator('.monaco-list-row', { hasText: 'from-workspace' }).first().waitFor({ timeout: 60_000 });
    const deadline = Date.now() + 60_000;
    while (fromWorkspace.requests() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.ok(fromWorkspace.requests() > 0, 'the workspace endpoint is polled once the folder is trusted');
    assert.doesNotMatch(await tree.innerText(), /not polled: the workspace is not trusted/);
  });

  // After the previous test trusted the folder.
  it('trusted: "Test connection" offers the workspace\'s connection too, and connects through it', async () => {
    // The Workspace Trust editor opens as a modal over the workbench: close it as a person would.
    const modal = w!.page.locator('.monaco-modal-editor-block');
    if (await modal.isVisible()) {
      await w!.page.keyboard.press('Escape');
      await modal.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => modal.getByRole('button', { name: /^Close/ }).first().click());
      await modal.waitFor({ state: 'hidden', timeout: 10_000 });
    }
    const choices = await testConnectionChoices();
    assert.ok(choices.some((c) => c.includes('db-from-workspace')), `the workspace's connection is offered: ${JSON.stringify(choices)}`);
    // The workspace's value replaces the user's (VS Code does not merge arrays across scopes).
    assert.ok(!choices.some((c) => c.includes('db-from-user')), `the workspace's setting replaces the user's: ${JSON.stringify(choices)}`);
    assert.match(await testConnection('db-from-workspace'), /db-from-workspace: connected, \d+ tables?/);
    assert.ok(relay!.connections() > 0, 'the workspace connection is used once the folder is trusted');
  });
});
