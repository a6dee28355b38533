import { DatasetReadError } from '../../src/core/read/dataset';
import type { Rng } from './rng';

/**
 * One fuzz target: how to make an input (in the runner, from a seeded generator) and how to judge
 * one (in a sandbox child, test/fuzz/sandbox.ts, so a hang or a runaway allocation is caught).
 */
export interface FuzzCase {
  readonly input: Uint8Array;
  /** What the input is read as (a delimiter, `json` or `jsonl`, a format): part of a saved fixture's name. */
  readonly variant: string;
}

export interface FuzzTarget {
  readonly name: string;
  /** What the target fuzzes, for the report. */
  readonly about: string;
  /** The next input. Must use only `rng` for randomness, so a seed replays a run. */
  makeCase(rng: Rng): FuzzCase;
  /** Judges one input: resolves when the code under test did right, throws Finding when not. */
  check(c: FuzzCase): Promise<void>;
}

/** The code under test did wrong on an input (not an input the code rightly refused). */
export class Finding extends Error {
  override readonly name = 'Finding';
}

/**
 * What a reader must do with input it refuses: a DatasetReadError whose message names the file
 * and reads as words, not a stack trace or a value that leaked from a broken decoder.
 */
export function expectUserError(e: unknown, source: string): DatasetReadError {
  if (!(e instanceof DatasetReadError)) {
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new Finding(`internal error instead of a message for the user: ${what}`);
  }
  if (!e.message.startsWith(source)) throw new Finding(`the message does not name the file: ${e.message}`);
  if (/internal error|\bundefined\b|\[object |\n\s+at /.test(e.message)) throw new Finding(`the message leaks internals: ${e.message}`);
  return e;
}

export const textBytes = (s: string): Uint8Array => new TextEncoder().encode(s);
