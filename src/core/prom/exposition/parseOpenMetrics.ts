import { readQuoted, type Cursor } from './cursor';
import { FamilyTable, type FamilyDraft } from './familyTable';
import { SkipLine, type IssueLog } from './issues';
import { readLabelSet } from './labelSet';
import type { Exemplar, Labels, MetricFamily, MetricType, Sample } from '../model';
import { seriesKey } from '../model';
import { parseFloatToken, parseLabelFloat, secondsToMs } from './numbers';
import { STEP_LINES } from './steps';

/**
 * OpenMetrics 1.0 text (docs/prometheus.md section 2). The reader is permissive - runs of blanks,
 * blank lines, comments and a missing `# EOF` are reported and read past - so that lenient mode can
 * show what a misbehaving endpoint serves; strict mode stops at the first report its dialect rejects.
 * The semantic checks follow the OpenMetrics conformance suite (client_python's strict parser).
 */

const OM_TYPES = new Map<string, MetricType>(
  (['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown'] as const).map((t) => [t, t]),
);

/** Sample-name suffixes per family type, as Prometheus' parser groups them (gaugehistogram also takes _count/_sum). */
const MEMBER_SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: ['_total', '_created'],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum', '_count', '_sum'],
  summary: ['', '_count', '_sum', '_created'],
  info: ['_info'],
  stateset: [''],
  gauge: [''],
  unknown: [''],
  untyped: [''],
};

/** The suffixes the conformance suite allows (client_python's `type_suffixes`). */
const REFERENCE_SUFFIXES: Record<MetricType, readonly string[]> = {
  ...MEMBER_SUFFIXES,
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
};

const ALL_SUFFIXES = ['_total', '_created', '_bucket', '_count', '_sum', '_gcount', '_gsum', '_info'];
const COUNTER_LIKE = new Set(['_total', '_sum', '_count', '_bucket', '_gcount', '_gsum']);

interface MemberSample {
  readonly labels: Labels;
  readonly value: number;
  readonly suffix: string;
  readonly seconds?: number;
  readonly line: number;
}

interface FamilyState {
  help: boolean;
  type: boolean;
  unit: boolean;
  /** The group (labels without le/quantile/state) of the last sample, for the grouping rules. */
  group?: string;
  groupSeconds?: number;
  readonly seenGroups: Set<string>;
  readonly members: MemberSample[];
}

function describe(ch: string): string {
  return ch === '' ? 'end of input' : ch === '\n' ? 'end of line' : JSON.stringify(ch);
}

/**
 * The line loop. Each kind of line has its own reader below (readMetadata for TYPE/UNIT/HELP,
 * readSample with readExemplar, check for the per-sample rules), and the family-wide rules run
 * after the last line (checkFamilies). The readers stay inner functions on purpose: they share the
 * cursor and the parse's mutable state (current family, EOF line), and this loop runs once per
 * line of a scrape, so they are closures rather than methods reached through an object.
 */
