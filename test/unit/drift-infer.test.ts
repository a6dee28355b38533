import { strict as assert } from 'assert';
import { inferColumnType } from '../../src/core/drift/infer';
import { isDateText } from '../../src/core/drift/datetime';
import { prepareSide } from '../../src/core/drift/prepare';
import type { Column } from '../../src/core/read/dataset';
import { readFileSync } from 'fs';
import * as path from 'path';
import { dictCol, numCol } from './helpers/columns';
import { VEGA } from './read-helpers';

const typeOf = (ref: Column, cur: Column) => inferColumnType(prepareSide(ref), prepareSide(cur)).type;
const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('column typing (Evidently 0.7 new API, on the current file)', () => {
  it('decimal numbers are numerical, even with only 2 distinct values', () => {
    assert.equal(typeOf(numCol('x', [0.5, 1.5, 0.5], false), numCol('x', [0.5, 1.5], false)), 'numerical');
  });

  it('integers with at most 10 distinct values are categorical, 11 are numerical', () => {
    const ten = range(40, (i) => i % 10);
    const eleven = range(40, (i) => i % 11);
    assert.equal(typeOf(numCol('x', ten), numCol('x', ten)), 'categorical');
    assert.equal(typeOf(numCol('x', eleven), numCol('x', eleven)), 'numerical');
  });

  it('types from the current file, not the reference', () => {
    const many = range(40, (i) => i % 20);
    const few = range(40, (i) => i % 3);
    assert.equal(typeOf(numCol('x', many), numCol('x', few)), 'categorical');
    assert.equal(typeOf(numCol('x', few), numCol('x', many)), 'numerical');
  });

  it('departure: integers stay integers with blanks (pandas would make them float, hence numerical)', () => {
    assert.equal(typeOf(numCol('x', [1, 2, null, 3]), numCol('x', [1, null, 2, 2])), 'categorical');
  });

  it('strings: text when distinct > 50% of non-null values, else categorical', () => {
    const cat = range(20, (i) => ['a b', 'c d'][i % 2]);
    assert.equal(typeOf(dictCol('s', cat), dictCol('s', cat)), 'categorical');
    const words = range(20, (i) => `word ${i % 11}`); // 11 distinct of 20 > 50%
    assert.equal(typeOf(dictCol('s', words), dictCol('s', words)), 'text');
    const half = range(20, (i) => `word ${i % 10}`); // exactly 50% is not more than half
    assert.equal(typeOf(dictCol('s', half), dictCol('s', half)), 'categorical');
  });

  it('booleans are categorical', () => {
    assert.equal(typeOf(dictCol('b', ['True', 'False']), dictCol('b', ['True', 'False'])), 'categorical');
  });

  it('departure: ISO dates are datetime, not text', () => {
    const d = range(30, (i) => `2024-01-${String(i + 1).padStart(2, '0')}`);
    assert.equal(typeOf(dictCol('d', d), dictCol('d', d)), 'datetime');
    // The plain shapes are read without the regular expression: same answers, calendar included.
    assert.ok(isDateText('2024-02-29 23:59:60'));
    assert.ok(isDateText('2000/02/29T00:00'));
    assert.ok(!isDateText('2023-02-29'));
    assert.ok(!isDateText('1900-02-29'));
    assert.ok(!isDateText('0000-02-29')); // Date.UTC reads years 0-99 as 1900-1999
    assert.ok(!isDateText('2024-04-31 10:00'));
    assert.ok(!isDateText('2024-03-01 24:00:00'));
    assert.ok(!isDateText('2024-03-01 12:60'));
    assert.ok(isDateText('2024-03-01T12:30:00Z'));
    assert.ok(isDateText('2024-03-01 12:30:00.123+02:00'));
    assert.ok(isDateText('01 Mar 2024'));
    assert.ok(!isDateText('2024-02-30'));
    assert.ok(!isDateText('03/01/2024'), 'day-month order is ambiguous');
  });

  it('departure: id columns (all distinct in both files, plus an id-like name, a run or identifier-shaped strings) are id', () => {
    assert.equal(typeOf(numCol('id', range(50, (i) => i * 7)), numCol('id', range(50, (i) => 1000 + i * 3))), 'id', 'name');
    assert.equal(typeOf(numCol('user_id', range(50, (i) => i * 7)), numCol('user_id', range(50, (i) => 1 + i * 7))), 'id');
    assert.equal(typeOf(numCol('orderId', range(50, (i) => i * 7)), numCol('orderId', range(50, (i) => 1 + i * 7))), 'id');
    assert.equal(typeOf(numCol('Row Index', range(50, (i) => i * 7)), numCol('Row Index', range(50, (i) => 1 + i * 7))), 'id');
    assert.equal(typeOf(numCol('n', range(50, (i) => i)), numCol('n', range(50, (i) => 100 + i))), 'id', 'a run of integers');
    const code = (p: string) => (i: number) => `${p}${String(i).padStart(4, '0')}`;
    assert.equal(typeOf(dictCol('u', range(50, code('u'))), dictCol('u', range(50, code('v')))), 'id', 'codes of one length');
    const uuid = (i: number) => `${(0x1000_0000 + i * 7919).toString(16)}-0000-4000-8000-${String(i).padStart(12, '0')}`;
    assert.equal(typeOf(dictCol('ref', range(50, uuid)), dictCol('ref', range(50, (i) => uuid(i + 50)))), 'id', 'UUIDs');
    // Distinct in current but repeated in reference: an ordinary numerical column.
    assert.equal(typeOf(numCol('id', range(50, (i) => i % 25)), numCol('id', range(50, (i) => i))), 'numerical');
  });

  it('departure, narrowed: all distinct is not enough (populations, amounts and free words are measurements)', () => {
    // Gaps between values, a name that only contains "id" inside a word: numerical.
    assert.equal(typeOf(numCol('pop', range(50, (i) => 1000 + i * i)), numCol('pop', range(50, (i) => 7 + i * i))), 'numerical');
    assert.equal(typeOf(numCol('width', range(50, (i) => i * 3)), numCol('width', range(50, (i) => 1 + i * 3))), 'numerical');
    // Codes of different lengths and no id-like name: text.
    assert.equal(typeOf(dictCol('u', range(50, (i) => `u${i}`)), dictCol('u', range(50, (i) => `v${i}`))), 'text');
  });

  it('gapminder (vega-datasets): pop, all distinct in both halves, is numerical and tested', () => {
    const rows: Array<{ year: number; pop: number }> = JSON.parse(readFileSync(path.join(VEGA, 'gapminder.json'), 'utf8'));
    const pop = (keep: (year: number) => boolean) => numCol('pop', rows.filter((r) => keep(r.year)).map((r) => r.pop));
    assert.equal(typeOf(pop((y) => y <= 1980), pop((y) => y > 1980)), 'numerical');
  });

  it('departure: an all-missing column is empty instead of aborting', () => {
    assert.equal(typeOf(numCol('e', [1, 2, 3]), numCol('e', [null, null])), 'empty');
    assert.equal(typeOf(dictCol('e', [null]), dictCol('e', ['a'])), 'empty');
    // +-inf counts as missing, as Evidently drops it before testing.
    assert.equal(typeOf(numCol('e', [Infinity, -Infinity], false), numCol('e', [1.5], false)), 'empty');
  });
});
