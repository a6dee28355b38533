/**
 * Byte sizes for people: `512 B`, `10 MB`, `21.8 MB`, `1.25 GB`. Binary multiples (1 KB = 1024 B)
 * because the size settings (`maxFileSizeMB`, `maxResponseMB`) are read that way; whole numbers
 * lose their decimals so a limit reads as it was set (`10 MB`, not `10.0 MB`).
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  const digits = i === 0 || Number.isInteger(n) || Math.abs(n) >= 100 ? 0 : 1;
  return `${n.toFixed(digits)} ${units[i]}`;
}
