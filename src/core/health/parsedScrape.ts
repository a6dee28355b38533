import type { Snapshot } from './healthReport';
import { seriesKey, seriesLabel, type ParseResult } from '../prom/model';
import { parseExposition } from '../prom/exposition/parse';
import type { FamilyView } from './healthModel';

/** One good scrape: what computeHealth reads (the parse and its time), the families for "All metrics", the lint warnings. */
export interface ParsedScrape extends Snapshot {
  readonly families: FamilyView[];
  readonly warnings: string[];
}

/**
 * Parses a scrape leniently (what a Prometheus server accepts). When Prometheus would fail the
 * scrape (an error-level finding), so does the view, with the first problem and its line.
 */
export function parseScrape(body: string, contentType: string, scrapedAt: number): ParsedScrape | { error: string } {
  let result: ParseResult;
  try {
    result = parseExposition(body, { contentType });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  const errors = result.warnings.filter((w) => w.severity === 'error');
  if (errors.length) {
    const first = errors[0];
    return { error: `${first.line !== undefined ? `line ${first.line}: ` : ''}${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}` };
  }
  return {
    result,
    receivedMs: scrapedAt,
    families: familiesOf(result),
    warnings: result.warnings.map((w) => `${w.line !== undefined ? `line ${w.line}: ` : ''}${w.message}`),
  };
}

function familiesOf(result: ParseResult): FamilyView[] {
  const byFamily = new Map<string, FamilyView>();
  for (const f of result.families) byFamily.set(f.name, { name: f.name, type: f.type, help: f.help, series: [] });
  for (const s of result.samples) {
    let f = byFamily.get(s.family);
    if (!f) {
      f = { name: s.family, type: 'untyped', series: [] };
      byFamily.set(s.family, f);
    }
    f.series.push({ key: seriesKey(s.name, s.labels), label: seriesLabel(s.name, s.labels), value: s.value });
  }
  return [...byFamily.values()];
}
