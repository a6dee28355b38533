import type { Rng } from './rng';

/**
 * Byte-level mutations, the kinds a damaged copy or a hostile writer makes: bit flips, zeroed and
 * 0xff bytes, zeroed runs, truncation, deleted, duplicated and inserted ranges, and splices of
 * another input. `tokens` are bytes that matter to the format (quotes, line breaks, delimiters),
 * inserted or written over a byte, so text formats are pushed into their edge cases too.
 */
export interface MutationOptions {
  readonly tokens?: readonly Uint8Array[];
  /** Other inputs to splice from. */
  readonly donors?: readonly Uint8Array[];
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x0f, 0x10, 0x20, 0x40];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One mutation of `input` (a new array; the input is not changed). */
export function mutateOnce(rng: Rng, input: Uint8Array, options: MutationOptions = {}): Uint8Array {
  const n = input.length;
  if (n === 0) return options.tokens?.length ? new Uint8Array(rng.pick(options.tokens)) : Uint8Array.of(rng.int(256));
  const out = new Uint8Array(input); // a copy (Buffer's slice would share the input's memory)
  const at = rng.int(n);
  const span = 1 + rng.int(Math.min(n - at, rng.chance(0.8) ? 8 : 256));
  switch (rng.int(11)) {
    case 0:
      out[at] ^= 1 << rng.int(8);
      return out;
    case 1:
      out[at] = 0;
      return out;
    case 2:
      out[at] = rng.pick(INTERESTING);
      return out;
    case 3:
      out.fill(rng.chance(0.5) ? 0 : 0xff, at, at + span);
      return out;
    case 4:
      return out.slice(0, at); // truncated
    case 5:
      return concat(out.subarray(0, at), out.subarray(at + span)); // a range deleted
    case 6:
      return concat(out.subarray(0, at + span), out.subarray(at, at + span), out.subarray(at + span)); // duplicated
    case 7: {
      const donors = options.donors ?? [];
      const donor = donors.length ? rng.pick(donors) : input;
      const from = rng.int(Math.max(1, donor.length));
      return concat(out.subarray(0, at), donor.subarray(from, from + span), out.subarray(at + rng.int(span + 1)));
    }
    case 8:
      out[at] = rng.int(256);
      return out;
    default: {
      const tokens = options.tokens ?? [];
      if (tokens.length === 0) {
        out[at] = (out[at] + 1 + rng.int(255)) & 0xff;
        return out;
      }
      const token = rng.pick(tokens);
      return rng.chance(0.5) ? concat(out.subarray(0, at), token, out.subarray(at)) : concat(out.subarray(0, at), token, out.subarray(at + 1));
    }
  }
}

/** One to `max` mutations in a row (mostly few: one byte is what usually breaks a decoder). */
export function mutate(rng: Rng, input: Uint8Array, options: MutationOptions = {}, max = 4): Uint8Array {
  let out = input;
  const times = rng.chance(0.6) ? 1 : 1 + rng.int(max);
  for (let i = 0; i < times; i++) out = mutateOnce(rng, out, options);
  return out;
}
