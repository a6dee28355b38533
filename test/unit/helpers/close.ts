import { strict as assert } from 'assert';

/** Scores agree with scipy to 1e-9 absolute or 1e-6 relative (the project's promise). */
export function assertClose(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null, `${what}: no score`);
  if (Number.isNaN(expected)) {
    assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
    return;
  }
  if (!Number.isFinite(expected)) {
    assert.equal(actual, expected, what);
    return;
  }
  const abs = Math.abs(actual - expected);
  const rel = abs / Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(abs <= 1e-9 || rel <= 1e-6, `${what}: ${actual} vs scipy ${expected} (abs ${abs}, rel ${rel})`);
}
