import { readQuoted, type Cursor } from './cursor';
import { FamilyTable, type FamilyDraft } from './familyTable';
import { SkipLine, type IssueLog } from './issues';
import { readLabelSet } from './labelSet';
import type { Labels, MetricFamily, MetricType, Sample } from '../model';
import { sampleKey, seriesKey } from '../model';
import { parseFloatToken, parseLabelFloat, parseTextTimestamp } from './numbers';
import { STEP_LINES } from './steps';

/**
 * The Prometheus text format 0.0.4 (and 1.0.0, which only adds quoted UTF-8 names), read the way
 * expfmt's TextParser groups it (docs/prometheus.md section 1): a sample joins the family of its
 * exact name, else `x_count`/`x_sum` join summary or histogram `x` and `x_bucket` histogram `x`,
 * else it starts an untyped family. Where expfmt and Prometheus' promparse disagree the problem is
 * reported through `log` (see issues.ts) and reading goes on.
 */

export interface TextOptions {
  /** The response said version=0.0.4 explicitly: quoted names are then worth a note. */
  readonly legacyVersion: boolean;
}

const TEXT_TYPES = new Map<string, MetricType>([
  ['counter', 'counter'],
  ['gauge', 'gauge'],
  ['histogram', 'histogram'],
  ['summary', 'summary'],
  ['untyped', 'untyped'],
]);

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t';
}

function describe(ch: string): string {
  return ch === '' ? 'end of input' : ch === '\n' ? 'end of line' : JSON.stringify(ch);
}

/**
 * The line loop. Each kind of line has its own reader below (readComment with help and type for
 * metadata, readSample with checkSample for samples); the rules over all samples run after the
 * last line (lintSamples). The readers stay inner functions on purpose: they share the cursor and
 * the family table, and this loop runs once per line of a scrape.
 */
