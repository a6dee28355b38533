import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseExposition } from '../../src/core/prom/exposition/parse';
import { MAX_SERIES_HEADS, SeriesHeads } from '../../src/core/prom/exposition/text/seriesHeads';
import { sampleKey, sampleLabel, seriesKey, seriesLabel, type ParseResult } from '../../src/core/prom/model';

/**
 * The health view reads a series line's head (`name{labels}`) once per endpoint and looks it up
 * in later scrapes (src/core/prom/exposition/text/seriesHeads.ts). A lookup must give exactly what
 * reading would: every text case of the official corpus, and bodies built to hit each reason a
 * head is not kept (findings, quoted names, bytes that are not UTF-8, a `}` inside a value), parse
 * the same with a table that has seen them as with none.
 */

const CORPUS = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'prom-corpus');
const TEXT = 'text/plain; version=0.0.4';

/** Three parses with one table (the second and third find what the first kept), each equal to a parse without. */
function sameWithHeads(body: string | Uint8Array, contentType = TEXT): { heads: SeriesHeads; results: ParseResult[] } {
  const plain = parseExposition(body, { contentType });
  const heads = new SeriesHeads();
  const results: ParseResult[] = [];
  for (let i = 0; i < 3; i++) {
    const r = parseExposition(body, { contentType, heads });
    assert.deepStrictEqual(r, plain);
    results.push(r);
  }
  return { heads, results };
}

