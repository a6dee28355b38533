import type { BucketRequest, SourceTimeline } from './grouped';
import type { SourceProfile } from './sourceProfile';

/** What the DuckDB child process (duckdbChild.ts) is asked to profile. */
export type DuckDbRelation =
  | { readonly kind: 'files'; readonly pattern: string; readonly format: 'csv' | 'tsv' | 'parquet' | 'json' | 'jsonl' }
  | { readonly kind: 'table'; readonly database: string; readonly table: string }
  | { readonly kind: 'query'; readonly database?: string; readonly query: string }
  /** Not profiled: the database's tables are listed (the extension's QuickPicks). */
  | { readonly kind: 'list-tables'; readonly database: string };

export interface DuckDbRequest {
  readonly relation: DuckDbRelation;
  /** The source as the user named it (messages). */
  readonly display: string;
  readonly memoryLimitMB: number;
  readonly tempDirectory: string;
  readonly threads?: number;
  /** Missing-value tokens for CSV (the native reader's). */
  readonly nullTokens: readonly string[];
  /** A timeline: the rows are also grouped by this period of the time column (none named: the one date column). */
  /** `--sample`: profile a seeded sample of the rows (grouped.ts SampleRequest). */
  readonly sample?: { readonly rows: number; readonly seed: number };
  readonly bucket?: { readonly column: string | undefined; readonly unit: BucketRequest['unit'] };
}

export type DuckDbReply =
  | { readonly type: 'profile'; readonly profile: SourceProfile }
  | { readonly type: 'timeline'; readonly timeline: SourceTimeline }
  | { readonly type: 'tables'; readonly tables: readonly string[] }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'progress'; readonly column: string };