export function* parseTextFormat(c: Cursor, log: IssueLog, options: TextOptions): Generator<void, { families: MetricFamily[]; samples: Sample[] }, void> {
  const families = new FamilyTable('untyped');
  const samples: Sample[] = [];
  let quotedNameLine: number | undefined;
  let openMetricsHint: number | undefined;

  const finishLine = (line: number): void => {
    if (!c.endLine()) log.report('text/no-final-newline', line, 'unexpected end of input: the last line does not end with a line feed');
  };

  const readName = (line: number): string => {
    const q = readQuoted(c, false);
    if (!q.terminated) log.syntax(line, 'unterminated quoted metric name');
    if (q.unknownEscapes.length > 0) log.report('text/label-escape', line, `invalid escape sequence ${q.unknownEscapes[0]} in a metric name`);
    quotedNameLine ??= line;
    return q.value;
  };

  function readComment(line: number): void {
    c.next(); // #
    c.readBlanks();
    if (c.atLineEnd()) return finishLine(line);
    const keyword = c.readToken();
    if (keyword === 'EOF' || keyword === 'UNIT') openMetricsHint ??= line;
    if (c.atLineEnd() || (keyword !== 'HELP' && keyword !== 'TYPE')) {
      // A free comment (or a bare keyword): ignored by every parser.
      c.readRestOfLine();
      return finishLine(line);
    }
    c.readBlanks();
    const name = c.peek() === '"' ? readName(line) : c.readLegacyName('metric');
    if (name === '') log.syntax(line, `invalid metric name in ${keyword} line, found ${describe(c.peek())}`);
    if (!c.atLineEnd() && !isBlank(c.peek())) log.syntax(line, `invalid metric name in ${keyword} line ("${name}${c.peek()}...")`);
    c.readBlanks();
    const text = c.atLineEnd() ? undefined : c.readRestOfLine();
    if (keyword === 'HELP') help(line, name, text);
    else type(line, name, text);
    finishLine(line);
  }

  function help(line: number, name: string, raw: string | undefined): void {
    const family = families.getOrCreate(name, line);
    // expfmt ignores a HELP without text; Prometheus records it as empty.
    if (raw === undefined) {
      family.help ??= '';
      return;
    }
    const text = unescapeHelp(raw, (bad) => log.report('text/help-escape', line, `invalid escape sequence ${bad} in HELP (only \\\\ and \\n)`));
    if (c.hasInvalidUtf8(raw, line)) log.report('text/help-utf8', line, `HELP text of "${name}" is not valid UTF-8`);
    if (family.helpSet) {
      log.report('text/duplicate-help', line, `second HELP line for metric name "${name}"`);
      return;
    }
    family.help = text;
    family.helpSet = true;
  }

  function type(line: number, name: string, raw: string | undefined): void {
    if (raw === undefined) {
      log.report('text/type-missing', line, `TYPE line for "${name}" without a type`);
      return;
    }
    const word = raw.replace(/[ \t]+$/, '');
    if (word !== raw) log.report('text/type-whitespace', line, `blanks after the type "${word}"`);
    let t = TEXT_TYPES.get(word);
    if (t === undefined) {
      const lower = word.toLowerCase();
      t = TEXT_TYPES.get(lower);
      if (lower === 'gaugehistogram' || lower === 'gauge_histogram') {
        log.report('text/type-gaugehistogram', line, `type "${word}" is not part of the text format (an extension of recent expfmt)`);
        t = 'gaugehistogram';
      } else if (t !== undefined) {
        // expfmt upper-cases the word; promparse wants it lower case.
        log.report('text/type-case', line, `type "${word}" should be lower case`);
      } else {
        log.report('text/type-unknown', line, `unknown metric type "${word}"`);
        return;
      }
    }
    const family = families.getOrCreate(name, line);
    if (family.typed || family.sampleCount > 0) {
      log.report(
        family.typed ? 'text/duplicate-type' : 'text/type-after-samples',
        line,
        `second TYPE line for metric name "${name}", or TYPE reported after samples`,
      );
      return;
    }
    family.type = t;
    family.typed = true;
  }

  function familyFor(name: string, line: number): FamilyDraft {
    const exact = families.get(name);
    if (exact) return exact;
    for (const suffix of ['_count', '_sum', '_bucket']) {
      if (name.length <= suffix.length || !name.endsWith(suffix)) continue;
      const base = families.get(name.slice(0, -suffix.length));
      if (!base) continue;
      if (base.type === 'histogram' || base.type === 'gaugehistogram') return base;
      if (base.type === 'summary' && suffix !== '_bucket') return base;
    }
    return families.create(name, line);
  }

  function readSample(line: number): void {
    let name: string | undefined;
    const first = c.peek();
    if (first === '"') name = readName(line);
    else if (first !== '{') {
      name = c.readLegacyName('metric');
      if (name === '') log.syntax(line, `invalid metric name: expected a metric name, found ${describe(first)}`);
    }
    const gap = c.readBlanks();
    let labels: Labels = {};
    if (c.peek() === '{') {
      const set = readLabelSet(c, log, line, { format: 'text' });
      if (set.metricName !== undefined) {
        if (name !== undefined) log.syntax(line, `multiple metric names ("${name}", "${set.metricName}")`);
        name = set.metricName;
        quotedNameLine ??= line;
      }
      labels = set.labels;
      c.readBlanks();
    } else if (gap === '' && !c.atLineEnd()) {
      log.syntax(line, `invalid metric name: unexpected ${describe(c.peek())} after "${name ?? ''}"`);
    }
    if (name === undefined) log.syntax(line, 'invalid metric name: none before or inside the braces');
    if (c.atLineEnd()) log.syntax(line, `expected a value after metric "${name}"`);

    const valueToken = c.readToken();
    const value = parseFloatToken(valueToken);
    if (value === undefined) log.syntax(line, `expected float as value, got "${valueToken}"`);
    if (value.outOfRange) log.report('text/value-range', line, `value ${valueToken} is out of the float64 range`);
    let timestampMs: number | undefined;
    const gap2 = c.readBlanks();
    if (!c.atLineEnd()) {
      const token = c.readToken();
      const ts = parseTextTimestamp(token);
      if (!ts.ok) log.syntax(line, ts.reason);
      if (ts.signed) log.report('text/timestamp-sign', line, `timestamp "${token}" has a sign; Prometheus accepts only digits`);
      timestampMs = ts.ms;
      const gap3 = c.readBlanks();
      if (!c.atLineEnd()) log.syntax(line, `spurious string after timestamp: "${c.readRestOfLine()}"`);
      if (gap3 !== '') log.report('text/trailing-space', line, 'blanks after the timestamp');
    } else if (gap2 !== '') {
      log.report('text/trailing-space', line, 'blanks after the value');
    }

    const family = familyFor(name, line);
    checkSample(family, name, labels, value.value, line);
    family.sampleCount++;
    samples.push({ name, labels, value: value.value, ...(timestampMs === undefined ? {} : { timestampMs }), family: family.name, line });
    finishLine(line);
  }

  function checkSample(family: FamilyDraft, name: string, labels: Labels, value: number, line: number): void {
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

  while (!c.eof) {
    const line = c.line;
    // A pause point every so many lines (steps.ts): a large scrape is parsed in slices.
    if (line % STEP_LINES === 0) yield;
    try {
      c.readBlanks();
      if (c.atLineEnd()) {
        // Blank line; a blank last line without a line feed is fine even for expfmt.
        c.endLine();
        continue;
      }
      if (c.peek() === '#') readComment(line);
      else readSample(line);
    } catch (e) {
      if (!(e instanceof SkipLine)) throw e;
      c.skipLine();
    }
  }

  if (quotedNameLine !== undefined && options.legacyVersion) {
    log.report('utf8-names', quotedNameLine, 'quoted UTF-8 names need text/plain; version=1.0.0 and Prometheus 3; Prometheus 2.x rejects them');
  }
  if (openMetricsHint !== undefined) {
    log.report('content-type', openMetricsHint, 'this looks like OpenMetrics (# EOF / # UNIT) served as the text format');
  }
  yield* lintSamples(samples, families, log);
  return { families: families.toFamilies(), samples };
}

/** HELP unescaping: \\ and \n (and \" in recent expfmt); anything else is kept and reported. */
function unescapeHelp(raw: string, onBad: (escape: string) => void): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  let bad: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = raw.charAt(i + 1);
    if (next === '\\' || next === '"') out += next;
    else if (next === 'n') out += '\n';
    else {
      out += next === '' ? '\\' : '\\' + next;
      bad ??= '\\' + next;
    }
    i++;
  }
  if (bad !== undefined) onBad(bad);
  return out;
}

