/**
 * A test hook for fault injection (test/unit/faults.test.ts): signals must be tried at each
 * stage of a run (reading, computing, writing), and a run on a small file passes each stage in
 * milliseconds, too fast to hit by timing. With `DRIFT_INSPECT_HOLD_AT=<stage>` the CLI says
 * `drift-inspect: holding at <stage>` on stderr when it reaches that stage and waits there until
 * a signal ends it; the signal then meets the process exactly as it would mid-stage (writing: the
 * first part of the report is in the temp file). Without the variable this costs one lookup.
 */

export type CliStage = 'reading' | 'computing' | 'writing';

export const HOLD_ENV = 'DRIFT_INSPECT_HOLD_AT';

export async function stage(name: CliStage): Promise<void> {
  if (process.env[HOLD_ENV] !== name) return;
  process.stderr.write(`drift-inspect: holding at ${name}\n`);
  // A ref'd timer keeps the process alive; nothing resolves this: only a signal ends the wait.
  await new Promise<never>(() => setInterval(() => undefined, 60_000));
}
