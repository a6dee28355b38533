// The embedding scatter chart in a real browser: the points Chart.js draws are both sides on the
// reference's first two principal components as numpy computes them
// (scripts/embeddings/generate_projection.py, outputs in test/fixtures/embeddings/projection.json),
// and the two sides differ in colour AND in shape.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Browser, Page } from 'playwright-core';
import { compareDatasetsParallel } from '../../src/core/drift/parallel';
import type { Dataset } from '../../src/core/read/dataset';
import { loadReportBundle } from '../../src/core/report/bundle';
import { standaloneReportHtml } from '../../src/core/report/html';
import type { DriftReport } from '../../src/shared/report';
import { dataset, numCol } from '../unit/helpers/columns';
import { cspViolations, launchChromium, openPage } from './chromium';
import { ROOT } from './reports';

interface Fixture {
  reference: number[][];
  current: number[][];
  projection: { reference: [number, number][]; current: [number, number][] };
}
const FIXTURE = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/embeddings/projection.json'), 'utf8')) as Fixture;

/** A filled shape on the embedding canvas: its path (arcs and line vertices) and its colours. */
interface Drawn {
  arcs: [number, number, number][];
  vertices: [number, number][];
  fill: string;
  stroke: string;
}

interface RecordingWindow {
  __embeddingShapes?: Drawn[];
}

/**
 * Injected before the page's scripts: records every filled path drawn on the embedding chart's
 * canvas since its last full clear (Chart.js clears, then draws each point as its own path:
 * `arc` for a circle, `moveTo` + two `lineTo` for a triangle, then `fill`).
 */
function recordEmbeddingCanvas(): void {
  const proto = CanvasRenderingContext2D.prototype;
  const w = window as unknown as RecordingWindow;
  w.__embeddingShapes = [];
  const paths = new WeakMap<CanvasRenderingContext2D, { arcs: [number, number, number][]; vertices: [number, number][] }>();
  const ours = (ctx: CanvasRenderingContext2D) => ctx.canvas.classList.contains('embedding-chart');
  const wrap = <K extends 'clearRect' | 'beginPath' | 'arc' | 'moveTo' | 'lineTo' | 'fill'>(name: K, before: (ctx: CanvasRenderingContext2D, args: number[]) => void) => {
    const original = proto[name] as (...a: unknown[]) => unknown;
    (proto as unknown as Record<string, unknown>)[name] = function (this: CanvasRenderingContext2D, ...args: unknown[]) {
      if (ours(this)) before(this, args as number[]);
      return original.apply(this, args);
    };
  };
  wrap('clearRect', () => (w.__embeddingShapes = []));
  wrap('beginPath', (ctx) => paths.set(ctx, { arcs: [], vertices: [] }));
  wrap('arc', (ctx, [x, y, r]) => paths.get(ctx)?.arcs.push([x, y, r]));
  wrap('moveTo', (ctx, [x, y]) => paths.get(ctx)?.vertices.push([x, y]));
  wrap('lineTo', (ctx, [x, y]) => paths.get(ctx)?.vertices.push([x, y]));
  wrap('fill', (ctx) => {
    const p = paths.get(ctx);
    if (p) w.__embeddingShapes!.push({ ...p, fill: String(ctx.fillStyle), stroke: String(ctx.strokeStyle) });
  });
}

function side(source: string, rows: number[][]): Dataset {
  const base = dataset(source, [numCol('id', rows.map((_, i) => i), true)]);
  return { ...base, embeddings: [{ name: 'embedding', dimension: rows[0].length, values: Float64Array.from(rows.flat()) }] };
}

/** Least squares of `pixel = a * value + b`, and the largest residual. */
function affine(values: number[], pixels: number[]): { a: number; b: number; worst: number } {
  const n = values.length;
  const mv = values.reduce((s, v) => s + v, 0) / n;
  const mp = pixels.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (values[i] - mv) * (pixels[i] - mp);
    sxx += (values[i] - mv) ** 2;
  }
  const a = sxy / sxx;
  const b = mp - a * mv;
  const worst = Math.max(...values.map((v, i) => Math.abs(a * v + b - pixels[i])));
  return { a, b, worst };
}

