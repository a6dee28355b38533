import type { Cursor } from '../cursor';
import type { FamilyDraft, FamilyTable } from '../familyTable';
import type { IssueLog } from '../issues';
import type { Labels, MetricType, Sample } from '../../model';

/** What the readers and checks of one OpenMetrics parse share (parse.ts owns it). */

/** Sample-name suffixes per family type, as Prometheus' parser groups them (gaugehistogram also takes _count/_sum). */
export const MEMBER_SUFFIXES: Record<MetricType, readonly string[]> = {
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
export const REFERENCE_SUFFIXES: Record<MetricType, readonly string[]> = {
  ...MEMBER_SUFFIXES,
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
};

/** One sample as the family-wide checks see it. */
export interface MemberSample {
  readonly labels: Labels;
  readonly value: number;
  readonly suffix: string;
  readonly seconds?: number;
  readonly line: number;
}

/** What the parse remembers about one family beyond its draft. */
export interface FamilyState {
  help: boolean;
  type: boolean;
  unit: boolean;
  /** The group (labels without le/quantile/state) of the last sample, for the grouping rules. */
  group?: string;
  groupSeconds?: number;
  readonly seenGroups: Set<string>;
  readonly members: MemberSample[];
}

export interface OpenMetricsParse {
  readonly c: Cursor;
  readonly log: IssueLog;
  readonly families: FamilyTable;
  readonly states: Map<FamilyDraft, FamilyState>;
  readonly samples: Sample[];
  /** The family the last line belonged to (families must be contiguous). */
  current?: FamilyDraft;
  eofLine?: number;
  quotedNameLine?: number;
}

export function familyState(p: OpenMetricsParse, f: FamilyDraft): FamilyState {
  let s = p.states.get(f);
  if (!s) {
    s = { help: false, type: false, unit: false, seenGroups: new Set(), members: [] };
    p.states.set(f, s);
  }
  return s;
}

export function whitespace(p: OpenMetricsParse, line: number, what: string): void {
  p.log.report('om/whitespace', line, `${what}: OpenMetrics separates tokens with exactly one space`);
}

/** The sample-name suffix that makes `name` part of `f` ('' for the family name itself), or undefined. */
export function memberSuffix(f: FamilyDraft, name: string): string | undefined {
  if (name === f.name) return '';
  if (!name.startsWith(f.name)) return undefined;
  const suffix = name.slice(f.name.length);
  return MEMBER_SUFFIXES[f.type].includes(suffix) ? suffix : undefined;
}

/** Makes `f` the current family; coming back to a family seen before breaks contiguity. */
export function enterFamily(p: OpenMetricsParse, f: FamilyDraft, line: number, existed: boolean): void {
  if (f !== p.current && existed) {
    p.log.report('om/interleaved', line, `family "${f.name}" continues after other families (families must be contiguous)`);
  }
  p.current = f;
}
