// The page builders and the CLI's --format html, without a browser.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadReportBundle, ReportBundleError } from '../../src/core/report/bundle';
import { reportPageHtml, scriptSafeJson, standaloneReportHtml } from '../../src/core/report/html';
import { hostileReport, ROOT, XSS_COLUMN, XSS_VALUE } from './reports';

const CLI = path.join(ROOT, 'dist', 'cli.js');

describe('report HTML builders', () => {
  it('scriptSafeJson escapes <, >, &, U+2028 and U+2029 and still parses to the same value', () => {
    const value = { a: XSS_VALUE, b: '<!-- & -->', c: 'line\u2028sep\u2029end' };
    const json = scriptSafeJson(value);
    assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
    assert.match(json, /\\u003c\/script\\u003e/);
    assert.deepEqual(JSON.parse(json), value);
  });

  it('reportPageHtml has the strict nonce CSP, the two assets and no data', () => {
    const html = reportPageHtml({
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      nonce: 'n0nce',
      scriptUri: 'https://x/dist/webview.js',
      styleUri: 'https://x/dist/report.css',
    });
    assert.ok(
      html.includes(
        `content="default-src 'none'; script-src 'nonce-n0nce'; style-src https://file+.vscode-resource.vscode-cdn.net; ` +
          `img-src https://file+.vscode-resource.vscode-cdn.net data:; font-src https://file+.vscode-resource.vscode-cdn.net"`,
      ),
    );
    assert.match(html, /<script nonce="n0nce" src="https:\/\/x\/dist\/webview.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/dist\/report.css">/);
    assert.doesNotMatch(html, /report-data|unsafe-/);
  });

  it('standaloneReportHtml cannot be broken out of by file-derived text or by the bundle', () => {
    const html = standaloneReportHtml(hostileReport(), {
      script: 'var s = "</script><script>alert(1)</script>"; // <!-- x\n//# sourceMappingURL=webview.js.map\n',
      css: 'body { content: "</style><script>alert(1)</script>"; }',
    });
    assert.equal(html.match(/<\/script>/g)?.length, 2);
    assert.equal(html.match(/<\/style>/g)?.length, 1);
    assert.ok(!html.includes(XSS_COLUMN));
    assert.doesNotMatch(html, /sourceMappingURL/);
    assert.match(html, /<title>Drift: &lt;b onmouseover=alert\(2\)&gt;ref&lt;b&gt;.csv vs current\u2028.csv<\/title>/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce && nonce.length >= 16);
    assert.equal(html.split(`nonce="${nonce}"`).length - 1, 2, 'style and script carry the nonce');
    assert.ok(!standaloneReportHtml(hostileReport(), { script: '', css: '' }).includes(`nonce-${nonce}`), 'fresh nonce per file');
  });

  it('loadReportBundle says how to fix a missing build', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-bundle-'));
    try {
      await assert.rejects(loadReportBundle(empty), (e: unknown) => e instanceof ReportBundleError && /npm run build/.test(e.message));
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('drift-inspect --format html', () => {
  const samples = ['cars-reference.csv', 'cars-current.csv'].map((f) => path.join(ROOT, 'samples', f));

  it('writes one self-contained page with the report embedded', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-cli-html-'));
    try {
      const out = path.join(tmp, 'report.html');
      const r = spawnSync(process.execPath, [CLI, 'compare', ...samples, '--format', 'html', '--out', out], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const html = fs.readFileSync(out, 'utf8');
      const json = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)?.[1];
      assert.ok(json);
      const report = JSON.parse(json) as { columns: unknown[]; reference: { source: string } };
      assert.equal(report.columns.length, 9);
      assert.doesNotMatch(html, /<(script|link)[^>]+(src|href)=/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('fails clearly when the report UI was not built next to the CLI', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-cli-alone-'));
    try {
      const lonely = path.join(tmp, 'cli.js');
      fs.copyFileSync(CLI, lonely);
      const r = spawnSync(process.execPath, [lonely, 'compare', ...samples, '--format', 'html'], { encoding: 'utf8' });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^drift-inspect: the HTML report UI is missing \(.*webview\.js\); build it with 'npm run build'\n$/);
      assert.equal(r.stdout, '');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
