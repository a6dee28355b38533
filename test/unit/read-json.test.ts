import { strict as assert } from 'assert';
import { readDatasetFile } from '../../src/core/read/index';
import { readJsonArray, readJsonLines } from '../../src/core/read/json';
import { dictionary, fixture, nums, numeric, rejectsWith, texts, VEGA } from './read-helpers';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('read: JSON', () => {
  describe('JSON Lines', () => {
    it('reads every kind of value into columns, keys in first-seen order', async () => {
      const d = await readDatasetFile(fixture('records.jsonl'));
      assert.equal(d.format, 'jsonl');
      assert.equal(d.rows, 4);
      assert.deepEqual(d.columns.map((c) => c.name), ['id', 'name', 'score', 'ok', 'tags', 'extra', 'meta', 'mixed']);
      assert.deepEqual(nums(d, 'id'), [1, 2, 3, 4]);
      assert.equal(numeric(d, 'id').integer, true);
      // "NA" is a missing token; an absent key is missing.
      assert.deepEqual(texts(d, 'name'), ['a', null, null, 'd']);
      assert.deepEqual(nums(d, 'score'), [1.5, 2, null, 4.25]);
      assert.equal(numeric(d, 'score').integer, false);
      assert.deepEqual(texts(d, 'ok'), ['True', 'False', null, 'True']);
      assert.equal(dictionary(d, 'ok').logical, 'boolean');
      assert.deepEqual(texts(d, 'tags'), ['["x","y"]', '[]', null, null]);
      assert.equal(dictionary(d, 'tags').logical, undefined);
      assert.deepEqual(nums(d, 'extra'), [null, null, null, null]);
      assert.deepEqual(texts(d, 'meta'), [null, '{"k":1}', null, '{"k":2}']);
      // Numbers mixed with strings: text, the numbers as written.
      assert.deepEqual(texts(d, 'mixed'), [null, null, '7', 'seven']);
      assert.deepEqual(d.warnings, ['skipped 1 blank line']);
    });

    it('reads .ndjson the same way', async () => {
      const d = await readJsonLines(utf8('{"a":1}\n{"a":2}'), 'x.ndjson');
      assert.deepEqual(nums(d, 'a'), [1, 2]);
      assert.deepEqual(d.warnings, []);
    });

    it('calls a column integer when every number is a whole number (1.0 included, as pandas does)', async () => {
      const d = await readJsonLines(utf8('{"a":1.0,"b":1}\n{"a":2.0,"b":2.5}\n'), 'x.jsonl');
      assert.equal(numeric(d, 'a').integer, true);
      assert.equal(numeric(d, 'b').integer, false);
    });

    it('keeps a number column numeric when its other values are missing tokens', async () => {
      const d = await readJsonLines(utf8('{"a":1}\n{"a":"NA"}\n{"a":""}\n{"a":null}\n'), 'x.jsonl');
      assert.deepEqual(nums(d, 'a'), [1, null, null, null]);
    });

    it('keeps booleans mixed with text as text', async () => {
      const d = await readJsonLines(utf8('{"a":true}\n{"a":"maybe"}\n'), 'x.jsonl');
      assert.deepEqual(texts(d, 'a'), ['True', 'maybe']);
      assert.equal(dictionary(d, 'a').logical, undefined);
    });

    it('reports progress and honours abort', async () => {
      const lines: string[] = [];
      for (let i = 0; i < 100000; i++) lines.push(JSON.stringify({ i, s: `v${i % 10}` }));
      const bytes = utf8(lines.join('\n'));
      const calls: number[] = [];
      const d = await readJsonLines(bytes, 'big.jsonl', { onProgress: (done, total) => {
        assert.equal(total, bytes.length);
        calls.push(done);
      } });
      assert.equal(d.rows, 100000);
      assert.ok(calls.length >= 3);
      assert.equal(calls[calls.length - 1], bytes.length);

      const controller = new AbortController();
      await assert.rejects(
        readJsonLines(bytes, 'big.jsonl', { signal: controller.signal, onProgress: () => controller.abort() }),
        { name: 'AbortError' },
      );
    });
  });

  describe('JSON array of records', () => {
    it('reads a pretty-printed array', async () => {
      const d = await readDatasetFile(fixture('records.json'));
      assert.equal(d.format, 'json');
      assert.deepEqual(d.columns.map((c) => c.name), ['id', 'v', 's', 'b']);
      assert.deepEqual(nums(d, 'v'), [1, 2, 3]);
      assert.equal(numeric(d, 'v').integer, true);
      assert.deepEqual(texts(d, 's'), ['a', null, null]);
      assert.deepEqual(texts(d, 'b'), [null, null, 'False']);
      assert.equal(dictionary(d, 'b').logical, 'boolean');
    });

    it('reads cars.json (numbers with nulls, text)', async () => {
      const d = await readDatasetFile(`${VEGA}/cars.json`);
      assert.equal(d.rows, 406);
      assert.equal(numeric(d, 'Cylinders').integer, true);
      assert.equal(nums(d, 'Miles_per_Gallon').filter((v) => v === null).length, 8);
      assert.deepEqual(dictionary(d, 'Origin').dictionary, ['USA', 'Europe', 'Japan']);
    });

    it('reads a one-line array of 200k records in linear time', async () => {
      const started = Date.now();
      const d = await readDatasetFile(`${VEGA}/flights-200k.json`);
      assert.equal(d.rows, 200000);
      assert.deepEqual(d.columns.map((c) => c.name), ['delay', 'distance', 'time']);
      // Was 15 s when every record rescanned the rest of the line for line breaks.
      assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
    });

    it('reads a .json file of one object per line as JSON Lines', async () => {
      const d = await readDatasetFile(fixture('single-object.json'));
      assert.equal(d.rows, 2);
      assert.deepEqual(nums(d, 'v'), [2, 3]);
    });

    it('handles strings holding brackets, quotes and escapes', async () => {
      const d = await readJsonArray(utf8('[{"s":"a]b}c\\"d\\\\"},{"s":"[{"}]'), 'x.json');
      assert.deepEqual(texts(d, 's'), ['a]b}c"d\\', '[{']);
    });
  });

  describe('bad input', () => {
    it('an invalid line names its number', async () => {
      await rejectsWith(readDatasetFile(fixture('bad-line.jsonl')), {
        message: /bad-line\.jsonl, line 4: this line is not valid JSON: Unexpected token/,
        line: 4,
      });
    });

    it('a value that is not an object', async () => {
      await rejectsWith(readDatasetFile(fixture('not-object.jsonl')), {
        message: /line 2: this is a JSON array, not a record \(a JSON object\)/,
        line: 2,
      });
      await rejectsWith(readDatasetFile(fixture('scalars.json')), { message: /this is a number, not a record/, line: 1 });
      await rejectsWith(readJsonLines(utf8('{"a":1}\nnull\n'), 'x.jsonl'), { message: /this is null, not a record/, line: 2 });
      await rejectsWith(readJsonLines(utf8('"text"\n'), 'x.jsonl'), { message: /this is a string/, line: 1 });
    });

    it('an invalid element of an array names its line', async () => {
      await rejectsWith(readDatasetFile(fixture('bad-element.json')), { message: /this is not valid JSON/, line: 4 });
    });

    it('a JSON object that is not records', async () => {
      await rejectsWith(readDatasetFile(fixture('pretty-object.json')), {
        message: /neither a JSON array of records nor JSON Lines/,
        line: 1,
      });
    });

    it('an array that never closes, or text after it', async () => {
      await rejectsWith(readDatasetFile(fixture('unclosed-array.json')), { message: /never closed/, line: 4 });
      await rejectsWith(readJsonArray(utf8('[{"a":1}, {"a":2\n'), 'x.json'), { message: /this record is never closed/, line: 1 });
      await rejectsWith(readJsonArray(utf8('[{"a":1}]\n[{"a":2}]\n'), 'x.json'), { message: /more text after the JSON array/, line: 2 });
      await rejectsWith(readJsonArray(utf8('[{"a":1} {"a":2}]'), 'x.json'), { message: /expected , or \]/, line: 1 });
      await rejectsWith(readJsonArray(utf8('name,value\n'), 'x.json'), { message: /not a JSON array of records/, line: 1 });
    });

    it('empty input and no records', async () => {
      await rejectsWith(readJsonLines(utf8(''), 'x.jsonl'), { message: /the file is empty/ });
      await rejectsWith(readJsonLines(utf8('\n\n'), 'x.jsonl'), { message: /the file is empty/ });
      await rejectsWith(readJsonArray(utf8('[]'), 'x.json'), { message: /no records/ });
    });

    it('binary or non-UTF-8 input', async () => {
      await rejectsWith(readJsonLines(Uint8Array.from([...utf8('{"a":"caf'), 0xe9, ...utf8('"}\n')]), 'x.jsonl'), {
        message: /not UTF-8 text: invalid byte 0xE9/,
        line: 1,
      });
      await rejectsWith(readJsonLines(Uint8Array.from([0x1f, 0x8b, 8, 0]), 'x.jsonl.gz.jsonl'), { message: /gzip/ });
    });
  });
});
