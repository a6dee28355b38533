import type { FamilyDraft } from '../familyTable';
import type { IssueLog } from '../issues';
import { seriesKey, type Labels } from '../../model';
import { parseLabelFloat } from '../numbers';
import { familyState, REFERENCE_SUFFIXES, type MemberSample, type OpenMetricsParse } from './state';

/**
 * The MUSTs of the OpenMetrics spec as the conformance suite (client_python's strict parser)
 * enforces them: per sample as it is read (checkSample), per family once every line is read
 * (checkFamilies, checkHistogram).
 */

const COUNTER_LIKE = new Set(['_total', '_sum', '_count', '_bucket', '_gcount', '_gsum']);

/** The per-sample rules; remembers the sample for the family-wide ones. */
export function checkSample(
  p: OpenMetricsParse,
  f: FamilyDraft,
  name: string,
  suffix: string,
  labels: Labels,
  value: number,
  seconds: number | undefined,
  hasExemplar: boolean,
  line: number,
): void {
  checkName(p.log, f, name, suffix, line);
  checkValue(p.log, f, name, suffix, labels, value, line);
  if (hasExemplar) checkExemplarPlacement(p.log, f, name, line);
  checkGrouping(p, f, suffix, labels, seconds, line);
  familyState(p, f).members.push({ labels, value, suffix, ...(seconds === undefined ? {} : { seconds }), line });
}

function checkName(log: IssueLog, f: FamilyDraft, name: string, suffix: string, line: number): void {
  const t = f.type;
  if (REFERENCE_SUFFIXES[t].includes(suffix)) return;
  const allowed = REFERENCE_SUFFIXES[t].map((s) => `"${f.name}${s}"`).join(', ');
  log.report('om/sample-name', line, `sample "${name}" does not fit ${t} family "${f.name}" (expected ${allowed})`);
}

/** What a sample's value and its le/quantile/state label may be, by family type and suffix. */
function checkValue(log: IssueLog, f: FamilyDraft, name: string, suffix: string, labels: Labels, value: number, line: number): void {
  const t = f.type;
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
}

function checkExemplarPlacement(log: IssueLog, f: FamilyDraft, name: string, line: number): void {
  const t = f.type;
  const histogram = t === 'histogram' || t === 'gaugehistogram';
  const reference = (histogram && name.endsWith('_bucket')) || (t === 'counter' && name.endsWith('_total'));
  if (!/(_total|_bucket|_count|_sum)$/.test(name)) log.report('om/exemplar-unsupported', line, `metric name ${name} does not support exemplars`);
  else if (!reference) log.report('om/exemplar-placement', line, `exemplars belong on counter _total and histogram _bucket samples, not on "${name}"`);
}

/** Grouping: the samples of one MetricPoint are contiguous, and its timestamps go forward. */
function checkGrouping(p: OpenMetricsParse, f: FamilyDraft, suffix: string, labels: Labels, seconds: number | undefined, line: number): void {
  const t = f.type;
  const st = familyState(p, f);
  const groupLabels: Labels = { ...labels };
  if (t === 'summary' && suffix === '') delete groupLabels.quantile;
  if (t === 'stateset') delete groupLabels[f.name];
  if ((t === 'histogram' || t === 'gaugehistogram') && suffix === '_bucket') delete groupLabels.le;
  const group = t === 'info' ? '' : seriesKey('', groupLabels);
  if (st.group !== undefined && group !== st.group && st.seenGroups.has(group)) {
    p.log.report('om/grouping', line, `samples of one metric point of "${f.name}" are not contiguous`);
  }
  if (st.group !== undefined && group === st.group) {
    if ((seconds === undefined) !== (st.groupSeconds === undefined)) {
      p.log.report('om/timestamp-order', line, 'mix of samples with and without a timestamp within a metric point');
    } else if (seconds !== undefined && st.groupSeconds !== undefined && seconds < st.groupSeconds && t !== 'info') {
      p.log.report('om/timestamp-order', line, 'timestamps went backwards within a metric point');
    }
  }
  st.group = group;
  st.groupSeconds = seconds;
  st.seenGroups.add(group);
}

/** The rules about whole families, checked once every line is read: units, name clashes, histograms. */
export function checkFamilies(p: OpenMetricsParse): void {
  const all = p.families.all();
  for (const f of all) {
    if (f.unit && (f.type === 'info' || f.type === 'stateset')) p.log.report('om/unit-type', f.line, `${f.type} family "${f.name}" cannot have a unit`);
  }
  const seenNames = new Set<string>();
  for (const f of all) {
    for (const name of new Set(['', ...REFERENCE_SUFFIXES[f.type]].map((s) => f.name + s))) {
      if (seenNames.has(name)) p.log.report('om/clashing-name', f.line, `family "${f.name}" clashes with another family over the name "${name}"`);
      seenNames.add(name);
    }
  }
  for (const f of all) {
    if (f.type === 'histogram' || f.type === 'gaugehistogram') checkHistogram(f, familyState(p, f).members, p.log);
  }
}

/** The histogram MUSTs per metric point, in the conformance suite's order (client_python `_check_histogram`). */
function checkHistogram(f: FamilyDraft, members: readonly MemberSample[], log: IssueLog): void {
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
