/**
 * Number tokens of the exposition formats. JavaScript's Number() is far too liberal here
 * (`Number('0x1') === 1`, `Number('') === 0`), so every token is checked against the grammar first:
 * decimal or scientific floats plus Inf/Infinity/NaN in any case - what Go's ParseFloat takes once
 * Prometheus has refused hex and `_` (docs/prometheus.md section 1), and the OpenMetrics ABNF.
 * The decimal grammar is scanned by hand in linear time (format/decimal.ts).
 */
import { isDecimalToken, isIntegerText } from '../../format/decimal';

const INF = /^([+-]?)inf(?:inity)?$/i;
// Go's ParseFloat takes no sign on NaN; neither do we.
const NAN = /^nan$/i;

export interface FloatToken {
  readonly value: number;
  /** A finite decimal too large for float64: Go's ParseFloat fails (ErrRange), Python gives inf. */
  readonly outOfRange: boolean;
}

/** Undefined when `token` is not a number in the exposition grammar. */
export function parseFloatToken(token: string): FloatToken | undefined {
  if (isDecimalToken(token)) {
    const value = Number(token);
    return { value, outOfRange: !Number.isFinite(value) };
  }
  const inf = INF.exec(token);
  if (inf) return { value: inf[1] === '-' ? -Infinity : Infinity, outOfRange: false };
  if (NAN.test(token)) return { value: NaN, outOfRange: false };
  return undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export type TextTimestamp =
  | { readonly ok: true; readonly ms: number; readonly signed: boolean }
  | { readonly ok: false; readonly reason: string };

/** A text-format timestamp: integer milliseconds that fit int64 (expfmt uses ParseInt). */
export function parseTextTimestamp(token: string): TextTimestamp {
  if (!isIntegerText(token)) return { ok: false, reason: `expected integer as timestamp, got "${token}"` };
  const n = BigInt(token);
  if (n < INT64_MIN || n > INT64_MAX) return { ok: false, reason: `timestamp ${token} is out of the int64 range` };
  return { ok: true, ms: Number(n), signed: token[0] === '-' || token[0] === '+' };
}

const MS_LIMIT = 2 ** 63;

/**
 * An OpenMetrics timestamp (float seconds) as integer milliseconds, truncated as Prometheus does
 * (`int64(ts * 1000)`). Undefined when the result does not fit int64.
 */
export function secondsToMs(seconds: number): number | undefined {
  const ms = Math.trunc(seconds * 1000);
  // Math.trunc(-0.5) is -0; a timestamp has no sign of zero.
  return Math.abs(ms) >= MS_LIMIT ? undefined : ms === 0 ? 0 : ms;
}

/** What `float(token)` in Python / ParseFloat in Go would give for a label value, or undefined. */
export function parseLabelFloat(text: string): number | undefined {
  return parseFloatToken(text)?.value;
}
