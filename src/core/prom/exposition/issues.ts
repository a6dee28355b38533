import type { ParseWarning, Severity } from '../model';

/**
 * How each problem in an exposition is judged. The official parsers disagree on ~15% of inputs
 * (docs/prometheus.md section 5), so every check names the two verdicts that matter:
 * - `ref`: the format's reference parser rejects it - expfmt (prometheus/common) for the text
 *   format, the OpenMetrics conformance suite (= client_python's strict parser) for OpenMetrics;
 * - `prom`: a Prometheus server's own parser (model/textparse) or its scrape rejects it.
 * Lenient mode keeps what it can and reports the problem with the severity this implies; strict
 * mode throws at the first problem its dialect rejects.
 */
const RULES = {
  // Lines that cannot be read further; every parser rejects them.
  syntax: { ref: true, prom: true },
  crlf: { ref: true, prom: true },
  bom: { ref: true, prom: true },
  'label-utf8': { ref: true, prom: true },
  'label-reserved': { ref: true, prom: true },
  'label-duplicate': { ref: true, prom: true },
  'duplicate-series': { ref: false, prom: false },
  'utf8-names': { ref: false, prom: false },
  'content-type': { ref: false, prom: false },

  'text/no-final-newline': { ref: true, prom: false },
  'text/label-escape': { ref: true, prom: false },
  'text/label-newline': { ref: true, prom: false },
  'text/help-escape': { ref: true, prom: false },
  'text/help-utf8': { ref: false, prom: true },
  'text/duplicate-help': { ref: true, prom: false },
  'text/duplicate-type': { ref: true, prom: false },
  'text/type-after-samples': { ref: true, prom: false },
  'text/type-unknown': { ref: true, prom: true },
  'text/type-whitespace': { ref: true, prom: true },
  'text/type-case': { ref: false, prom: true },
  'text/type-gaugehistogram': { ref: false, prom: true },
  'text/type-missing': { ref: false, prom: true },
  'text/le-not-float': { ref: true, prom: false },
  'text/quantile-not-float': { ref: true, prom: false },
  'text/negative-histogram': { ref: true, prom: false },
  'text/missing-comma': { ref: true, prom: false },
  'text/trailing-space': { ref: true, prom: false },
  'text/timestamp-sign': { ref: false, prom: true },
  'text/value-range': { ref: true, prom: true },
  'text/histogram-shape': { ref: false, prom: false },

  'om/missing-eof': { ref: true, prom: true },
  'om/after-eof': { ref: true, prom: true },
  'om/blank-line': { ref: true, prom: true },
  'om/whitespace': { ref: true, prom: true },
  'om/comment': { ref: true, prom: true },
  'om/type-untyped': { ref: true, prom: true },
  'om/type-unknown': { ref: true, prom: true },
  'om/unit-suffix': { ref: true, prom: true },
  'om/trailing-comma': { ref: true, prom: true },
  'om/missing-comma': { ref: true, prom: true },
  'om/timestamp-nonfinite': { ref: true, prom: true },
  'om/exemplar-unsupported': { ref: true, prom: true },
  'om/value-range': { ref: false, prom: true },
  'om/timestamp-range': { ref: false, prom: false },
  'om/duplicate-metadata': { ref: true, prom: false },
  'om/metadata-after-samples': { ref: true, prom: false },
  'om/interleaved': { ref: true, prom: false },
  'om/clashing-name': { ref: true, prom: false },
  'om/sample-name': { ref: true, prom: false },
  'om/unit-type': { ref: true, prom: false },
  'om/stateset': { ref: true, prom: false },
  'om/info-value': { ref: true, prom: false },
  'om/le': { ref: true, prom: false },
  'om/quantile': { ref: true, prom: false },
  'om/counter-value': { ref: true, prom: false },
  'om/integer-count': { ref: true, prom: false },
  'om/grouping': { ref: true, prom: false },
  'om/timestamp-order': { ref: true, prom: false },
  'om/exemplar-placement': { ref: true, prom: false },
  'om/exemplar-length': { ref: true, prom: false },
  'om/histogram': { ref: true, prom: false },
} as const satisfies Record<string, { ref: boolean; prom: boolean }>;

export type RuleId = keyof typeof RULES;

/**
 * `reference`: expfmt for text, the OpenMetrics conformance suite for OpenMetrics (the default).
 * `prometheus`: the Prometheus server's parsers (model/textparse), as their own tests judge inputs.
 */
export type StrictDialect = 'reference' | 'prometheus';

export function ruleSeverity(rule: RuleId): Severity {
  const r = RULES[rule];
  if (r.prom) return 'error';
  return r.ref ? 'warning' : 'info';
}

export function ruleRejects(rule: RuleId, dialect: StrictDialect): boolean {
  return dialect === 'reference' ? RULES[rule].ref : RULES[rule].prom;
}

/** Thrown in strict mode: `line N: what is wrong`. `line` is absent for a problem of the whole input. */
export class ExpositionError extends Error {
  override readonly name = 'ExpositionError';
  constructor(
    readonly line: number | undefined,
    readonly reason: string,
    readonly rule: string = 'syntax',
  ) {
    super(line === undefined ? reason : `line ${line}: ${reason}`);
  }
}

/** Lenient mode's signal to drop the rest of the current line and go on with the next. */
export class SkipLine {
  readonly skipLine = true;
}

/** Enough to show what is wrong without flooding the view on a body that is not metrics at all. */
const MAX_WARNINGS = 200;

export class IssueLog {
  private readonly list: ParseWarning[] = [];
  private dropped = 0;

  /** `strict` undefined = lenient. */
  constructor(private readonly strict: StrictDialect | undefined) {}

  get isStrict(): boolean {
    return this.strict !== undefined;
  }

  /** A broken rule: thrown in strict mode when its dialect rejects it, recorded otherwise. */
  report(rule: RuleId, line: number | undefined, message: string): void {
    if (this.strict !== undefined && ruleRejects(rule, this.strict)) throw new ExpositionError(line, message, rule);
    this.add({ severity: ruleSeverity(rule), rule, ...(line === undefined ? {} : { line }), message });
  }

  /** The line cannot be read further: strict mode throws, lenient mode records it and skips the line. */
  syntax(line: number, message: string): never {
    if (this.strict !== undefined) throw new ExpositionError(line, message);
    this.add({ severity: 'error', rule: 'syntax', line, message });
    throw new SkipLine();
  }

  /** A note from outside the body (Content-Type, encoding) that no dialect rejects. */
  note(rule: string, severity: Severity, message: string): void {
    this.add({ severity, rule, message });
  }

  /** Findings recorded so far: a reader that caches what it read compares it before and after. */
  get count(): number {
    return this.list.length + this.dropped;
  }

  warnings(): ParseWarning[] {
    if (this.dropped === 0) return this.list;
    return [...this.list, { severity: 'info', rule: 'truncated', message: `${this.dropped} more problems not listed` }];
  }

  private add(w: ParseWarning): void {
    if (this.list.length < MAX_WARNINGS) this.list.push(w);
    else this.dropped++;
  }
}
