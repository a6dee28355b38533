import { describeChar } from '../cursor';
import type { FamilyDraft } from '../familyTable';
import type { IssueLog } from '../issues';
import { readLabelSet } from '../labelSet';
import type { Exemplar, Labels } from '../../model';
import { secondsToMs } from '../numbers';
import { checkSample } from './checks';
import { readExemplar } from './exemplar';
import { readNumber, readTimestamp } from './values';
import { enterFamily, MEMBER_SUFFIXES, memberSuffix, whitespace, type OpenMetricsParse } from './state';

/** Sample lines: `name{labels} value [timestamp] [# exemplar]`, each joined to its family and checked. */

const ALL_SUFFIXES = ['_total', '_created', '_bucket', '_count', '_sum', '_gcount', '_gsum', '_info'];

/** Reads a sample line into `p.samples`. */
export function readSample(p: OpenMetricsParse, line: number): void {
  const { c } = p;
  const log: IssueLog = p.log; // typed: its never-returning syntax() narrows
  let name: string | undefined;
  let braces = false;
  if (c.peek() !== '{') {
    name = c.readLegacyName('metric');
    if (name === '') log.syntax(line, `expected a metric name, found ${describeChar(c.peek())}`);
  }
  let labels: Labels = {};
  if (c.peek() === '{') {
    braces = true;
    const set = readLabelSet(c, log, line, { format: 'om' });
    if (set.metricName !== undefined) {
      if (name !== undefined) log.syntax(line, `multiple metric names ("${name}", "${set.metricName}")`);
      name = set.metricName;
      p.quotedNameLine ??= line;
    }
    labels = set.labels;
  }
  if (name === undefined) log.syntax(line, 'metric name not set (none before or inside the braces)');
  const sep = c.readBlanks();
  if (c.atLineEnd()) log.syntax(line, `expected value after metric "${name}"`);
  if (sep === '' && !braces) log.syntax(line, `invalid metric name: unexpected ${describeChar(c.peek())} after "${name}"`);
  if (sep !== ' ') whitespace(p, line, 'before the value');
  const value = readNumber(p, line, 'value');
  const { seconds, exemplar } = readLineEnd(p, line);
  c.endLine();

  const family = familyFor(p, name, line);
  const suffix = memberSuffix(family, name) ?? '';
  checkSample(p, family, name, suffix, labels, value, seconds, exemplar !== undefined, line);
  family.sampleCount++;
  const ms = seconds === undefined ? undefined : secondsToMs(seconds);
  if (seconds !== undefined && ms === undefined) log.report('om/timestamp-range', line, `timestamp ${seconds} s is outside the int64 millisecond range`);
  p.samples.push({
    name,
    labels,
    value,
    ...(ms === undefined ? {} : { timestampMs: ms }),
    ...(exemplar === undefined ? {} : { exemplar }),
    family: family.name,
    line,
  });
}

/** What may follow the value: a timestamp, an exemplar, both, or nothing. */
function readLineEnd(p: OpenMetricsParse, line: number): { seconds?: number; exemplar?: Exemplar } {
  const { c } = p;
  const log: IssueLog = p.log;
  const sep = c.readBlanks();
  if (c.atLineEnd()) {
    if (sep !== '') whitespace(p, line, 'blanks at the end of the line');
    return {};
  }
  if (sep !== ' ') whitespace(p, line, 'before the timestamp');
  if (c.peek() === '#') return { exemplar: readExemplar(p, line) };
  const seconds = readTimestamp(p, line, 'timestamp');
  const sep2 = c.readBlanks();
  if (c.atLineEnd()) {
    if (sep2 !== '') whitespace(p, line, 'blanks at the end of the line');
    return { seconds };
  }
  if (c.peek() !== '#') log.syntax(line, `expected an exemplar or the end of the line after the timestamp, found "${c.readRestOfLine()}"`);
  if (sep2 !== ' ') whitespace(p, line, 'before the exemplar');
  return { seconds, exemplar: readExemplar(p, line) };
}

/** The family a sample belongs to: the current one if the name fits it, else by name and suffix, else a new one. */
function familyFor(p: OpenMetricsParse, name: string, line: number): FamilyDraft {
  if (p.current && memberSuffix(p.current, name) !== undefined) return p.current;
  let f = p.families.get(name);
  if (!f) {
    for (const suffix of ALL_SUFFIXES) {
      if (!name.endsWith(suffix) || name.length === suffix.length) continue;
      const base = p.families.get(name.slice(0, -suffix.length));
      if (base && MEMBER_SUFFIXES[base.type].includes(suffix)) {
        f = base;
        break;
      }
    }
  }
  if (f) {
    enterFamily(p, f, line, true);
    return f;
  }
  const created = p.families.create(name, line);
  enterFamily(p, created, line, false);
  return created;
}
