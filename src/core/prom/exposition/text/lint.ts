import type { FamilyTable } from '../familyTable';
import type { IssueLog } from '../issues';
import { parseLabelFloat } from '../numbers';
import { sampleKey, seriesKey, type Sample } from '../../model';
import { STEP_LINES, type Steps } from '../steps';

/**
 * Legal but suspicious, checked once every line is read: repeated series, histograms that cannot
 * give quantiles. Info only. Samples are grouped by family once (a scan of every sample per
 * histogram family made a body of many histograms quadratic); pauses as the parser does (../steps.ts).
 */
export function* lintSamples(samples: Sample[], families: FamilyTable, log: IssueLog): Steps<void> {
  // Series key -> the timestamps seen with it (one, nearly always): no key@timestamp string per sample.
  const seen = new Map<string, string | Set<string>>();
  const byFamily = new Map<string, Sample[]>();
  for (let i = 0; i < samples.length; i++) {
    if (i % STEP_LINES === 0) yield;
    const s = samples[i];
    const key = sampleKey(s);
    const at = String(s.timestampMs);
    const before = seen.get(key);
    if (before === undefined) seen.set(key, at);
    else if (before === at || (typeof before !== 'string' && before.has(at))) log.report('duplicate-series', s.line, `series ${s.name} with these labels appears more than once`);
    else if (typeof before === 'string') seen.set(key, new Set([before, at]));
    else before.add(at);
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
