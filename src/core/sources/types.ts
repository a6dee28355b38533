/**
 * Engine column types mapped to what our typing rules read (src/core/drift/infer.ts and
 * /work/shared/docs/drift-methods.md section 1): integers keep the `integer` flag a CSV column of
 * integer literals or an integer Parquet column gets, floats and decimals are numbers, text is
 * categories, booleans and dates/timestamps are categories marked as such (as the Parquet reader
 * marks them). Anything else (arrays, maps, structs, JSON, binary, intervals) is not tested.
 */
export type MappedType =
  | { readonly kind: 'numeric'; readonly integer: boolean }
  | { readonly kind: 'categories'; readonly logical?: 'boolean' | 'datetime' }
  | { readonly kind: 'unsupported' };

const INTEGER: MappedType = { kind: 'numeric', integer: true };
const FLOAT: MappedType = { kind: 'numeric', integer: false };
const TEXT: MappedType = { kind: 'categories' };
const BOOLEAN: MappedType = { kind: 'categories', logical: 'boolean' };
const DATETIME: MappedType = { kind: 'categories', logical: 'datetime' };
const UNSUPPORTED: MappedType = { kind: 'unsupported' };

/** A DECIMAL/NUMERIC(precision, scale): integer-valued when the scale is 0. */
function decimal(scale: number | undefined): MappedType {
  return scale === 0 ? INTEGER : FLOAT;
}

/** DuckDB's type names as DESCRIBE prints them. */
export function mapDuckDbType(type: string): MappedType {
  const t = type.trim().toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INT[1248]?|LONG|SHORT)$/.test(t)) return INTEGER;
  if (/^(FLOAT|DOUBLE|REAL|FLOAT[48])$/.test(t)) return FLOAT;
  const dec = /^(?:DECIMAL|NUMERIC)(?:\((\d+),\s*(\d+)\))?$/.exec(t);
  if (dec) return decimal(dec[2] === undefined ? 3 : Number(dec[2]));
  if (t === 'VARCHAR' || t === 'UUID' || t.startsWith('ENUM(') || /^VARCHAR\(\d+\)$/.test(t)) return TEXT;
  if (t === 'BOOLEAN') return BOOLEAN;
  if (/^(DATE|TIME|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP WITH TIME ZONE|TIME WITH TIME ZONE|TIMESTAMPTZ|TIMETZ)$/.test(t)) return DATETIME;
  return UNSUPPORTED;
}

/** ClickHouse's type names (Nullable and LowCardinality unwrapped). */
export function mapClickHouseType(type: string): MappedType {
  const t = unwrapClickHouse(type);
  if (/^U?Int(8|16|32|64|128|256)$/.test(t)) return INTEGER;
  if (/^Float(32|64)$/.test(t)) return FLOAT;
  const dec = /^Decimal(?:(32|64|128|256)\((\d+)\)|\((\d+),\s*(\d+)\))$/.exec(t);
  if (dec) return decimal(Number(dec[2] ?? dec[4]));
  if (t === 'String' || /^FixedString\(\d+\)$/.test(t) || /^Enum(8|16)\(/.test(t) || t === 'UUID') return TEXT;
  if (t === 'Bool' || t === 'Boolean') return BOOLEAN;
  if (t === 'Date' || t === 'Date32' || /^DateTime(64)?(\(.*\))?$/.test(t)) return DATETIME;
  return UNSUPPORTED;
}

export function unwrapClickHouse(type: string): string {
  let t = type.trim();
  for (;;) {
    const m = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(t);
    if (!m) return t;
    t = m[1].trim();
  }
}

/** A PostgreSQL type from pg_type: its name, category (typcategory) and the column's typmod. */
export function mapPostgresType(typname: string, category: string, typmod: number): MappedType {
  if (typname === 'int2' || typname === 'int4' || typname === 'int8') return INTEGER;
  if (typname === 'float4' || typname === 'float8') return FLOAT;
  // numeric(p, s): typmod is ((p << 16) | s) + 4; -1 when unconstrained.
  if (typname === 'numeric') return decimal(typmod >= 4 ? (typmod - 4) & 0xffff : undefined);
  if (typname === 'bool') return BOOLEAN;
  if (category === 'S' || category === 'E' || typname === 'uuid') return TEXT;
  if (category === 'D') return DATETIME;
  return UNSUPPORTED;
}

/** "a"."b" quoting (DuckDB, PostgreSQL). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `a` quoting (ClickHouse). */
export function quoteBacktick(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/** A SQL string literal ('' doubling; ClickHouse also needs backslashes doubled). */
export function quoteString(value: string, backslashes = false): string {
  const v = backslashes ? value.replace(/\\/g, '\\\\') : value;
  return `'${v.replace(/'/g, "''")}'`;
}

/** Text of a date/time as the Parquet reader writes it: ISO with a `T`. */
export function isoText(value: string): string {
  return /^\d{4}-\d\d-\d\d \d/.test(value) ? `${value.slice(0, 10)}T${value.slice(11)}` : value;
}

/** Boolean text as pandas prints it. */
export function booleanText(value: string): string {
  const v = value.toLowerCase();
  return v === 'true' || v === 't' || v === '1' ? 'True' : v === 'false' || v === 'f' || v === '0' ? 'False' : value;
}
