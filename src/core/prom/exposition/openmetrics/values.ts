import type { IssueLog } from '../issues';
import { parseFloatToken } from '../numbers';
import type { OpenMetricsParse } from './state';

/** A float token for a value or timestamp; `what` names it in messages. */
export function readNumber(p: OpenMetricsParse, line: number, what: string): number {
  const log: IssueLog = p.log; // typed: its never-returning syntax() narrows
  const token = p.c.readToken();
  const n = parseFloatToken(token);
  if (n === undefined) log.syntax(line, `invalid ${what} "${token}"`);
  if (n.outOfRange) log.report('om/value-range', line, `${what} ${token} is out of the float64 range`);
  return n.value;
}

/** Timestamp in seconds, undefined (reported) when not finite. */
export function readTimestamp(p: OpenMetricsParse, line: number, what: string): number | undefined {
  const seconds = readNumber(p, line, what);
  if (Number.isFinite(seconds)) return seconds;
  p.log.report('om/timestamp-nonfinite', line, `invalid ${what} ${seconds} (must be finite)`);
  return undefined;
}
