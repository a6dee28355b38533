/**
 * What the health view shows for one endpoint, whichever source it came from (a scraped
 * /metrics or a Prometheus server). Every figure says which metric it was computed from.
 */
export interface Figure {
  readonly value: number;
  /** The metric or query it came from, shown as the node's tooltip. */
  readonly source: string;
}

export interface HealthFigures {
  readonly requestRate?: Figure & { readonly byHandler: ReadonlyArray<{ readonly handler: string; readonly rate: number }> };
  readonly errorRatePercent?: Figure;
  readonly latencyMs?: { readonly p50?: number; readonly p90?: number; readonly p99?: number; readonly source: string };
  readonly cpuPercent?: Figure;
  readonly memoryBytes?: Figure;
  readonly openFds?: Figure & { readonly max?: number };
  readonly uptimeSeconds?: Figure;
  readonly eventLoopLagMs?: Figure;
  readonly gcCollectionsPerSecond?: Figure;
}

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
  /** True when the figures are from an earlier scrape (the endpoint is down now). */
  readonly stale: boolean;
  readonly figures?: HealthFigures;
  readonly families?: FamilyView[];
  /** The raw body of the last good scrape (for "Open raw scrape"). */
  readonly raw?: string;
  readonly warnings?: string[];
}
