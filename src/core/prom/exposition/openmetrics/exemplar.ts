import { describeChar } from '../cursor';
import type { IssueLog } from '../issues';
import { readLabelSet } from '../labelSet';
import type { Exemplar } from '../../model';
import { secondsToMs } from '../numbers';
import { readNumber, readTimestamp } from './values';
import { whitespace, type OpenMetricsParse } from './state';

/** Reads ` # {labels} value [timestamp]` at the end of a sample line (the cursor on the `#`). */
export function readExemplar(p: OpenMetricsParse, line: number): Exemplar {
  const { c } = p;
  const log: IssueLog = p.log; // typed: its never-returning syntax() narrows
  c.next(); // #
  const s1 = c.readBlanks();
  if (c.peek() !== '{') log.syntax(line, `expected "# {" to start an exemplar, found ${describeChar(c.peek())}`);
  if (s1 !== ' ') whitespace(p, line, 'exemplar "#{"');
  const { labels } = readLabelSet(c, log, line, { format: 'om', exemplar: true });
  const s2 = c.readBlanks();
  if (c.atLineEnd()) log.syntax(line, 'expected value after exemplar labels');
  if (s2 !== ' ') whitespace(p, line, 'exemplar value');
  const value = readNumber(p, line, 'exemplar value');
  let seconds: number | undefined;
  const s3 = c.readBlanks();
  if (!c.atLineEnd()) {
    if (s3 !== ' ') whitespace(p, line, 'exemplar timestamp');
    seconds = readTimestamp(p, line, 'exemplar timestamp');
    const s4 = c.readBlanks();
    if (!c.atLineEnd()) log.syntax(line, `unexpected text after the exemplar: "${c.readRestOfLine()}"`);
    if (s4 !== '') whitespace(p, line, 'blanks at the end of the line');
  } else if (s3 !== '') whitespace(p, line, 'blanks at the end of the line');
  const length = Object.entries(labels).reduce((n, [k, v]) => n + [...k].length + [...v].length, 0);
  if (length > 128) log.report('om/exemplar-length', line, `exemplar labels are ${length} characters long (at most 128)`);
  const ms = seconds === undefined ? undefined : secondsToMs(seconds);
  return { labels, value, ...(ms === undefined ? {} : { timestampMs: ms }) };
}
