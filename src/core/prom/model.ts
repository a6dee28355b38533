/**
 * What a parsed Prometheus / OpenMetrics exposition looks like (docs/prometheus.md sections 1-3).
 * Plain data: safe to post to a webview or print as JSON once values go through `formatValue`.
 */

/** The grammar the body was read with; 1.0.0 text is the 0.0.4 grammar plus quoted UTF-8 names. */
export type ExpositionFormat = 'prometheus-text-0.0.4' | 'prometheus-text-1.0.0' | 'openmetrics-text-1.0.0';

/**
 * `untyped` is the text format's word, `unknown` OpenMetrics'; `info`, `stateset` exist only in
 * OpenMetrics and `gaugehistogram` is an extension in text.
 */
export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'gaugehistogram'
  | 'summary'
  | 'info'
  | 'stateset'
  | 'unknown'
  | 'untyped';

/** Label name -> unescaped value, in the order written. */
export type Labels = Record<string, string>;

export interface Exemplar {
  readonly labels: Labels;
  readonly value: number;
  readonly timestampMs?: number;
}

export interface Sample {
  /** The sample's own name, e.g. `http_requests_total` or `x_bucket`. */
  readonly name: string;
  readonly labels: Labels;
  readonly value: number;
  /** Text format: as written (ms). OpenMetrics: seconds x 1000, truncated. Absent when not given or outside int64. */
  readonly timestampMs?: number;
  readonly exemplar?: Exemplar;
  /** Name of the family it belongs to (`x` for `x_bucket` of histogram `x`). */
  readonly family: string;
  /** 1-based line of the input. */
  readonly line: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  /** Undefined when there was no HELP line; '' for a HELP line without text. */
  readonly help?: string;
  /** OpenMetrics only; '' for a UNIT line without text. */
  readonly unit?: string;
  /** Families can be metadata only (a HELP or TYPE without samples): then 0. */
  readonly sampleCount: number;
  /** 1-based line where the family first appeared. */
  readonly line: number;
}

/**
 * `error`: a Prometheus server would fail this scrape. `warning`: Prometheus takes it but the format's
 * reference parser (expfmt for text, the OpenMetrics conformance suite) rejects it. `info`: legal but
 * worth knowing (duplicate series, odd histograms, names old servers reject).
 */
export type Severity = 'error' | 'warning' | 'info';

export interface ParseWarning {
  readonly severity: Severity;
  /** Stable id of the check, e.g. `text/no-final-newline`. */
  readonly rule: string;
  /** 1-based; absent for a problem of the whole response (e.g. its Content-Type). */
  readonly line?: number;
  readonly message: string;
}

export interface ParseResult {
  readonly format: ExpositionFormat;
  /** In order of first appearance. */
  readonly families: MetricFamily[];
  /** In input order. */
  readonly samples: Sample[];
  readonly warnings: ParseWarning[];
}

/** Sample values as the Prometheus API writes them: `NaN`, `+Inf`, `-Inf` or JavaScript's `String(number)`. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** A stable identity for a series: name plus labels sorted by name (label order in the text does not matter). */
export function seriesKey(name: string, labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length > 1) names.sort();
  // JSON.stringify([name, [n1, v1], ...]) written out (this runs for every new series of every
  // scrape), its parts joined once: one flat string. Built with `+=` it was a tree of a dozen
  // partial strings that lived as long as the key, and the health view keeps its keys.
  const parts = ['['];
  pushJson(parts, name);
  for (const n of names) {
    parts.push(',[');
    pushJson(parts, n);
    parts.push(',');
    pushJson(parts, labels[n]);
    parts.push(']');
  }
  parts.push(']');
  return parts.join('');
}

/**
 * Pushes JSON.stringify(text): quoted as it is when nothing in it needs an escape (quote,
 * backslash, a control character, a surrogate that JSON.stringify writes as \u....), which is
 * nearly every name and value; JSON.stringify itself otherwise. A loop, not a pattern: it runs per label.
 */
function pushJson(parts: string[], text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) {
      parts.push(JSON.stringify(text));
      return;
    }
  }
  parts.push('"', text, '"');
}

/** A series' key and label, kept with its labels object (a series' name and labels never change). */
interface SeriesNames {
  readonly name: string;
  readonly key: string;
  label?: string;
}

/**
 * Per labels object: the parsers make one per sample, but the health view's parse shares one per
 * series across scrapes (exposition/text/seriesHeads.ts), so a series' key and label are built once
 * per endpoint rather than once per scrape.
 */
const seriesNames = new WeakMap<Labels, SeriesNames>();

function namesOf(sample: Sample): SeriesNames {
  let names = seriesNames.get(sample.labels);
  if (names === undefined || names.name !== sample.name) {
    // `label` in the literal: added later it would move to a separate property array per series.
    names = { name: sample.name, key: seriesKey(sample.name, sample.labels), label: undefined };
    seriesNames.set(sample.labels, names);
  }
  return names;
}

/**
 * seriesKey(sample.name, sample.labels), computed once per series: the linter, the families of
 * the health view and both scrapes of a rate ask for it, and on a large scrape it was the parse's
 * largest cost after the garbage collector (bench/results-load.md).
 */
export function sampleKey(sample: Sample): string {
  return namesOf(sample).key;
}

/** seriesLabel(sample.name, sample.labels), computed once per series as sampleKey is. */
export function sampleLabel(sample: Sample): string {
  const names = namesOf(sample);
  return (names.label ??= seriesLabel(sample.name, sample.labels));
}

/** `name{a="1",b="x"}`, label values escaped as in the text format. */
export function seriesLabel(name: string, labels: Labels): string {
  // Each value escaped only when it holds a character to escape, the parts joined once into one
  // flat string (the health view keeps a label per series; see seriesKey).
  const keys = Object.keys(labels);
  if (keys.length === 0) return name;
  const parts = [name, '{'];
  for (const k of keys) {
    const v = labels[k];
    const escaped = /[\\"\n]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : v;
    parts.push(parts.length > 2 ? ',' : '', k, '="', escaped, '"');
  }
  parts.push('}');
  return parts.join('');
}
