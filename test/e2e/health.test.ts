import * as assert from 'assert';
import * as path from 'path';
import type * as DemoService from '../../demo/run-service';
import { repoRoot } from '../../scripts/vscode/paths';
import { openWorkbench, reportFailure, type Workbench } from './workbench';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDemoService } = require(path.join(repoRoot, 'demo', 'run-service.js')) as typeof DemoService;

/** Waits until the text of `selector` matches (a string expression: this tsconfig has no DOM types). */
async function waitForText(page: import('playwright-core').Page, selector: string, re: RegExp, timeout = 30_000): Promise<void> {
  const expr = `${re.toString()}.test(document.querySelector(${JSON.stringify(selector)})?.textContent ?? '')`;
  await page.waitForFunction(expr, undefined, { timeout });
}

const TREE = '.monaco-list[aria-label*="Health"]';

describe('Health view in a real VS Code (e2e, real demo service)', function () {
  this.timeout(180_000);
  let w: Workbench | undefined;
  let service: DemoService.RunningDemoService | undefined;

  before(async function () {
    service = await startDemoService({ loadRps: 25 });
    w = await openWorkbench({
      settings: { 'driftInspector.health.endpoints': [{ name: 'demo', url: `${service.url}/metrics` }], 'driftInspector.health.pollIntervalSeconds': 1 },
    });
  });

  after(async () => {
    await w?.close();
    await service?.stop();
  });

  afterEach(async function () {
    await reportFailure(w, this.currentTest);
  });

  it('shows the endpoint up with rates and latency, then down with the last values, in the tree and the status bar', async () => {
    const page = w!.page;
    await page.locator('.activitybar .action-item a[aria-label^="Drift Inspector"]').first().click();
    const tree = page.locator(TREE);
    const row = (label: string) => tree.locator('.monaco-list-row', { hasText: label }).first();
    await row('demo').waitFor({ timeout: 30_000 });
    await waitForText(page, `${TREE} .monaco-list-row`, /up · /);
    await row('Requests').click();
    await row('Latency').click();
    await waitForText(page, TREE, /Requests\s*[\d.]+ req\/s/);
    const status = page.locator('.statusbar-item', { hasText: 'demo:' }).first();
    assert.match(await status.innerText(), /demo: [\d.]+ req\/s/);
    assert.match(await tree.innerText(), /p99\s*[\d.]+ ms/);
    console.log(`    screenshot: ${await w!.screenshot('vscode-health-up')}`);

    await service!.stop();
    service = undefined;
    await waitForText(page, TREE, /down: ECONNREFUSED/, 60_000);
    const text = await tree.innerText();
    assert.match(text, /Requests\s*[\d.]+ req\/s \(stale\)/, 'last values kept, marked stale');
    assert.match(await page.locator('.statusbar-item', { hasText: 'demo:' }).first().innerText(), /demo: down \(ECONNREFUSED\)/);
    console.log(`    screenshot: ${await w!.screenshot('vscode-health-down')}`);
  });
});
