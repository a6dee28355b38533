import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { openWorkbench, runCommand, type Workbench } from './workbench';

// Issue 13, workspace trust: a cloned repository must not make the editor call out. With trust
// on (code-server without --disable-workspace-trust, no start-up prompt), the folder opens in
// Restricted Mode: the Health endpoint its .vscode/settings.json defines is not polled (the
// tree says so) while the user's own endpoint is; once the user trusts the folder, it is polled.
// (driftInspector.sources follows the same rule in src/extension/sources.ts; not driven here.)
// (package.json capabilities.untrustedWorkspaces: "limited", restrictedConfigurations: the
// endpoints and driftInspector.sources; src/extension/health/healthSettings.ts.)

const TREE = '.monaco-list[aria-label*="Health"]';

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

  before(async () => {
    fromWorkspace = await countingEndpoint();
    fromUser = await countingEndpoint();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-untrusted-'));
    fs.mkdirSync(path.join(folder, '.vscode'));
    fs.writeFileSync(
      path.join(folder, '.vscode', 'settings.json'),
      JSON.stringify({
        'driftInspector.health.endpoints': [{ name: 'from-workspace', url: fromWorkspace.url }],
      }),
    );
    fs.writeFileSync(path.join(folder, 'data.csv'), 'a,b\n1,2\n');
    w = await openWorkbench({
      folder,
      workspaceTrust: true,
      settings: { 'driftInspector.health.endpoints': [{ name: 'from-user', url: fromUser.url }], 'driftInspector.health.pollIntervalSeconds': 1 },
    });
  });

  after(async () => {
    await w?.close();
    await fromWorkspace?.close();
    await fromUser?.close();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (w && this.currentTest?.state === 'failed') console.log(`    screenshot: ${await w.screenshot('failed-workspace-trust')}`);
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
});
