import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { readCsv } from '../../src/core/read/csv/reader';
import { readDatasetFile } from '../../src/core/read/index';
import { finishTextColumn, isIntegerToken, parseNumberToken } from '../../src/core/read/numbers';
import { sniffDelimiter } from '../../src/core/read/csv/sniff';
import { dictionary, fixture, nums, numeric, rejectsWith, texts, VEGA } from './read-helpers';

const utf8 = (s: string) => new TextEncoder().encode(s);
const csv = (s: string, source = 'test.csv') => readCsv(utf8(s), source);

describe('read: CSV', () => {
  describe('number tokens', () => {
    it('reads decimals, exponents and inf the way pandas does', () => {
      for (const [token, value] of [
        ['007', 7], ['-12', -12], ['+5', 5], ['.5', 0.5], ['1.', 1], ['1e3', 1000], ['-2.5E-2', -0.025],
        [' 7 ', 7], ['inf', Infinity], ['-inf', -Infinity], ['+inf', Infinity], ['Infinity', Infinity],
        ['-Infinity', -Infinity], ['INF', Infinity], ['-iNf', -Infinity],
      ] as const) {
        assert.equal(parseNumberToken(token), value, token);
      }
    });

    it('leaves hex, digit separators, decimal commas and junk as text', () => {
      for (const token of ['0x10', '1_000', '1,5', '5d', '1e', 'e5', '.', '-', '', 'NaN', 'nan', '1.2.3', '--1', 'infinite']) {
        assert.equal(parseNumberToken(token), undefined, token);
      }
    });

    it('calls only plain digit runs integers', () => {
      assert.ok(isIntegerToken('-12') && isIntegerToken('007') && isIntegerToken('+5') && isIntegerToken(' 3 '));
      assert.ok(!isIntegerToken('1.0') && !isIntegerToken('1e3') && !isIntegerToken('inf') && !isIntegerToken('1.'));
    });

    it('types a dictionary column numeric only when every distinct value is a number', () => {
      const codes = Int32Array.from([0, 1, -1, 0]);
      const num = finishTextColumn('x', ['1', '2.5'], codes);
      assert.equal(num.storage, 'numeric');
      if (num.storage === 'numeric') {
        assert.deepEqual(Array.from(num.values), [1, 2.5, NaN, 1]);
        assert.equal(num.integer, false);
      }
      const text = finishTextColumn('x', ['1', 'two'], codes);
      assert.equal(text.storage, 'dictionary');
      assert.equal(text.storage === 'dictionary' && text.codes, codes);
    });
  });

  describe('delimiter sniffing', () => {
    it('finds , ; tab and | from the first lines', () => {
      assert.equal(sniffDelimiter(utf8('a,b,c\n1,2,3\n')), ',');
      assert.equal(sniffDelimiter(utf8('a;b;c\n1,5;2;3\n')), ';');
      assert.equal(sniffDelimiter(utf8('a\tb\n1\t2\n')), '\t');
      assert.equal(sniffDelimiter(utf8('a|b\n1|2\n')), '|');
    });

    it('ignores delimiters inside quotes, even across lines', () => {
      assert.equal(sniffDelimiter(utf8('a;b\n"x,y,z";2\n"p,\nq,r";3\n')), ';');
    });

    it('falls back to a comma for a single column', () => {
      assert.equal(sniffDelimiter(utf8('value\n1\n2\n')), ',');
    });

    it('prefers the delimiter that agrees on every line', () => {
      // Commas appear in some values only; semicolons split every line the same way.
      assert.equal(sniffDelimiter(utf8('name;note\nx;a, b\ny;c\nz;d, e, f\n')), ';');
    });
  });

  describe('reading', () => {
    it('reads seattle-weather.csv with the right types', async () => {
      const d = await readDatasetFile(`${VEGA}/seattle-weather.csv`);
      assert.equal(d.rows, 1461);
      assert.equal(d.format, 'csv');
      assert.deepEqual(d.columns.map((c) => c.name), ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
      assert.deepEqual(d.columns.map((c) => c.storage), ['dictionary', 'numeric', 'numeric', 'numeric', 'numeric', 'dictionary']);
      assert.deepEqual(dictionary(d, 'weather').dictionary, ['drizzle', 'rain', 'sun', 'snow', 'fog']);
      assert.deepEqual(d.warnings, []);
    });

    it('handles a BOM, CRLF and quoted fields with delimiters and newlines', async () => {
      const d = await readDatasetFile(fixture('bom-crlf.csv'));
      assert.deepEqual(d.columns.map((c) => c.name), ['name', 'score', 'joined']);
      assert.deepEqual(texts(d, 'name'), ['Smith, J.', 'two\r\nlines', 'plain']);
      assert.deepEqual(nums(d, 'score'), [12, 7, -3]);
      assert.equal(numeric(d, 'score').integer, true);
      assert.deepEqual(texts(d, 'joined'), ['2024-01-01', '2024-01-02', '2024-01-03']);
    });

    it('reads old Mac line endings (CR only)', async () => {
      const d = await csv('a,b\r1,2\r3,4\r');
      assert.deepEqual(nums(d, 'b'), [2, 4]);
      await rejectsWith(csv('a,b\r1,2\r3,4,5\r'), { message: /3 fields/, line: 3 });
    });

    it('reads quotes the way pandas does', async () => {
      const d = await readDatasetFile(fixture('quoted.csv'));
      assert.deepEqual(texts(d, 'text'), ['has, comma', 'multi\nline', '12" pizza', null]);
      assert.deepEqual(texts(d, 'note'), ['doubled "quotes"', 'ok', `5'11"`, null]);
    });

    it('sniffs semicolons (a decimal comma stays text)', async () => {
      const d = await readDatasetFile(fixture('semicolon.csv'));
      assert.deepEqual(d.columns.map((c) => c.name), ['city', 'temp', 'rain']);
      assert.deepEqual(texts(d, 'temp'), ['1,5', '2,5']);
      assert.deepEqual(nums(d, 'rain'), [0, 3]);
    });

    it('sniffs pipes in a .txt file', async () => {
      const d = await readDatasetFile(fixture('pipe.txt'));
      assert.equal(d.format, 'csv');
      assert.deepEqual(nums(d, 'c'), [2.5, 3.5]);
    });

    it('reads .tsv with tabs, whatever the other characters', async () => {
      const d = await readDatasetFile(fixture('tabs.tsv'));
      assert.equal(d.format, 'tsv');
      assert.deepEqual(texts(d, 'b'), ['hello, world', 'bye; now']);
    });

    it('uses a delimiter it is given', async () => {
      const d = await readCsv(utf8('a;b,c\n1;2,3\n'), 'x.csv', { delimiter: ';' });
      assert.deepEqual(d.columns.map((c) => c.name), ['a', 'b,c']);
      await assert.rejects(readCsv(utf8('a\n1\n'), 'x.csv', { delimiter: '::' }), /one character/);
    });

    it('types numbers like pandas: integer, float, inf; hex and 1_000 are text', async () => {
      const d = await readDatasetFile(fixture('numbers.csv'));
      assert.deepEqual(nums(d, 'ints'), [7, -12, 5, 0, 42]);
      assert.equal(numeric(d, 'ints').integer, true);
      assert.deepEqual(nums(d, 'floats'), [0.5, 1, 1000, -0.025, 3]);
      assert.equal(numeric(d, 'floats').integer, false);
      assert.deepEqual(nums(d, 'infs'), [Infinity, -Infinity, Infinity, -Infinity, 1.5]);
      assert.equal(numeric(d, 'infs').infinities, 4);
      assert.equal(numeric(d, 'infs').integer, false);
      assert.deepEqual(texts(d, 'hex'), ['0x10', '0x1F', '12', '13', '14']);
      assert.deepEqual(texts(d, 'under'), ['1_000', '2_000', '3', '4', '5']);
      assert.deepEqual(texts(d, 'junk'), ['5d', '6', '7', '8', '9']);
      assert.deepEqual(nums(d, 'spaced'), [7, 8, 9, 10, 11]);
      assert.equal(numeric(d, 'spaced').integer, true);
      // Every value a missing token: an all-missing column, numeric like pandas' float64.
      assert.deepEqual(nums(d, 'missing'), [null, null, null, null, null]);
      assert.equal(numeric(d, 'missing').integer, false);
    });

    it('reads missing tokens as missing in numeric and text columns', async () => {
      const d = await readDatasetFile(fixture('missing.csv'));
      assert.deepEqual(nums(d, 'a'), [1, null, null, 3]);
      assert.equal(numeric(d, 'a').integer, true);
      assert.deepEqual(nums(d, 'b'), [null, 2, null, null]);
      assert.deepEqual(texts(d, 'c'), ['x', null, null, null]);
      assert.deepEqual(dictionary(d, 'c').dictionary, ['x']);
    });

    it('dictionary-encodes in first-seen order', async () => {
      const d = await csv('k\nb\na\nb\nc\na\n');
      const k = dictionary(d, 'k');
      assert.deepEqual(k.dictionary, ['b', 'a', 'c']);
      assert.ok(k.codes instanceof Int32Array);
      assert.deepEqual(Array.from(k.codes), [0, 1, 0, 2, 1]);
    });

    it('skips blank lines (also lines of spaces) with a warning', async () => {
      const d = await readDatasetFile(fixture('blank-lines.csv'));
      assert.equal(d.rows, 3);
      assert.deepEqual(nums(d, 'a'), [1, 3, 5]);
      assert.deepEqual(d.warnings, ['skipped 3 blank lines']);
      const plain = await csv('a,b\n1,2\n');
      assert.deepEqual(plain.warnings, [], 'the final line break is not a blank line');
    });

    it('reads a single column and a file without a final newline', async () => {
      const d = await readDatasetFile(fixture('one-column.csv'));
      assert.deepEqual(nums(d, 'value'), [1, 2, 3]);
      const e = await csv('a,b\n1,x\n2,y');
      assert.deepEqual(texts(e, 'b'), ['x', 'y']);
    });

    it('names an empty header cell column_N, with a warning', async () => {
      const d = await readDatasetFile(fixture('empty-name.csv'));
      assert.deepEqual(d.columns.map((c) => c.name), ['a', 'column_2', 'c']);
      assert.deepEqual(d.warnings, ["column 2 has no name in the header; it is called 'column_2'"]);
    });

    it('keeps multi-byte characters and line numbers right across 1 MiB chunks', async () => {
      const parts = ['id,text'];
      for (let i = 0; i < 120000; i++) parts.push(i % 1000 === 7 ? `${i},"ünïcødé €\nsecond line"` : `${i},ünïcødé € ${i % 13}`);
      const good = parts.join('\n') + '\n';
      assert.ok(utf8(good).length > 2 * 1024 * 1024);
      const d = await csv(good);
      assert.equal(d.rows, 120000);
      const text = texts(d, 'text');
      assert.equal(text[7], 'ünïcødé €\nsecond line');
      assert.equal(text[119999], `ünïcødé € ${119999 % 13}`);
      // 120 quoted values add a line each, so data row i starts on line i + 2 + (quoted rows before it).
      const bad = good + '120000,x,extra\n';
      await rejectsWith(csv(bad), { message: /this row has 3 fields, the header has 2/, line: 120000 + 2 + 120 });
    });
  });

  describe('progress and abort', () => {
    const big = () => {
      const lines = ['a,b'];
      for (let i = 0; i < 300000; i++) lines.push(`${i},${i % 7}`);
      return utf8(lines.join('\n'));
    };

    it('reports bytes read, ending with the total', async () => {
      const bytes = big();
      const calls: [number, number][] = [];
      await readCsv(bytes, 'big.csv', { onProgress: (done, total) => calls.push([done, total]) });
      assert.ok(calls.length >= 3, `only ${calls.length} progress calls`);
      for (let i = 1; i < calls.length; i++) assert.ok(calls[i][0] > calls[i - 1][0]);
      assert.deepEqual(calls[calls.length - 1], [bytes.length, bytes.length]);
    });

    it('stops with the signal reason when aborted while reading', async () => {
      const controller = new AbortController();
      const reason = new Error('user cancelled');
      let calls = 0;
      const read = readCsv(big(), 'big.csv', {
        signal: controller.signal,
        onProgress: () => {
          if (++calls === 1) controller.abort(reason);
        },
      });
      await assert.rejects(read, (e) => e === reason);
      assert.equal(calls, 1);
    });

    it('throws an AbortError when aborted before it starts', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(readCsv(utf8('a\n1\n'), 'x.csv', { signal: controller.signal }), { name: 'AbortError' });
    });
  });

  describe('bad input', () => {
    it('an empty file', async () => {
      await rejectsWith(readDatasetFile(fixture('empty.csv')), { message: /empty\.csv: the file is empty$/ });
      await rejectsWith(readDatasetFile(fixture('blank.csv')), { message: /the file is empty/ });
      await rejectsWith(csv('\ufeff'), { message: /the file is empty/ });
    });

    it('a header and no rows', async () => {
      await rejectsWith(readDatasetFile(fixture('header-only.csv')), { message: /has a header but no data rows/ });
    });

    it('a row with too many fields names its line', async () => {
      const e = await rejectsWith(readDatasetFile(fixture('ragged.csv')), {
        message: /ragged\.csv, line 7: this row has 5 fields, the header has 4$/,
        line: 7,
      });
      assert.equal(e.source, fixture('ragged.csv'));
    });

    it('a row with too few fields', async () => {
      await rejectsWith(csv('a,b,c\n1,2,3\n4,5\n'), { message: /line 3: this row has 2 fields, the header has 3/, line: 3 });
    });

    it('counts CRLF inside quotes as one line break', async () => {
      await rejectsWith(csv('a,b\r\n"x\r\ny",1\r\n\r\n3,4\r\n5,6,7\r\n'), { message: /3 fields/, line: 6 });
    });

    it('an unclosed quote names the line where it opens', async () => {
      await rejectsWith(readDatasetFile(fixture('unclosed-quote.csv')), {
        message: /line 4: a quoted field is never closed/,
        line: 4,
      });
      await rejectsWith(csv('a,b\n"x\ny",1\n2,"open\n\n3,4\n'), { message: /never closed/, line: 4 });
    });

    it('non-UTF-8 text names the byte and its line', async () => {
      await rejectsWith(readDatasetFile(fixture('latin1.csv')), {
        message: /latin1\.csv, line 3: the file is not UTF-8 text: invalid byte 0xE9/,
        line: 3,
      });
      // A truncated multi-byte sequence at the very end, and an overlong encoding.
      await rejectsWith(readCsv(Uint8Array.from([...utf8('a\nb\n'), 0xc3]), 'x.csv'), { message: /0xC3/, line: 3 });
      await rejectsWith(readCsv(Uint8Array.from([...utf8('a\n'), 0xc0, 0xaf]), 'x.csv'), { message: /0xC0/, line: 2 });
    });

    it('binary files: NUL bytes, Parquet, gzip, ZIP, UTF-16', async () => {
      await rejectsWith(readDatasetFile(fixture('nul.csv')), { message: /NUL byte, so it is binary/, line: 2 });
      await rejectsWith(readDatasetFile(fixture('parquet-inside.csv')), { message: /this is a Parquet file, not CSV text/ });
      await rejectsWith(readDatasetFile(fixture('gzip-inside.csv')), { message: /gzip-compressed/ });
      await rejectsWith(readCsv(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2]), 'x.csv'), { message: /ZIP archive/ });
      await rejectsWith(readCsv(Uint8Array.from([0xff, 0xfe, 0x61, 0]), 'x.csv'), { message: /UTF-16/ });
    });

    it('a duplicate column name', async () => {
      await rejectsWith(readDatasetFile(fixture('duplicate-header.csv')), {
        message: /column 'x' appears twice in the header \(columns 2 and 5\)/,
        line: 1,
      });
      // column_N made up for an empty name can clash with a real one.
      await rejectsWith(csv('column_2,\n1,2\n'), { message: /'column_2' appears twice/, line: 1 });
    });

    it('puts the header line after leading blank lines', async () => {
      await rejectsWith(csv('\n\na,a\n1,2\n'), { message: /appears twice/, line: 3 });
    });

    it('reads bytes that are a view into a larger buffer', async () => {
      const text = readFileSync(`${VEGA}/seattle-weather.csv`);
      const pool = new Uint8Array(text.length + 20).fill(0x41);
      pool.set(text, 7);
      const d = await readCsv(pool.subarray(7, 7 + text.length), 'seattle-weather.csv');
      assert.equal(d.rows, 1461);
      assert.equal(d.columns[0].name, 'date');
    });
  });
});
