import { strict as assert } from 'assert';
import * as path from 'path';
import type { Column, Dataset, DictionaryColumn, NumericColumn } from '../../src/core/read/dataset';
import { DatasetReadError } from '../../src/core/read/dataset';

export const ROOT = path.join(__dirname, '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'read');
export const VEGA = path.join(ROOT, 'node_modules', 'vega-datasets', 'data');

export const fixture = (name: string): string => path.join(FIXTURES, name);

export function column(d: Dataset, name: string): Column {
  const c = d.columns.find((x) => x.name === name);
  assert.ok(c, `no column '${name}' in ${d.columns.map((x) => x.name).join(', ')}`);
  return c;
}

export function numeric(d: Dataset, name: string): NumericColumn {
  const c = column(d, name);
  assert.equal(c.storage, 'numeric', `column '${name}' should be numeric`);
  return c as NumericColumn;
}

export function dictionary(d: Dataset, name: string): DictionaryColumn {
  const c = column(d, name);
  assert.equal(c.storage, 'dictionary', `column '${name}' should be a dictionary column`);
  return c as DictionaryColumn;
}

/** Numeric values with NaN as null, so deepEqual can compare them. */
export function nums(d: Dataset, name: string): (number | null)[] {
  return Array.from(numeric(d, name).values, (v) => (Number.isNaN(v) ? null : v));
}

/** Dictionary values row by row, missing as null. */
export function texts(d: Dataset, name: string): (string | null)[] {
  const c = dictionary(d, name);
  return Array.from(c.codes, (code) => (code < 0 ? null : c.dictionary[code]));
}

/** Any column row by row as strings or numbers (null for missing). */
export function cells(c: Column): (string | number | null)[] {
  if (c.storage === 'numeric') return Array.from(c.values, (v) => (Number.isNaN(v) ? null : v));
  return Array.from(c.codes, (code) => (code < 0 ? null : c.dictionary[code]));
}

/** Awaits a rejection that must be a DatasetReadError; checks its line and that the message matches. */
export async function rejectsWith(
  promise: Promise<unknown>,
  expected: { message: RegExp; line?: number; source?: string },
): Promise<DatasetReadError> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof DatasetReadError, `expected a DatasetReadError, got ${String(error)}`);
  assert.match(error.message, expected.message);
  assert.equal(error.line, expected.line, `line in: ${error.message}`);
  if (expected.source !== undefined) assert.ok(error.message.startsWith(expected.source), error.message);
  // Messages are shown as they are: no stack frames, no internal codes.
  assert.doesNotMatch(error.message, /\n\s+at |CSV_[A-Z_]+|Error:/);
  return error;
}
