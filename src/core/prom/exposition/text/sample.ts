import type { IssueLog } from '../issues';
import { describeChar } from '../cursor';
import type { FamilyDraft } from '../familyTable';
import { readLabelSet } from '../labelSet';
import type { Labels } from '../../model';
import { parseFloatToken, parseLabelFloat, parseTextTimestamp } from '../numbers';
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
  let name: string | undefined;
  const first = c.peek();
  if (first === '"') name = readQuotedName(p, line);
  else if (first !== '{') {
    name = c.readLegacyName('metric');
    if (name === '') log.syntax(line, `invalid metric name: expected a metric name, found ${describeChar(first)}`);
  }
  const gap = c.readBlanks();
  let labels: Labels = {};
  if (c.peek() === '{') {
    const set = readLabelSet(c, log, line, { format: 'text' });
    if (set.metricName !== undefined) {
      if (name !== undefined) log.syntax(line, `multiple metric names ("${name}", "${set.metricName}")`);
      name = set.metricName;
      p.quotedNameLine ??= line;
    }
    labels = set.labels;
    c.readBlanks();
  } else if (gap === '' && !c.atLineEnd()) {
    log.syntax(line, `invalid metric name: unexpected ${describeChar(c.peek())} after "${name ?? ''}"`);
  }
  if (name === undefined) log.syntax(line, 'invalid metric name: none before or inside the braces');
  if (c.atLineEnd()) log.syntax(line, `expected a value after metric "${name}"`);

  const valueToken = c.readToken();
  const value = parseFloatToken(valueToken);
  if (value === undefined) log.syntax(line, `expected float as value, got "${valueToken}"`);
  if (value.outOfRange) log.report('text/value-range', line, `value ${valueToken} is out of the float64 range`);
  const timestampMs = readTimestamp(p, line);

  const family = familyFor(p, name, line);
  checkSample(p, family, name, labels, value.value, line);
  family.sampleCount++;
  p.samples.push({ name, labels, value: value.value, ...(timestampMs === undefined ? {} : { timestampMs }), family: family.name, line });
  finishLine(p, line);
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
