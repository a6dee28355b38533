import { open } from 'node:fs/promises';

/**
 * Limits on what is read (issue 13, findings 5 and 6), far above what real files need, so that an
 * endless stream, a line with no end or a file built to exhaust memory stops with a message
 * naming the limit and the environment variable that raises it, instead of taking the machine.
 * README "Limits and guarantees" lists them.
 */

export interface Limit {
  /** The environment variable that raises it. */
  readonly env: string;
  readonly default: number;
  readonly unit: 'MiB' | 'columns';
  /** What it limits, for messages: "a CSV line or field". */
  readonly what: string;
}

export const LIMITS = {
  line: { env: 'DRIFT_INSPECT_MAX_LINE_MB', default: 64, unit: 'MiB', what: 'a line or field' },
  columns: { env: 'DRIFT_INSPECT_MAX_COLUMNS', default: 100_000, unit: 'columns', what: 'the number of columns' },
  config: { env: 'DRIFT_INSPECT_MAX_CONFIG_MB', default: 1, unit: 'MiB', what: 'a drift.config.json' },
  metricsFile: { env: 'DRIFT_INSPECT_MAX_METRICS_MB', default: 100, unit: 'MiB', what: 'a metrics file' },
  json: { env: 'DRIFT_INSPECT_MAX_JSON_MB', default: 512, unit: 'MiB', what: 'a JSON array file (read whole; JSON Lines are streamed)' },
} as const satisfies Record<string, Limit>;

/** The limit as set: the environment variable when it is a positive number, else the default. */
function setting(limit: Limit): number {
  const raw = process.env[limit.env];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(n) && n > 0 ? n : limit.default;
}

/** The limit's value now, in bytes or columns. */
export function limitValue(limit: Limit): number {
  const value = setting(limit);
  return limit.unit === 'MiB' ? Math.floor(value * 1024 * 1024) : Math.floor(value);
}

/** "more than the limit of 64 MiB for a line or field (set DRIFT_INSPECT_MAX_LINE_MB to raise it)". */
export function overLimit(limit: Limit): string {
  return `more than the limit of ${setting(limit)} ${limit.unit === 'MiB' ? 'MiB' : ''} for ${limit.what} (set ${limit.env} to raise it)`.replace('  ', ' ');
}

/** A small file whose content `path` must be and cannot exceed `limit` (read into memory). */
export class LimitError extends Error {
  override readonly name = 'LimitError';
}

/**
 * Reads a whole file that should be small (a config, a metrics file): only a regular file (a
 * device or pipe has no end), and no more than the limit, even if it grows while read.
 * File-system errors are thrown as they are (with their path); a limit as a LimitError.
 */
export async function readFileLimited(path: string, limit: Limit): Promise<Buffer> {
  const max = limitValue(limit);
  const file = await open(path, 'r');
  try {
    const info = await file.stat();
    if (!info.isFile()) throw new LimitError(`${path}: this is not a regular file (a device or pipe has no end to read to)`);
    if (info.size > max) throw new LimitError(`${path}: the file is ${(info.size / 1048576).toFixed(1)} MiB, ${overLimit(limit)}`);
    const buffer = Buffer.alloc(Math.min(max, info.size) + 1);
    let got = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, got, buffer.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got === buffer.length) throw new LimitError(`${path}: the file grew while read to ${overLimit(limit)}`);
    }
    return buffer.subarray(0, got);
  } finally {
    await file.close();
  }
}