/**
 * Legal but suspicious: repeated series, histograms that cannot give quantiles. Info only.
 * Samples are grouped by family once (a scan of every sample per histogram family made a body of
 * many histograms quadratic).
 */
function* lintSamples(samples: Sample[], families: FamilyTable, log: IssueLog): Generator<void, void, void> {
  const seen = new Set<string>();
  const byFamily = new Map<string, Sample[]>();
  for (let i = 0; i < samples.length; i++) {
    if (i % STEP_LINES === 0) yield;
    const s = samples[i];
    const key = sampleKey(s) + '@' + String(s.timestampMs);
    if (seen.has(key)) log.report('duplicate-series', s.line, `series ${s.name} with these labels appears more than once`);
    seen.add(key);
    let list = byFamily.get(s.family);
    if (!list) byFamily.set(s.family, (list = []));
    list.push(s);
  }
  for (const f of families.all()) {
    if (f.type !== 'histogram' || f.sampleCount === 0) continue;
    yield;
    const groups = new Map<string, { line: number; buckets: Array<[number, number]>; count?: number }>();
    for (const s of byFamily.get(f.name) ?? []) {
      const { le, ...rest } = s.labels;
      const key = seriesKey('', rest);
      const g = groups.get(key) ?? { line: s.line, buckets: [] };
      groups.set(key, g);
      const bound = le === undefined ? undefined : parseLabelFloat(le);
      if (s.name === f.name + '_bucket' && bound !== undefined) g.buckets.push([bound, s.value]);
      if (s.name === f.name + '_count') g.count = s.value;
    }
    for (const g of groups.values()) {
      if (g.buckets.length === 0) continue;
      const sorted = [...g.buckets].sort((a, b) => a[0] - b[0]);
      const inf = sorted[sorted.length - 1];
      let problem: string | undefined;
      if (inf[0] !== Infinity) problem = 'has no le="+Inf" bucket (no quantiles can be computed)';
      else if (sorted.some((b, i) => i > 0 && b[1] < sorted[i - 1][1])) problem = 'has buckets that are not cumulative';
      else if (g.count !== undefined && g.count !== inf[1]) problem = `has _count ${g.count} but le="+Inf" bucket ${inf[1]}`;
      if (problem) log.report('text/histogram-shape', g.line, `histogram "${f.name}" ${problem}`);
    }
  }
}
