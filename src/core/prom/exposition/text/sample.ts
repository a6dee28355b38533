import type { IssueLog } from '../issues';
import { describeChar } from '../cursor';
import type { FamilyDraft } from '../familyTable';
import { readLabelSet } from '../labelSet';
import type { Labels } from '../../model';
import { parseFloatToken, parseLabelFloat, parseTextTimestamp } from '../numbers';
import type { SeriesHead, SeriesHeads } from './seriesHeads';
import { finishLine, readQuotedName, type TextParse } from './state';

/**
 * Sample lines of the text format: `name{labels} value [timestamp]`, grouped the way expfmt's
 * TextParser groups them (docs/prometheus.md section 1): a sample joins the family of its exact
 * name, else `x_count`/`x_sum` join summary or histogram `x` and `x_bucket` histogram `x`, else it
 * starts an untyped family.
 */

/** Reads a sample line into `p.samples`. */
export function readSample(p: TextParse, line: number): void {
  const { c } = p;
  const log: IssueLog = p.log; // typed: its never-returning syntax() narrows
  const { name, labels } = p.heads ? readKnownHead(p, p.heads, line) : readHead(p, line).head;
  if (c.atLineEnd()) log.syntax(line, `expected a value after metric "${name}"`);

  const valueToken = c.readToken();
  const value = parseFloatToken(valueToken);
  if (value === undefined) log.syntax(line, `expected float as value, got "${valueToken}"`);
  if (value.outOfRange) log.report('text/value-range', line, `value ${valueToken} is out of the float64 range`);
  const timestampMs = readTimestamp(p, line);

  const family = familyFor(p, name, line);
  checkSample(p, family, name, labels, value.value, line);
  family.sampleCount++;
  // Two literals, not a spread of an optional part: a spread made a temporary object per sample.
  p.samples.push(
    timestampMs === undefined
      ? { name, labels, value: value.value, family: family.name, line }
      : { name, labels, value: value.value, timestampMs, family: family.name, line },
  );
  finishLine(p, line);
}

/**
 * The head of a sample line (`name{labels}` and the blanks after it), looked up when an earlier
 * scrape read the same text cleanly (seriesHeads.ts), otherwise read and, when clean, remembered.
 * A head ends at the line's last `}`: the value and timestamp after it hold none.
 */
function readKnownHead(p: TextParse, heads: SeriesHeads, line: number): SeriesHead {
  const { c } = p;
  const text = c.text;
  const start = c.pos;
  // A quoted name sets a note for the whole parse; a line with bytes that were not UTF-8 is checked each time.
  if (text.charCodeAt(start) === 34 /* " */ || c.invalidUtf8Lines.has(line)) return readHead(p, line).head;
  let eol = text.indexOf('\n', start);
  if (eol < 0) eol = text.length;
  const close = text.lastIndexOf('}', eol - 1);
  if (close <= start) return readHead(p, line).head;
  const key = text.slice(start, close + 1);
  const known = heads.find(key);
  if (known !== undefined) {
    c.pos = close + 1;
    c.readBlanks();
    return known;
  }
  const findings = p.log.count;
  const read = readHead(p, line);
  if (read.end === close + 1 && !read.quoted && p.log.count === findings) heads.remember(key, read.head);
  return read.head;
}

/** Reads the head of a sample line; `end` is where its `}` ended it (before the blanks after). */
function readHead(p: TextParse, line: number): { head: SeriesHead; end: number; quoted: boolean } {
  const { c } = p;
  const log: IssueLog = p.log; // typed: its never-returning syntax() narrows
  let name: string | undefined;
  let quoted = false;
  const first = c.peek();
  if (first === '"') {
    name = readQuotedName(p, line);
    quoted = true;
  } else if (first !== '{') {
    name = c.readLegacyName('metric');
    if (name === '') log.syntax(line, `invalid metric name: expected a metric name, found ${describeChar(first)}`);
  }
  const gap = c.readBlanks();
  let labels: Labels = {};
  let end = -1;
  if (c.peek() === '{') {
    const set = readLabelSet(c, log, line, { format: 'text' });
    if (set.metricName !== undefined) {
      if (name !== undefined) log.syntax(line, `multiple metric names ("${name}", "${set.metricName}")`);
      name = set.metricName;
      quoted = true;
      p.quotedNameLine ??= line;
    }
    labels = set.labels;
    end = c.pos;
    c.readBlanks();
  } else if (gap === '' && !c.atLineEnd()) {
    log.syntax(line, `invalid metric name: unexpected ${describeChar(c.peek())} after "${name ?? ''}"`);
  }
  if (name === undefined) log.syntax(line, 'invalid metric name: none before or inside the braces');
  return { head: { name, labels }, end, quoted };
}

/** The optional timestamp after the value (integer milliseconds), up to the end of the line. */
function readTimestamp(p: TextParse, line: number): number | undefined {
  const { c } = p;
  const log: IssueLog = p.log; // typed: its never-returning syntax() narrows
  const gap = c.readBlanks();
  if (c.atLineEnd()) {
    if (gap !== '') log.report('text/trailing-space', line, 'blanks after the value');
    return undefined;
  }
  const token = c.readToken();
  const ts = parseTextTimestamp(token);
  if (!ts.ok) log.syntax(line, ts.reason);
  if (ts.signed) log.report('text/timestamp-sign', line, `timestamp "${token}" has a sign; Prometheus accepts only digits`);
  const after = c.readBlanks();
  if (!c.atLineEnd()) log.syntax(line, `spurious string after timestamp: "${c.readRestOfLine()}"`);
  if (after !== '') log.report('text/trailing-space', line, 'blanks after the timestamp');
  return ts.ms;
}

function familyFor(p: TextParse, name: string, line: number): FamilyDraft {
  const exact = p.families.get(name);
  if (exact) return exact;
  for (const suffix of ['_count', '_sum', '_bucket']) {
    if (name.length <= suffix.length || !name.endsWith(suffix)) continue;
    const base = p.families.get(name.slice(0, -suffix.length));
    if (!base) continue;
    if (base.type === 'histogram' || base.type === 'gaugehistogram') return base;
    if (base.type === 'summary' && suffix !== '_bucket') return base;
  }
  return p.families.create(name, line);
}

/** The rules expfmt applies to one sample of a summary or histogram. */
function checkSample(p: TextParse, family: FamilyDraft, name: string, labels: Labels, value: number, line: number): void {
  const log: IssueLog = p.log;
  const t = family.type;
  if (t === 'summary' && name === family.name && labels.quantile !== undefined && parseLabelFloat(labels.quantile) === undefined) {
    log.report('text/quantile-not-float', line, `expected float as value for 'quantile' label, got "${labels.quantile}"`);
  }
  if (t !== 'histogram' && t !== 'gaugehistogram') return;
  const suffix = name.slice(family.name.length);
  if (suffix === '_bucket' && labels.le !== undefined && parseLabelFloat(labels.le) === undefined) {
    log.report('text/le-not-float', line, `expected float as value for 'le' label, got "${labels.le}"`);
  }
  if (value < 0 && suffix === '_count') log.report('text/negative-histogram', line, `negative count for histogram "${family.name}"`);
  if (value < 0 && suffix === '_bucket') log.report('text/negative-histogram', line, `negative bucket population for histogram "${family.name}"`);
}
