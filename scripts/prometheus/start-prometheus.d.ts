export interface StartPrometheusOptions {
  /** `127.0.0.1:8000` or `http://127.0.0.1:8000/metrics`. */
  targets: string[];
  /** Default 1. */
  scrapeIntervalSeconds?: number;
  /** The job label of every target; default `demo`. */
  job?: string;
  /** Default /usr/bin/prometheus. */
  binary?: string;
  startTimeoutMs?: number;
}

export interface RunningPrometheus {
  /** `http://127.0.0.1:PORT` (the API is under `${url}/api/v1/`). */
  url: string;
  pid: number;
  job: string;
  /** Temp dir with prometheus.yml, data/ and prometheus.log; removed by stop(). */
  dir: string;
  /** SIGTERM to `pid` (SIGKILL after 10 s), then removes `dir`. */
  stop(): Promise<void>;
}

export const PROMETHEUS: string;
export function configYaml(options: { targets: string[]; scrapeIntervalSeconds: number; job: string }): string;
export function startPrometheus(options: StartPrometheusOptions): Promise<RunningPrometheus>;
