import { strict as assert } from 'assert';
import { parseExposition, parseExpositionInSlices } from '../../src/core/prom/exposition/parse';
import { runInSlices, type Steps } from '../../src/core/prom/exposition/steps';
import { seriesKey, seriesLabel, type Labels } from '../../src/core/prom/model';

/**
 * The per-sample helpers the health view runs on every series of every scrape, written out for
 * speed (bench/results-load.md), checked against what they stand for: seriesKey is
 * JSON.stringify([name, ...[label, value] sorted by label]), seriesLabel the text format's
 * escaping; the linter's duplicate check; the shared slice driver (src/core/prom/exposition/steps.ts).
 */

const TEXT = 'text/plain; version=0.0.4';

/** Strings each needing a different JSON escape, or none. */
const HARD = ['', 'plain', 'q"uote', 'back\\slash', 'line\nbreak', 'tab\there', '\u0000nul', '\u001funit', '\u007fdel', 'lone \ud800 high', 'lone \udfff low', 'pair 😀', 'é ü ß', '\u2028sep'];

describe('series keys and labels', () => {
  it('seriesKey is JSON.stringify of [name, ...sorted [label, value]] for every kind of character', () => {
    for (const name of HARD) {
      for (const value of HARD) {
        const labels: Labels = { zeta: value, alpha: name, mid: `${value}${name}` };
        const expected = JSON.stringify([name, ...Object.keys(labels).sort().map((k) => [k, labels[k]])]);
        assert.equal(seriesKey(name, labels), expected, JSON.stringify([name, value]));
      }
    }
    assert.equal(seriesKey('up', {}), JSON.stringify(['up']));
  });

  it('seriesLabel writes labels in their order, escaping backslash, quote and line feed as the text format does', () => {
    assert.equal(seriesLabel('up', {}), 'up');
    assert.equal(seriesLabel('x', { b: '1', a: 'two' }), 'x{b="1",a="two"}');
    assert.equal(seriesLabel('x', { p: 'C:\\dir "q"\nnext' }), 'x{p="C:\\\\dir \\"q\\"\\nnext"}');
    // What the text format reads back is the value itself.
    for (const value of HARD.filter((v) => !/[\u0000-\u001f\u007f\ud800-\udfff]/.test(v.replace(/\n/g, '')))) {
      const back = parseExposition(`${seriesLabel('x', { v: value })} 1\n`, { contentType: TEXT }).samples[0];
      assert.equal(back.labels.v, value, JSON.stringify(value));
    }
  });

  it('a series repeated with the same timestamp (or none) is a duplicate; with another timestamp it is not', () => {
    const rules = (body: string): number[] =>
      parseExposition(body, { contentType: TEXT })
        .warnings.filter((w) => w.rule === 'duplicate-series')
        .map((w) => w.line ?? 0);
    assert.deepEqual(rules('a{x="1"} 1\na{x="1"} 2\n'), [2]);
    assert.deepEqual(rules('a{x="1"} 1 1000\na{x="1"} 2 2000\n'), []);
    assert.deepEqual(rules('a{x="1"} 1 1000\na{x="1"} 2 2000\na{x="1"} 3 1000\na{x="1"} 4 2000\na{x="1"} 5 3000\n'), [3, 4]);
    assert.deepEqual(rules('a{x="1",y="2"} 1\na{y="2",x="1"} 2\na{x="2",y="2"} 3\n'), [2]);
  });
});

describe('the shared slice driver', () => {
  function* counting(n: number, out: number[], id: number): Steps<number> {
    for (let i = 0; i < n; i++) {
      out.push(id);
      yield;
    }
    return id * 10;
  }

  it('runs many jobs at once to their own ends, and a job that throws rejects alone', async () => {
    const order: number[] = [];
    function* failing(): Steps<number> {
      yield;
      throw new Error('bad body');
    }
    const jobs = [runInSlices(counting(500, order, 1)), runInSlices(failing()), runInSlices(counting(3, order, 2)), runInSlices(counting(0, order, 3))];
    const results = await Promise.allSettled(jobs);
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      [10, 'bad body', 20, 30],
    );
    assert.equal(order.filter((id) => id === 1).length, 500);
    assert.equal(order.filter((id) => id === 2).length, 3);
  });

  it('parses the same in slices, with other parses running, as in one go', async () => {
    const body = Array.from({ length: 3000 }, (_, i) => `m_total{i="${i}",s="${i % 7}"} ${i}`).join('\n') + '\n';
    const [a, b] = await Promise.all([parseExpositionInSlices(body, { contentType: TEXT }), parseExpositionInSlices(body.replace(/m_total/g, 'n_total'), { contentType: TEXT })]);
    assert.deepEqual(a, parseExposition(body, { contentType: TEXT }));
    assert.equal(b.samples.length, 3000);
  });
});
