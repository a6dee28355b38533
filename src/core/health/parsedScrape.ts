import type { Snapshot } from './healthReport';
import { sampleKey, sampleLabel, type ParseResult } from '../prom/model';
import { parseExpositionInSlices } from '../prom/exposition/parse';
import type { SeriesHeads } from '../prom/exposition/text/seriesHeads';
import { runInSlices, STEP_LINES, type Steps } from '../prom/exposition/steps';
import type { FamilyView } from './healthModel';

/** One good scrape: what computeHealth reads (the parse and its time), the families for "All metrics", the lint warnings. */
export interface ParsedScrape extends Snapshot {
  readonly families: FamilyView[];
  readonly warnings: string[];
}

/**
 * Parses a scrape leniently (what a Prometheus server accepts), a slice at a time
 * (prom/exposition/steps.ts): the health view runs on the extension host's thread, where a large
 * body must never hold the event loop for long. When Prometheus would fail the scrape (an
 * error-level finding), so does the view, with the first problem and its line.
 */
export async function parseScrapeInSlices(body: string, contentType: string, scrapedAt: number, heads?: SeriesHeads): Promise<ParsedScrape | { error: string }> {
  let result: ParseResult;
  try {
    result = await parseExpositionInSlices(body, { contentType, heads });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  return runInSlices(toScrape(result, scrapedAt));
}

function* toScrape(result: ParseResult, scrapedAt: number): Steps<ParsedScrape | { error: string }> {
  const errors = result.warnings.filter((w) => w.severity === 'error');
  if (errors.length) {
    const first = errors[0];
    return { error: `${first.line !== undefined ? `line ${first.line}: ` : ''}${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}` };
  }
  return {
    result,
    receivedMs: scrapedAt,
    families: yield* familiesOf(result),
    warnings: result.warnings.map((w) => `${w.line !== undefined ? `line ${w.line}: ` : ''}${w.message}`),
  };
}

function* familiesOf(result: ParseResult): Steps<FamilyView[]> {
  const byFamily = new Map<string, FamilyView>();
  for (const f of result.families) byFamily.set(f.name, { name: f.name, type: f.type, help: f.help, series: [] });
  const samples = result.samples;
  for (let i = 0; i < samples.length; i++) {
    if (i % STEP_LINES === 0) yield;
    const s = samples[i];
    let f = byFamily.get(s.family);
    if (!f) {
      f = { name: s.family, type: 'untyped', series: [] };
      byFamily.set(s.family, f);
    }
    f.series.push({ key: sampleKey(s), label: sampleLabel(s), value: s.value });
  }
  return [...byFamily.values()];
}
