import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import * as vscode from 'vscode';
import { runComparison } from '../../src/extension/comparisonRunner';
import { testHooks } from './hooks';

/**
 * Measures (prints, does not assert on time: machines are shared and noisy) how long the
 * extension host's event loop is blocked while a comparison of two ~25 MB files runs.
 */
describe('extension host stays responsive during a comparison', function () {
  this.timeout(180_000);

  it('runs the engine in a worker; event-loop delay is printed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-loop-'));
    const write = (name: string, shift: number) => {
      const file = path.join(dir, name);
      const out = fs.createWriteStream(file);
      out.write('id,amount,delay,carrier,segment\n');
      let x = 12345 + shift;
      for (let i = 0; i < 500_000; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        out.write(`${i},${(x % 100000) / 100 + shift},${(x % 977) - 300},C${x % 17},S${(x >> 8) % 5}\n`);
      }
      out.end();
      return new Promise<string>((resolve) => out.on('finish', () => resolve(file)));
    };
    const [ref, cur] = await Promise.all([write('ref.csv', 0), write('cur.csv', 3)]);
    const { services } = await testHooks();
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const started = Date.now();
    const report = await runComparison(
      services.extensionUri,
      { referencePath: ref, currentPath: cur, referenceName: 'ref.csv', currentName: 'cur.csv', settings: {}, generatedBy: 'test' },
      () => undefined,
      new vscode.CancellationTokenSource().token,
      services.log,
    );
    h.disable();
    const size = (fs.statSync(ref).size / 1024 / 1024).toFixed(1);
    console.log(
      `      2 x ${size} MB compared in ${Date.now() - started} ms; extension-host event-loop delay: ` +
        `max ${(h.max / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, mean ${(h.mean / 1e6).toFixed(1)} ms`,
    );
    assert.strictEqual(report.reference.rows, 500_000);
    assert.strictEqual(report.dataset.testedColumns, 4, 'id is not tested');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
