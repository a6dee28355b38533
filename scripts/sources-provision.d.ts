/** Installs postgresql-15 / clickhouse-server when missing (root), or throws with the command to run. */
export function provisionSourceServers(log?: (message: string) => void): void;
