/** One configured endpoint: a service's metrics URL, or a Prometheus server and a job. */
export interface EndpointConfig {
  readonly name: string;
  readonly url?: string;
  readonly prometheus?: string;
  readonly job?: string;
  /** A counter (or histogram) to count requests with, when the usual names are absent. */
  readonly requestMetric?: string;
  /** A histogram or summary to take latency from. */
  readonly latencyMetric?: string;
}

/** The health settings as the monitor and the alerts use them (read from VS Code by src/extension/health/healthSettings.ts). */
export interface HealthSettings {
  readonly endpoints: EndpointConfig[];
  /** Endpoints from workspace settings left out because the workspace is not trusted. */
  readonly untrustedSkipped: number;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly errorRatePercent: number;
  readonly p99LatencyMs: number;
}
