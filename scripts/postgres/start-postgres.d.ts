export interface RunningPostgres {
  host: string;
  port: number;
  pid: number;
  /** The superuser, trusted on loopback. */
  user: string;
  /** A role with a password (scram-sha-256 on 127.0.0.1). */
  testUser: { name: string; password: string };
  /** Temp dir (data, socket, log); removed by stop(). */
  dir: string;
  /** Runs SQL through psql as the superuser; returns its unaligned output. */
  psql(sql: string, db?: string): string;
  /** SIGINT (fast shutdown) to `pid` (SIGKILL after 10 s), then removes `dir`. */
  stop(): Promise<void>;
}
export const TEST_USER: { name: string; password: string };
export const BIN: string;
export function startPostgres(options?: { bin?: string; startTimeoutMs?: number }): Promise<RunningPostgres>;
