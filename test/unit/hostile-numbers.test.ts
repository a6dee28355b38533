import { strict as assert } from 'assert';
import { isDecimalToken } from '../../src/core/format/decimal';
import { parseFloatToken, parseTextTimestamp } from '../../src/core/prom/exposition/numbers';
import { parseExposition } from '../../src/core/prom/exposition/parse';
import { readCsv } from '../../src/core/read/csv/reader';
import { isIntegerToken, parseNumberToken } from '../../src/core/read/numbers';
import { seeded } from './helpers/columns';

// Issue 13, finding 4: number tokens in linear time. The patterns below are the ones the
// scanner replaced; on short tokens they are quick, so they serve as the oracle.
const OLD_READ_DECIMAL = /^[ \t]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[ \t]*$/;
const OLD_READ_INFINITY = /^[ \t]*([+-]?)inf(?:inity)?[ \t]*$/i;
const OLD_READ_INTEGER = /^[ \t]*[+-]?\d+[ \t]*$/;
const OLD_PROM_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function oldParseNumberToken(token: string): number | undefined {
  if (OLD_READ_DECIMAL.test(token)) return Number(token);
  const inf = OLD_READ_INFINITY.exec(token);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

/** CPU microseconds of `f`, the least of `runs` (the least is the least disturbed). */
function cpuMicros(f: () => void, runs = 5): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = process.cpuUsage();
    f();
    const u = process.cpuUsage(t);
    best = Math.min(best, u.user + u.system);
  }
  return Math.max(best, 1);
}

describe('hostile input: number tokens in linear time (issue 13, finding 4)', () => {
  it('accepts and rejects exactly what the old patterns did (200,000 random short tokens)', () => {
    const random = seeded(4);
    const alphabet = '0123456789..+-eE \tixnfINFa';
    for (let n = 0; n < 200_000; n++) {
      const length = Math.floor(random() * 9);
      let t = '';
      for (let i = 0; i < length; i++) t += alphabet[Math.floor(random() * alphabet.length)];
      assert.equal(parseNumberToken(t), oldParseNumberToken(t), `read: ${JSON.stringify(t)}`);
      assert.equal(isIntegerToken(t), OLD_READ_INTEGER.test(t), `integer: ${JSON.stringify(t)}`);
      assert.equal(isDecimalToken(t), OLD_PROM_DECIMAL.test(t), `prom: ${JSON.stringify(t)}`);
    }
    for (const t of ['1', '-1.5e+3', '.5', '5.', '+.5E-2', 'inf', ' -Infinity\t', '1e', '.', '+', 'e5', '1.2.3', '0x10', '1_000', '1,5']) {
      assert.equal(parseNumberToken(t), oldParseNumberToken(t), t);
    }
  });

  it('a 1 MB cell of digits then a letter is text, in linear time (100 KB vs 1 MB scale ~10x, not ~100x)', () => {
    const cell = (n: number) => '7'.repeat(n) + 'x';
    for (const f of [parseNumberToken, (t: string) => parseFloatToken(t)?.value, (t: string) => (isDecimalToken(t) ? 1 : undefined)]) {
      // 2 KB vs 20 KB first: the backtracking pattern fails here in seconds instead of hanging.
      for (const [small, big] of [[cell(2_000), cell(20_000)], [cell(100_000), cell(1_000_000)]]) {
        assert.equal(f(big), undefined);
        const ratio = cpuMicros(() => f(big)) / cpuMicros(() => f(small));
        // Linear is ~10; the backtracking pattern was ~100. Loose on purpose.
        assert.ok(ratio < 40, `${big.length} characters took ${ratio.toFixed(1)}x the time of ${small.length}`);
      }
    }
    assert.equal(isIntegerToken(cell(1_000_000)), false);
    assert.equal(parseTextTimestamp(cell(1_000_000)).ok, false);
  });

  it('a CSV with such a cell and a metrics body of such tokens are read (the cell as text, the sample as an error)', async () => {
    const csv = `a,b\n1,${'9'.repeat(1_000_000)}x\n2,3\n`;
    const d = await readCsv(new TextEncoder().encode(csv), 'long.csv');
    assert.equal(d.columns[1].storage, 'dictionary');
    const body = Array.from({ length: 6 }, (_, i) => `m${i} ${'1'.repeat(1_000_000)}a\n`).join('');
    const r = parseExposition(body, { contentType: 'text/plain; version=0.0.4' });
    assert.equal(r.samples.length, 0);
    assert.ok(r.warnings.length >= 6);
  });
});