describe('series heads kept across scrapes', () => {
  it('every text case of the official corpus parses the same with a table that has seen it', () => {
    const cases = (JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected.json'), 'utf8')) as { cases: { file: string; format: string }[] }).cases;
    let kept = 0;
    let checked = 0;
    for (const c of cases.filter((x) => x.format === 'prometheus-text-0.0.4')) {
      const { heads } = sameWithHeads(fs.readFileSync(path.join(CORPUS, c.file)), 'text/plain; version=0.0.4; charset=utf-8');
      kept += heads.size;
      checked++;
    }
    assert.ok(checked > 50, `${checked} text cases`);
    assert.ok(kept > 50, `${kept} heads kept over the corpus`);
  });

  it('a second scrape finds its heads: its samples share the labels objects of the third, and keys and labels are as computed', () => {
    const body = ['# TYPE x counter', 'x{a="1",b="two"} 1', 'x{b="1",a="a value longer than thirteen"} 2', 'y 3', 'z{} 4', ''].join('\n');
    const { heads, results } = sameWithHeads(body);
    assert.equal(heads.size, 3, 'the three lines with braces');
    const [, second, third] = results;
    for (const i of [0, 1, 3]) assert.equal(second.samples[i].labels, third.samples[i].labels, `sample ${i} reuses its labels`);
    // A line without braces is read each time (nothing to save).
    assert.notEqual(second.samples[2].labels, third.samples[2].labels);
    for (const s of third.samples) {
      assert.equal(sampleKey(s), seriesKey(s.name, s.labels));
      assert.equal(sampleLabel(s), seriesLabel(s.name, s.labels));
    }
  });

  it('values, timestamps and line numbers come from the scrape being read, not from the one that kept the head', () => {
    const heads = new SeriesHeads();
    const first = 'a{x="1"} 1\nb{y="2"} 2 1000\n';
    parseExposition(first, { contentType: TEXT, heads });
    // New lines before, other values, a timestamp added, one dropped; a finding on a known head's line.
    const next = '# HELP a help\nnew{z="3"} 9\nb{y="2"} 7\na{x="1"} 5 2000\na{x="1"} 6  \n';
    assert.deepStrictEqual(parseExposition(next, { contentType: TEXT, heads }), parseExposition(next, { contentType: TEXT }));
    const r = parseExposition(next, { contentType: TEXT, heads });
    assert.deepStrictEqual(
      r.samples.map((s) => [s.name, s.value, s.timestampMs, s.line]),
      [
        ['new', 9, undefined, 2],
        ['b', 7, undefined, 3],
        ['a', 5, 2000, 4],
        ['a', 6, undefined, 5],
      ],
    );
    assert.deepStrictEqual(
      r.warnings.map((w) => [w.rule, w.line]),
      [['text/trailing-space', 5]],
    );
  });

  it('a head whose reading reported something is read again each time, so its finding is reported each time', () => {
    const body = [
      'esc{p="a\\tb"} 1', // an unknown escape
      'dup{a="1",a="2"} 2', // a duplicate label
      'trail{a="1",} 3', // a trailing comma (fine in text) then fine
      'nl{v="x', // a raw line feed in a value
      'y"} 4',
      'brace{v="}"} 5', // a `}` inside the value: the head still ends at the line's last `}`
      'brace2{v="} 6"} 6', // a `}` that is not the head's end
      '"quoted.name"{a="1"} 7', // quoted names set a note for the whole parse
      '{"inside.name",a="1"} 8',
      'late{a="1"} 9 }', // a head that ends before the line's last `}` (the line is then an error)
      '',
    ].join('\n');
    const { heads, results } = sameWithHeads(body, 'text/plain; version=1.0.0');
    const rules = (r: ParseResult): string[] => r.warnings.map((w) => `${w.rule}@${w.line ?? ''}`);
    assert.deepStrictEqual(rules(results[2]), rules(results[0]));
    assert.ok(rules(results[2]).some((w) => w.startsWith('text/label-escape@1')), rules(results[2]).join(' '));
    assert.ok(rules(results[2]).some((w) => w.startsWith('label-duplicate@2')), rules(results[2]).join(' '));
    assert.ok(rules(results[2]).some((w) => w.startsWith('text/label-newline@4')), rules(results[2]).join(' '));
    // Kept: trail, brace, brace2 (clean, ending at the line's last `}`); not: the others.
    assert.equal(heads.size, 3);
    const legacy = sameWithHeads('"quoted.name"{a="1"} 7\n{"inside.name",a="1"} 8\n', TEXT).results[2];
    assert.ok(legacy.warnings.some((w) => w.rule === 'utf8-names'), 'the note on quoted names in a 0.0.4 response stays');
  });

  it('bytes that are not UTF-8 are reported on every scrape, though the same text was read cleanly before', () => {
    const heads = new SeriesHeads();
    // U+FFFD written as valid UTF-8 first: clean, kept.
    parseExposition(Buffer.from('m{v="a\uFFFDb"} 1\n', 'utf8'), { contentType: TEXT, heads });
    assert.equal(heads.size, 1);
    // Then an invalid byte, which decodes to the same text.
    const bad = Buffer.concat([Buffer.from('m{v="a'), Buffer.from([0xff]), Buffer.from('b"} 1\n')]);
    const r = parseExposition(bad, { contentType: TEXT, heads });
    assert.deepStrictEqual(r, parseExposition(bad, { contentType: TEXT }));
    assert.ok(r.warnings.some((w) => w.rule === 'label-utf8'), JSON.stringify(r.warnings));
  });

  it('the table does not grow with series that come and go, nor past its cap', () => {
    const heads = new SeriesHeads();
    for (let scrape = 0; scrape < 20; scrape++) {
      const lines = ['stable{a="1"} 1'];
      for (let i = 0; i < 500; i++) lines.push(`req{id="${scrape}-${i}"} 1`);
      parseExposition(lines.join('\n') + '\n', { contentType: TEXT, heads });
      assert.ok(heads.size <= 2 * 501 + 1000 + 501, `scrape ${scrape}: ${heads.size} heads`);
    }
    const big = new SeriesHeads();
    const lines: string[] = [];
    for (let i = 0; i < MAX_SERIES_HEADS + 10; i++) lines.push(`s{i="${i}"} 1`);
    const body = lines.join('\n') + '\n';
    assert.deepStrictEqual(parseExposition(body, { contentType: TEXT, heads: big }).samples.length, MAX_SERIES_HEADS + 10);
    assert.equal(big.size, MAX_SERIES_HEADS);
  });

  it('OpenMetrics bodies are read as before (the table is for the text format)', () => {
    const body = '# TYPE a counter\na_total{x="1"} 1\n# EOF\n';
    const { heads } = sameWithHeads(body, 'application/openmetrics-text; version=1.0.0');
    assert.equal(heads.size, 0);
  });
});
