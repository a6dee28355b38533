import type { Column, Dataset, DictionaryColumn, NumericColumn } from '../../../src/core/read/dataset';

/** A numeric column; null/undefined become missing (NaN). */
export function numCol(name: string, values: ReadonlyArray<number | null>, integer?: boolean): NumericColumn {
  const v = Float64Array.from(values, (x) => (x === null ? NaN : x));
  const finite = Array.from(v).filter((x) => !Number.isNaN(x));
  return {
    name,
    storage: 'numeric',
    values: v,
    integer: integer ?? finite.every((x) => Number.isInteger(x)),
    infinities: finite.filter((x) => !Number.isFinite(x)).length,
  };
}

/** A dictionary column; null becomes missing (-1). */
export function dictCol(name: string, values: ReadonlyArray<string | null>, logical?: 'boolean' | 'datetime'): DictionaryColumn {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(values, (s) => {
    if (s === null) return -1;
    let c = index.get(s);
    if (c === undefined) {
      c = dictionary.length;
      dictionary.push(s);
      index.set(s, c);
    }
    return c;
  });
  return { name, storage: 'dictionary', codes, dictionary, logical };
}

export function dataset(source: string, columns: Column[]): Dataset {
  return { source, format: 'csv', rows: columns[0]?.storage === 'numeric' ? columns[0].values.length : columns[0]?.codes.length ?? 0, columns, warnings: [] };
}

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32), for test data only. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