describe('embedding scatter chart in Chromium (PCA against numpy)', function () {
  let browser: Browser;
  let page: Page;
  let report: DriftReport;
  let tmp: string;

  before(async function () {
    this.timeout(120_000);
    report = await compareDatasetsParallel(side('reference.jsonl', FIXTURE.reference), side('current.jsonl', FIXTURE.current));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-embedding-ui-'));
    const file = path.join(tmp, 'report.html');
    fs.writeFileSync(file, standaloneReportHtml(report, await loadReportBundle(path.join(ROOT, 'dist'))));
    browser = await launchChromium();
    const opened = await openPage(browser, { colorScheme: 'dark' });
    page = opened.page;
    await page.addInitScript(recordEmbeddingCanvas);
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => ((window as unknown as RecordingWindow).__embeddingShapes ?? []).length >= 550);
    assert.deepEqual(opened.problems, { dialogs: [], consoleErrors: [], pageErrors: [] });
    assert.deepEqual(await cspViolations(page), []);
  });

  after(async () => {
    await browser?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the report projection equals numpy\'s (150 reference rows, 900 current rows thinned to 400)', () => {
    const p = report.embeddings?.[0].projection;
    assert.ok(p, 'no projection');
    for (const s of ['reference', 'current'] as const) {
      assert.equal(p[s].length, FIXTURE.projection[s].length, s);
      p[s].forEach(([x, y], i) => {
        const [ex, ey] = FIXTURE.projection[s][i];
        assert.ok(Math.abs(x - ex) <= 1e-9 * (1 + Math.abs(ex)) && Math.abs(y - ey) <= 1e-9 * (1 + Math.abs(ey)), `${s} ${i}: ${x},${y} vs ${ex},${ey}`);
      });
    }
  });

  it('draws every point where numpy puts it: one linear axis mapping fits all 550 points to 0.001 px', async () => {
    const shapes = await page.evaluate(() => (window as unknown as RecordingWindow).__embeddingShapes!);
    const circles = shapes.filter((s) => s.arcs.length === 1 && s.vertices.length === 0);
    const triangles = shapes.filter((s) => s.arcs.length === 0 && s.vertices.length === 3);
    assert.equal(circles.length, FIXTURE.projection.reference.length, 'reference circles');
    assert.equal(triangles.length, FIXTURE.projection.current.length, 'current triangles');
    assert.equal(shapes.length, circles.length + triangles.length, 'nothing else filled on the chart');
    // A triangle's centre is the mean of its vertices (Chart.js draws it around the point).
    const drawn = [
      ...circles.map((c) => [c.arcs[0][0], c.arcs[0][1]]),
      ...triangles.map((t) => [(t.vertices[0][0] + t.vertices[1][0] + t.vertices[2][0]) / 3, (t.vertices[0][1] + t.vertices[1][1] + t.vertices[2][1]) / 3]),
    ];
    const expected = [...FIXTURE.projection.reference, ...FIXTURE.projection.current];
    const x = affine(
      expected.map((e) => e[0]),
      drawn.map((d) => d[0]),
    );
    const y = affine(
      expected.map((e) => e[1]),
      drawn.map((d) => d[1]),
    );
    // PC 1 grows to the right, PC 2 upwards (canvas y grows downwards): no axis mirrored or swapped.
    assert.ok(x.a > 0 && y.a < 0, `x slope ${x.a}, y slope ${y.a}`);
    assert.ok(x.worst < 1e-3 && y.worst < 1e-3, `largest distance from numpy's place: ${x.worst} px (x), ${y.worst} px (y)`);
  });

  it('reference and current differ in colour and in shape', async () => {
    const shapes = await page.evaluate(() => (window as unknown as RecordingWindow).__embeddingShapes!);
    const styles = (kind: 'circle' | 'triangle') =>
      new Set(shapes.filter((s) => (kind === 'circle' ? s.arcs.length === 1 : s.vertices.length === 3)).map((s) => `${s.fill} / ${s.stroke}`));
    const circle = styles('circle');
    const triangle = styles('triangle');
    assert.equal(circle.size, 1, [...circle].join(', '));
    assert.equal(triangle.size, 1, [...triangle].join(', '));
    const [cf, cs] = [...circle][0].split(' / ');
    const [tf, ts] = [...triangle][0].split(' / ');
    assert.notEqual(cf, tf, 'fill colours');
    assert.notEqual(cs, ts, 'border colours');
    // The chart says which is which in words too.
    assert.match((await page.getAttribute('canvas.embedding-chart', 'aria-label')) ?? '', /reference and current on the reference's first two principal components/);
  });
});
