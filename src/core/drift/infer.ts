import type { ColumnType } from '../../shared/report';
import { allDates } from './datetime';
import { allDistinct, nonMissingCount, type PreparedDictionary, type PreparedNumeric, type PreparedSide } from './prepare';

/** Evidently's INTEGER_CARDINALITY_LIMIT: integers with at most this many distinct values are categorical. */
export const INTEGER_CARDINALITY_LIMIT = 10;

const BOOLEAN_TEXT = new Set(['True', 'False', 'true', 'false', 'TRUE', 'FALSE']);

export interface InferredType {
  readonly type: ColumnType;
  /** Why, in words: "integer with 3 distinct values (<= 10)". */
  readonly why: string;
}

/**
 * Types a column the way Evidently 0.7's new API does (core/datasets.py::infer_column_type, on
 * the CURRENT file), except for this project's documented departures: dates are datetime,
 * integer-valued columns stay integer with blanks, id-like columns are id, empty columns are
 * reported instead of aborting.
 */
export function inferColumnType(ref: PreparedSide, cur: PreparedSide): InferredType {
  const nRef = nonMissingCount(ref);
  const nCur = nonMissingCount(cur);
  if (nRef === 0 || nCur === 0) {
    const where = nRef === 0 && nCur === 0 ? 'both files' : nRef === 0 ? 'reference' : 'current';
    return { type: 'empty', why: `no values in ${where}` };
  }
  const allDistinctBoth = (n: number) => n > INTEGER_CARDINALITY_LIMIT && allDistinct(ref) && allDistinct(cur);

  if (cur.storage === 'numeric') {
    if (!cur.integer) return { type: 'numerical', why: 'decimal numbers' };
    if (cur.distinct <= INTEGER_CARDINALITY_LIMIT) {
      return {
        type: 'categorical',
        why: `integers, ${cur.distinct} distinct values <= ${INTEGER_CARDINALITY_LIMIT}`,
      };
    }
    if (allDistinctBoth(nCur) && ref.storage === 'numeric') {
      if (idName(cur.name)) return { type: 'id', why: 'every value is distinct in both files and the name says id' };
      if (isRun(ref) && isRun(cur)) {
        return { type: 'id', why: 'every value is distinct in both files and the integers run in steps of 1' };
      }
    }
    return { type: 'numerical', why: `integers, ${cur.distinct} distinct values > ${INTEGER_CARDINALITY_LIMIT}` };
  }

  const { dictionary, logical } = cur;
  if (logical === 'boolean' || dictionary.every((d, i) => cur.counts[i] === 0 || BOOLEAN_TEXT.has(d))) {
    return { type: 'categorical', why: 'true/false values' };
  }
  if (logical === 'datetime' || allDates(dictionary, cur.counts)) {
    return { type: 'datetime', why: 'dates or timestamps' };
  }
  if (cur.distinct > 0.5 * nCur) {
    if (allDistinctBoth(nCur) && ref.storage === 'dictionary') {
      if (idName(cur.name)) return { type: 'id', why: 'every value is distinct in both files and the name says id' };
      if (identifierShaped(ref, cur)) {
        return { type: 'id', why: 'every value is distinct in both files and looks like an identifier' };
      }
    }
    return { type: 'text', why: `${cur.distinct} distinct of ${nCur} values > 50%` };
  }
  return { type: 'categorical', why: `text values, ${cur.distinct} distinct of ${nCur} <= 50%` };
}

// The id rule (docs/drift-methods.md, "Id columns"): all values distinct is not enough, since
// populations, prices and amounts are often all distinct; the name or the values must say id too.

const ID_WORDS = new Set(['id', 'uuid', 'guid', 'key', 'index']);

/** `id`, `user_id`, `orderId`, `Row Index`: a whole word of the name (camelCase splits words). */
export function idName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/);
  return words.some((w) => ID_WORDS.has(w.toLowerCase()));
}

/** Sorted integers that step by exactly 1 (a row counter). */
function isRun(side: PreparedNumeric): boolean {
  const s = side.finite.sorted;
  for (let i = 1; i < s.length; i++) if (s[i] - s[i - 1] !== 1) return false;
  return true;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONG_HEX = /^[0-9a-f]{16,}$/i;

/** UUIDs, long hex strings, or codes without spaces that all have one length, in both files. */
function identifierShaped(ref: PreparedDictionary, cur: PreparedDictionary): boolean {
  const values = [...presentValues(ref), ...presentValues(cur)];
  if (values.every((v) => UUID.test(v)) || values.every((v) => LONG_HEX.test(v))) return true;
  const length = values[0].length;
  return values.every((v) => v.length === length && !/\s/.test(v));
}

function presentValues(side: PreparedDictionary): string[] {
  return side.dictionary.filter((_, i) => side.counts[i] > 0);
}
