import { computeHealth, type HealthOptions, type HealthReport, type HealthValue, type Snapshot } from './health';
import { seriesKey, seriesLabel, type ParseResult } from '../prom/model';
import { parseExposition } from '../prom/exposition/parse';
import type { FamilyView, Figure, HealthFigures } from './healthModel';

export interface ParsedScrape {
  readonly snapshot: Snapshot;
  readonly families: FamilyView[];
  readonly warnings: string[];
  readonly scrapedAt: number;
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
    snapshot: { result, receivedMs: scrapedAt },
    families: familiesOf(result),
    warnings: result.warnings.map((w) => `${w.line !== undefined ? `line ${w.line}: ` : ''}${w.message}`),
    scrapedAt,
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

/** The view's figures from two consecutive good scrapes (rates need both; the first poll has none). */
export function figuresFromScrapes(prev: ParsedScrape | undefined, cur: ParsedScrape, options: HealthOptions = {}): HealthFigures {
  return toFigures(computeHealth(prev?.snapshot, cur.snapshot, options));
}

function fig(v: HealthValue | undefined, scale = 1): Figure | undefined {
  return v && v.value !== null ? { value: v.value * scale, source: v.source } : undefined;
}

export function toFigures(h: HealthReport): HealthFigures {
  const total = fig(h.requests?.total);
  return {
    requestRate: total && {
      ...total,
      byHandler: (h.requests?.byHandler ?? []).filter((n) => n.value.value !== null).map((n) => ({ handler: n.name, rate: n.value.value! })),
    },
    errorRatePercent: fig(h.errorRatio),
    latencyMs: h.latency && {
      p50: h.latency.p50.value ?? undefined,
      p90: h.latency.p90.value ?? undefined,
      p99: h.latency.p99.value ?? undefined,
      source: h.latency.p99.source,
    },
    cpuPercent: fig(h.cpu),
    memoryBytes: fig(h.memory),
    openFds: h.openFds && h.openFds.value !== null ? { value: h.openFds.value, source: h.openFds.source, max: h.maxFds?.value ?? undefined } : undefined,
    uptimeSeconds: fig(h.uptime),
    eventLoopLagMs: fig(h.eventLoopLag),
    gcCollectionsPerSecond: fig(h.gc?.collections),
  };
}