export function* parseOpenMetricsFormat(c: Cursor, log: IssueLog): Generator<void, { families: MetricFamily[]; samples: Sample[] }, void> {
  const families = new FamilyTable('unknown');
  const states = new Map<FamilyDraft, FamilyState>();
  const samples: Sample[] = [];
  let current: FamilyDraft | undefined;
  let eofLine: number | undefined;
  let quotedNameLine: number | undefined;

  const state = (f: FamilyDraft): FamilyState => {
    let s = states.get(f);
    if (!s) {
      s = { help: false, type: false, unit: false, seenGroups: new Set(), members: [] };
      states.set(f, s);
    }
    return s;
  };
  const whitespace = (line: number, what: string): void =>
    log.report('om/whitespace', line, `${what}: OpenMetrics separates tokens with exactly one space`);

  /** The sample-name suffix that makes `name` part of `f` ('' for the family name itself), or undefined. */
  const memberSuffix = (f: FamilyDraft, name: string): string | undefined => {
    if (name === f.name) return '';
    if (!name.startsWith(f.name)) return undefined;
    const suffix = name.slice(f.name.length);
    return MEMBER_SUFFIXES[f.type].includes(suffix) ? suffix : undefined;
  };

  function enter(f: FamilyDraft, line: number, existed: boolean): void {
    if (f !== current && existed) {
      log.report('om/interleaved', line, `family "${f.name}" continues after other families (families must be contiguous)`);
    }
    current = f;
  }

  function readMetadata(line: number): void {
    c.next(); // #
    const sep1 = c.readBlanks();
    if (c.atLineEnd()) {
      log.report('om/comment', line, 'a bare "#" line: OpenMetrics has no comments');
      c.endLine();
      return;
    }
    const keyword = c.readToken();
    if (keyword === 'EOF') {
      if (sep1 !== ' ') whitespace(line, '"# EOF"');
      if (c.readBlanks() !== '') whitespace(line, 'blanks after "# EOF"');
      if (!c.atLineEnd()) log.report('om/after-eof', line, `unexpected data after # EOF: "${c.readRestOfLine()}"`);
      eofLine = line;
      c.endLine();
      return;
    }
    if (keyword !== 'HELP' && keyword !== 'TYPE' && keyword !== 'UNIT') {
      log.report('om/comment', line, `"#${sep1}${keyword}" is a comment; OpenMetrics allows only HELP, TYPE, UNIT and EOF`);
      c.skipLine();
      return;
    }
    if (sep1 !== ' ') whitespace(line, `"#${sep1}${keyword}"`);
    const sep2 = c.readBlanks();
    if (c.atLineEnd()) log.syntax(line, `expected metric name after ${keyword}`);
    if (sep2 !== ' ') whitespace(line, `blanks after ${keyword}`);
    let name: string;
    if (c.peek() === '"') {
      const q = readQuoted(c, false);
      if (!q.terminated) log.syntax(line, `unterminated quoted metric name after ${keyword}`);
      name = q.value;
      quotedNameLine ??= line;
    } else {
      name = c.readLegacyName('metric');
      if (name === '') log.syntax(line, `expected metric name after ${keyword}, found ${describe(c.peek())}`);
    }
    if (c.atLineEnd()) log.syntax(line, `expected text in ${keyword} (a space after the name, even when the text is empty)`);
    const sep3 = c.peek();
    if (sep3 === ' ') c.next();
    else if (sep3 === '\t') {
      whitespace(line, `a tab after the name in ${keyword}`);
      c.readBlanks();
    } else log.syntax(line, `invalid metric name in ${keyword} line ("${name}${sep3}...")`);
    const text = c.readRestOfLine();
    c.endLine();

    let family = families.get(name);
    const existed = family !== undefined;
    family ??= families.create(name, line);
    const st = state(family);
    if (family === current && st.members.length > 0) {
      log.report('om/metadata-after-samples', line, `${keyword} for "${name}" after its samples`);
    }
    enter(family, line, existed);

    if (keyword === 'HELP') {
      if (st.help) return log.report('om/duplicate-metadata', line, `more than one HELP for "${name}"`);
      st.help = true;
      family.help = unescapeHelp(text);
    } else if (keyword === 'UNIT') {
      if (st.unit) return log.report('om/duplicate-metadata', line, `more than one UNIT for "${name}"`);
      st.unit = true;
      if (text !== '' && !name.endsWith('_' + text)) log.report('om/unit-suffix', line, `unit "${text}" not a suffix of metric "${name}"`);
      family.unit = text;
    } else {
      const word = text.trim();
      if (word !== text) whitespace(line, `blanks around the type "${word}"`);
      let t = OM_TYPES.get(word);
      if (t === undefined) {
        const lower = word.toLowerCase();
        if (lower === 'untyped') {
          log.report('om/type-untyped', line, 'invalid metric type "untyped" (OpenMetrics calls it "unknown")');
          t = 'unknown';
        } else {
          t = OM_TYPES.get(lower);
          if (t === undefined) return log.report('om/type-unknown', line, `invalid metric type "${word}"`);
          log.report('om/type-unknown', line, `invalid metric type "${word}" (types are lower case)`);
        }
      }
      if (st.type) return log.report('om/duplicate-metadata', line, `more than one TYPE for "${name}"`);
      st.type = true;
      family.type = t;
      family.typed = true;
    }
  }

  /** A float token for a value or timestamp; `what` names it in messages. */
  function number(line: number, what: string): number {
    const token = c.readToken();
    const n = parseFloatToken(token);
    if (n === undefined) log.syntax(line, `invalid ${what} "${token}"`);
    if (n.outOfRange) log.report('om/value-range', line, `${what} ${token} is out of the float64 range`);
    return n.value;
  }

  /** Timestamp in seconds, undefined (reported) when not finite. */
  function timestamp(line: number, what: string): number | undefined {
    const seconds = number(line, what);
    if (Number.isFinite(seconds)) return seconds;
    log.report('om/timestamp-nonfinite', line, `invalid ${what} ${seconds} (must be finite)`);
    return undefined;
  }

  function readExemplar(line: number): Exemplar {
    c.next(); // #
    const s1 = c.readBlanks();
    if (c.peek() !== '{') log.syntax(line, `expected "# {" to start an exemplar, found ${describe(c.peek())}`);
    if (s1 !== ' ') whitespace(line, 'exemplar "#{"');
    const { labels } = readLabelSet(c, log, line, { format: 'om', exemplar: true });
    const s2 = c.readBlanks();
    if (c.atLineEnd()) log.syntax(line, 'expected value after exemplar labels');
    if (s2 !== ' ') whitespace(line, 'exemplar value');
    const value = number(line, 'exemplar value');
    let seconds: number | undefined;
    const s3 = c.readBlanks();
    if (!c.atLineEnd()) {
      if (s3 !== ' ') whitespace(line, 'exemplar timestamp');
      seconds = timestamp(line, 'exemplar timestamp');
      const s4 = c.readBlanks();
      if (!c.atLineEnd()) log.syntax(line, `unexpected text after the exemplar: "${c.readRestOfLine()}"`);
      if (s4 !== '') whitespace(line, 'blanks at the end of the line');
    } else if (s3 !== '') whitespace(line, 'blanks at the end of the line');
    const length = Object.entries(labels).reduce((n, [k, v]) => n + [...k].length + [...v].length, 0);
    if (length > 128) log.report('om/exemplar-length', line, `exemplar labels are ${length} characters long (at most 128)`);
    const ms = seconds === undefined ? undefined : secondsToMs(seconds);
    return { labels, value, ...(ms === undefined ? {} : { timestampMs: ms }) };
  }

  function familyFor(name: string, line: number): FamilyDraft {
    if (current && memberSuffix(current, name) !== undefined) return current;
    let f = families.get(name);
    if (!f) {
      for (const suffix of ALL_SUFFIXES) {
        if (!name.endsWith(suffix) || name.length === suffix.length) continue;
        const base = families.get(name.slice(0, -suffix.length));
        if (base && MEMBER_SUFFIXES[base.type].includes(suffix)) {
          f = base;
          break;
        }
      }
    }
    if (f) {
      enter(f, line, true);
      return f;
    }
    const created = families.create(name, line);
    enter(created, line, false);
    return created;
  }

  function readSample(line: number): void {
    let name: string | undefined;
    let braces = false;
    if (c.peek() !== '{') {
      name = c.readLegacyName('metric');
      if (name === '') log.syntax(line, `expected a metric name, found ${describe(c.peek())}`);
    }
    let labels: Labels = {};
    if (c.peek() === '{') {
      braces = true;
      const set = readLabelSet(c, log, line, { format: 'om' });
      if (set.metricName !== undefined) {
        if (name !== undefined) log.syntax(line, `multiple metric names ("${name}", "${set.metricName}")`);
        name = set.metricName;
        quotedNameLine ??= line;
      }
      labels = set.labels;
    }
    if (name === undefined) log.syntax(line, 'metric name not set (none before or inside the braces)');
    const sep = c.readBlanks();
    if (c.atLineEnd()) log.syntax(line, `expected value after metric "${name}"`);
    if (sep === '' && !braces) log.syntax(line, `invalid metric name: unexpected ${describe(c.peek())} after "${name}"`);
    if (sep !== ' ') whitespace(line, 'before the value');
    const value = number(line, 'value');

    let seconds: number | undefined;
    let exemplar: Exemplar | undefined;
    const sep2 = c.readBlanks();
    if (!c.atLineEnd()) {
      if (sep2 !== ' ') whitespace(line, 'before the timestamp');
      if (c.peek() === '#') exemplar = readExemplar(line);
      else {
        seconds = timestamp(line, 'timestamp');
        const sep3 = c.readBlanks();
        if (!c.atLineEnd()) {
          if (c.peek() !== '#') log.syntax(line, `expected an exemplar or the end of the line after the timestamp, found "${c.readRestOfLine()}"`);
          if (sep3 !== ' ') whitespace(line, 'before the exemplar');
          exemplar = readExemplar(line);
        } else if (sep3 !== '') whitespace(line, 'blanks at the end of the line');
      }
    } else if (sep2 !== '') whitespace(line, 'blanks at the end of the line');
    c.endLine();

    const family = familyFor(name, line);
    const suffix = memberSuffix(family, name) ?? '';
    check(family, name, suffix, labels, value, seconds, exemplar !== undefined, line);
    family.sampleCount++;
    const ms = seconds === undefined ? undefined : secondsToMs(seconds);
    if (seconds !== undefined && ms === undefined) log.report('om/timestamp-range', line, `timestamp ${seconds} s is outside the int64 millisecond range`);
    samples.push({
      name,
      labels,
      value,
      ...(ms === undefined ? {} : { timestampMs: ms }),
      ...(exemplar === undefined ? {} : { exemplar }),
      family: family.name,
      line,
    });
  }

  /** The per-sample MUSTs of the spec, as the conformance suite enforces them. */
  function check(f: FamilyDraft, name: string, suffix: string, labels: Labels, value: number, seconds: number | undefined, hasExemplar: boolean, line: number): void {
    const t = f.type;
    const st = state(f);
    if (!REFERENCE_SUFFIXES[t].includes(suffix)) {
      const allowed = REFERENCE_SUFFIXES[t].map((s) => `"${f.name}${s}"`).join(', ');
      log.report('om/sample-name', line, `sample "${name}" does not fit ${t} family "${f.name}" (expected ${allowed})`);
    }
    if (t === 'stateset') {
      if (!Object.prototype.hasOwnProperty.call(labels, f.name)) log.report('om/stateset', line, `stateset sample without the label "${f.name}"`);
      if (value !== 0 && value !== 1) log.report('om/stateset', line, `stateset samples can only have values 0 and 1, not ${value}`);
    }
    if (t === 'info' && value !== 1) log.report('om/info-value', line, `info samples can only have value 1, not ${value}`);
    const histogram = t === 'histogram' || t === 'gaugehistogram';
    if (histogram && suffix === '_bucket') {
      const le = labels.le;
      const bound = le === undefined ? undefined : parseLabelFloat(le);
      if (le === undefined || bound === undefined || Number.isNaN(bound) || (bound === Infinity && le !== '+Inf')) {
        log.report('om/le', line, le === undefined ? `bucket of "${f.name}" without an le label` : `invalid le label "${le}" (+Inf must be written "+Inf")`);
      }
      if (!Number.isInteger(value)) log.report('om/integer-count', line, `bucket value must be an integer, not ${value}`);
    }
    if ((suffix === '_count' || suffix === '_gcount') && !Number.isInteger(value)) {
      log.report('om/integer-count', line, `count value must be an integer, not ${value}`);
    }
    if (t === 'summary' && suffix === '') {
      const q = labels.quantile === undefined ? undefined : parseLabelFloat(labels.quantile);
      if (q === undefined || Number.isNaN(q) || q < 0 || q > 1) log.report('om/quantile', line, `invalid quantile label ${labels.quantile === undefined ? '(missing)' : `"${labels.quantile}"`}`);
      if (value < 0) log.report('om/quantile', line, `quantile values cannot be negative (${value})`);
    }
    if (COUNTER_LIKE.has(suffix) && Number.isNaN(value)) log.report('om/counter-value', line, `counter-like sample "${name}" cannot be NaN`);
    if (COUNTER_LIKE.has(suffix) && suffix !== '_gsum' && value < 0) log.report('om/counter-value', line, `counter-like sample "${name}" cannot be negative`);
    if (hasExemplar) {
      const reference = (histogram && name.endsWith('_bucket')) || (t === 'counter' && name.endsWith('_total'));
      if (!/(_total|_bucket|_count|_sum)$/.test(name)) log.report('om/exemplar-unsupported', line, `metric name ${name} does not support exemplars`);
      else if (!reference) log.report('om/exemplar-placement', line, `exemplars belong on counter _total and histogram _bucket samples, not on "${name}"`);
    }

    // Grouping: the samples of one MetricPoint are contiguous, and its timestamps go forward.
    const groupLabels: Labels = { ...labels };
    if (t === 'summary' && suffix === '') delete groupLabels.quantile;
    if (t === 'stateset') delete groupLabels[f.name];
    if (histogram && suffix === '_bucket') delete groupLabels.le;
    const group = t === 'info' ? '' : seriesKey('', groupLabels);
    if (st.group !== undefined && group !== st.group && st.seenGroups.has(group)) {
      log.report('om/grouping', line, `samples of one metric point of "${f.name}" are not contiguous`);
    }
    if (st.group !== undefined && group === st.group) {
      if ((seconds === undefined) !== (st.groupSeconds === undefined)) {
        log.report('om/timestamp-order', line, 'mix of samples with and without a timestamp within a metric point');
      } else if (seconds !== undefined && st.groupSeconds !== undefined && seconds < st.groupSeconds && t !== 'info') {
        log.report('om/timestamp-order', line, 'timestamps went backwards within a metric point');
      }
    }
    st.group = group;
    st.groupSeconds = seconds;
    st.seenGroups.add(group);
    st.members.push({ labels, value, suffix, ...(seconds === undefined ? {} : { seconds }), line });
  }

  while (!c.eof) {
    const line = c.line;
    // A pause point every so many lines (steps.ts): a large scrape is parsed in slices.
    if (line % STEP_LINES === 0) yield;
    if (eofLine !== undefined) {
      log.report('om/after-eof', line, 'unexpected data after # EOF');
      break;
    }
    try {
      if (c.readBlanks() !== '') {
        if (c.atLineEnd()) log.report('om/blank-line', line, 'a line of blanks: OpenMetrics has no blank lines');
        else whitespace(line, 'blanks at the start of the line');
      } else if (c.atLineEnd()) log.report('om/blank-line', line, 'blank lines are not allowed in OpenMetrics');
      if (c.atLineEnd()) c.endLine();
      else if (c.peek() === '#') readMetadata(line);
      else readSample(line);
    } catch (e) {
      if (!(e instanceof SkipLine)) throw e;
      c.skipLine();
    }
  }
  if (eofLine === undefined) log.report('om/missing-eof', c.line, 'data does not end with # EOF');

  checkFamilies(families.all(), (f) => state(f).members, log);
  if (quotedNameLine !== undefined) {
    log.report('utf8-names', quotedNameLine, 'quoted UTF-8 names are an extension of OpenMetrics 1.0 (Prometheus 3); client_python and Prometheus 2.x reject them');
  }
  return { families: families.toFamilies(), samples };
}

