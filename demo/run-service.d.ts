export interface DemoServiceOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Requests per second of the built-in load generator; 0 (default) = none. */
  loadRps?: number;
  startTimeoutMs?: number;
}

export interface RunningDemoService {
  /** `http://127.0.0.1:PORT`; metrics at `${url}/metrics`. */
  url: string;
  pid: number;
  /** SIGTERM to `pid` (SIGKILL after 5 s); resolves once it has exited. */
  stop(): Promise<void>;
}

export function startDemoService(options?: DemoServiceOptions): Promise<RunningDemoService>;
