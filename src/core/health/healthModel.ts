/**
 * What the health view shows for one endpoint. From the wire to the tree the figures take four
 * shapes, each built in one place:
 *
 *   1. ParseResult      families and samples of one scrape (prom/exposition/parse.ts), kept with
 *                       its time and the "All metrics" list as a ParsedScrape (parsedScrape.ts);
 *   2. HealthReport     the figures, each a HealthValue with its unit, the metric it came from and
 *                       a note when it has no number: computeHealth over two consecutive scrapes
 *                       (healthReport.ts), or the PromQL answers of a Prometheus server
 *                       (endpointMonitor.ts, pollServer);
 *   3. EndpointSnapshot the report with the endpoint's status, kept while it is down (below);
 *   4. HealthNode       a tree node (src/extension/health/healthTree.ts), formatted by
 *                       format.ts (formatHealthValue) into a TreeItem.
 *
 * The status bar and the alerts (healthAlerts.ts) read the same EndpointSnapshot.
 */
import type { HealthReport } from './healthReport';

export interface SeriesValue {
  readonly key: string;
  /** `name{labels}` as Prometheus writes it. */
  readonly label: string;
  readonly value: number;
}

export interface FamilyView {
  readonly name: string;
  readonly type: string;
  readonly help?: string;
  readonly series: SeriesValue[];
}

export type EndpointStatus = 'pending' | 'up' | 'down';

export interface EndpointSnapshot {
  readonly status: EndpointStatus;
  /** Why it is down (`ECONNREFUSED`, `HTTP 404`, `timeout`, `not Prometheus text`, ...). */
  readonly reason?: string;
  readonly detail?: string;
  /** Epoch ms of the last successful scrape. */
  readonly lastGoodAt?: number;
  /** True when the report is from an earlier scrape (the endpoint is down now). */
  readonly stale: boolean;
  readonly report?: HealthReport;
  readonly families?: FamilyView[];
  /** The raw body of the last good scrape (for "Open raw scrape"). */
  readonly raw?: string;
  readonly warnings?: string[];
}
