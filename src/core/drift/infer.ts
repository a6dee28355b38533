import type { ColumnType } from '../../shared/report';
import { allDates } from './datetime';
import { allDistinct, nonMissingCount, type PreparedSide } from './prepare';

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
  const idLike = (n: number) => n > INTEGER_CARDINALITY_LIMIT && allDistinct(ref) && allDistinct(cur);

  if (cur.storage === 'numeric') {
    if (!cur.integer) return { type: 'numerical', why: 'decimal numbers' };
    if (cur.distinct <= INTEGER_CARDINALITY_LIMIT) {
      return {
        type: 'categorical',
        why: `integers, ${cur.distinct} distinct values <= ${INTEGER_CARDINALITY_LIMIT}`,
      };
    }
    if (idLike(nCur) && ref.storage === 'numeric') {
      return { type: 'id', why: 'every value is distinct in both files (id-like integers)' };
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
    const noSpaces = dictionary.every((d) => !/\s/.test(d));
    if (noSpaces && idLike(nCur)) return { type: 'id', why: 'every value is distinct in both files (id-like)' };
    return { type: 'text', why: `${cur.distinct} distinct of ${nCur} values > 50%` };
  }
  return { type: 'categorical', why: `text values, ${cur.distinct} distinct of ${nCur} <= 50%` };
}