/** The rules about whole families, checked once every line is read: units, name clashes, histograms. */
function checkFamilies(all: readonly FamilyDraft[], membersOf: (f: FamilyDraft) => MemberSample[], log: IssueLog): void {
  for (const f of all) {
    if (f.unit && (f.type === 'info' || f.type === 'stateset')) log.report('om/unit-type', f.line, `${f.type} family "${f.name}" cannot have a unit`);
  }
  const seenNames = new Set<string>();
  for (const f of all) {
    for (const name of new Set(['', ...REFERENCE_SUFFIXES[f.type]].map((s) => f.name + s))) {
      if (seenNames.has(name)) log.report('om/clashing-name', f.line, `family "${f.name}" clashes with another family over the name "${name}"`);
      seenNames.add(name);
    }
  }
  for (const f of all) {
    if (f.type === 'histogram' || f.type === 'gaugehistogram') checkHistogram(f, membersOf(f), log);
  }
}

/** HELP escapes: \\, \n and \"; any other backslash is kept as written. */
function unescapeHelp(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = raw.charAt(++i);
    if (next === '\\' || next === '"') out += next;
    else if (next === 'n') out += '\n';
    else out += '\\' + next;
  }
  return out;
}

/** The histogram MUSTs per metric point, in the conformance suite's order (client_python `_check_histogram`). */
function checkHistogram(f: FamilyDraft, members: MemberSample[], log: IssueLog): void {
  let group: string | undefined;
  let groupSeconds: number | undefined;
  let line = f.line;
  let count: number | undefined;
  let bound: number | undefined;
  let negativeBuckets = false;
  let hasSum = false;
  let hasGsum = false;
  let negativeGsum = false;
  let last = 0;

  const problem = (message: string): void => log.report('om/histogram', line, `histogram "${f.name}": ${message}`);
  const done = (): void => {
    if (bound !== Infinity) problem('the +Inf bucket is missing');
    else if (count !== undefined && last !== count) problem(`_count ${count} does not match the +Inf bucket ${last}`);
    if (hasSum && count === undefined) problem('_count must be present if _sum is present');
    if (hasGsum && count === undefined) problem('_gcount must be present if _gsum is present');
    if (!(hasSum || hasGsum) && count !== undefined) problem('_sum/_gsum must be present if _count is present');
    if (negativeBuckets && hasSum) problem('cannot have _sum with negative buckets');
    if (!negativeBuckets && negativeGsum) problem('cannot have a negative _gsum with non-negative buckets');
  };

  for (const m of members) {
    const labels: Labels = { ...m.labels };
    if (m.suffix === '_bucket') delete labels.le;
    const g = seriesKey('', labels);
    if (g !== group || m.seconds !== groupSeconds) {
      if (group !== undefined) done();
      count = undefined;
      bound = undefined;
      negativeBuckets = hasSum = hasGsum = negativeGsum = false;
      last = 0;
      line = m.line;
    }
    group = g;
    groupSeconds = m.seconds;
    if (m.suffix === '_bucket') {
      const b = m.labels.le === undefined ? undefined : parseLabelFloat(m.labels.le);
      if (b === undefined || Number.isNaN(b)) continue;
      if (b < 0) negativeBuckets = true;
      if (bound !== undefined && b <= bound) problem('buckets out of order');
      if (m.value < last) problem('bucket values out of order (buckets are cumulative)');
      bound = b;
      last = m.value;
    } else if (m.suffix === '_count' || m.suffix === '_gcount') count = m.value;
    else if (m.suffix === '_sum') hasSum = true;
    else if (m.suffix === '_gsum') {
      hasGsum = true;
      if (m.value < 0) negativeGsum = true;
    }
  }
  if (group !== undefined) done();
}
