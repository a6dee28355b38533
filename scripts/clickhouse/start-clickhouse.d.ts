export interface ClickHouseShard {
  httpPort: number;
  tcpPort: number;
  pid: number;
}
export interface RunningClickHouseCluster {
  /** The cluster's name in remote_servers (both shards name it). */
  cluster: string;
  /** A user with a password (the `default` user has none). */
  user: { name: string; password: string };
  shards: ClickHouseShard[];
  /** SIGTERM to each PID (SIGKILL after 10 s), then removes the temp dirs. */
  stop(): Promise<void>;
}
export const CLUSTER: string;
export const TEST_USER: { name: string; password: string };
export function clickHouseInstalled(binary?: string): boolean;
export function startClickHouseCluster(options?: { binary?: string; startTimeoutMs?: number }): Promise<RunningClickHouseCluster>;
