/**
 * numpy's legacy global generator (`np.random.seed(s)` / `np.random.RandomState(s)`), only as far as
 * Evidently's permutation tests use it: MT19937 seeded with the reference `init_genrand` recurrence
 * (numpy's `mt19937_seed`), 32-bit draws, `random_interval` (mask-and-reject bounded integers, the
 * legacy algorithm, not the Lemire method of `np.random.Generator`), the Fisher-Yates `shuffle` of
 * `RandomState._shuffle_raw`, and `permutation(n)` = shuffle of `arange(n)`. `choice(a, k,
 * replace=False)` without `p` is `permutation(len(a))[:k]` in numpy's legacy code, so callers use
 * `permutation` for it. Same seed, same stream as numpy 1.x `RandomState`.
 */

const STATE_LEN = 624;
const SHIFT = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class LegacyRandomState {
  private readonly key = new Uint32Array(STATE_LEN);
  private pos = STATE_LEN;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError('seed must be an integer between 0 and 2**32 - 1');
    }
    // Knuth's multiplier recurrence from the MT19937 reference code (init_genrand).
    this.key[0] = seed >>> 0;
    for (let i = 1; i < STATE_LEN; i++) {
      const prev = this.key[i - 1] ^ (this.key[i - 1] >>> 30);
      this.key[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** Regenerates all 624 words at once (the "twist"). */
  private twist(): void {
    const k = this.key;
    const mix = (a: number, b: number): number => {
      const y = (k[a] & UPPER_MASK) | (k[b] & LOWER_MASK);
      return (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    };
    let i = 0;
    for (; i < STATE_LEN - SHIFT; i++) k[i] = k[i + SHIFT] ^ mix(i, i + 1);
    for (; i < STATE_LEN - 1; i++) k[i] = k[i + SHIFT - STATE_LEN] ^ mix(i, i + 1);
    k[STATE_LEN - 1] = k[SHIFT - 1] ^ mix(STATE_LEN - 1, 0);
    this.pos = 0;
  }

  /** Next tempered 32-bit output, as an unsigned number. */
  nextUint32(): number {
    if (this.pos >= STATE_LEN) this.twist();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * Uniform integer in [0, max]: draw 32 bits, keep the bits under the smallest all-ones mask that
   * covers `max`, and redraw while the value exceeds `max` (numpy's `random_interval`).
   */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    if (!Number.isInteger(max) || max < 0 || max > 0xffffffff) {
      throw new RangeError('randomInterval supports 0 <= max < 2**32');
    }
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /**
   * In-place shuffle, walking from the last slot down and swapping each with a random earlier one:
   * j = randomInterval(i). The mask is carried down instead of recomputed (same draws, faster).
   */
  shuffle(items: Int32Array): void {
    let mask = 0xffffffff;
    for (let i = items.length - 1; i >= 1; i--) {
      // Smallest all-ones mask covering i, as randomInterval(i) would compute it.
      while (mask >>> 1 >= i) mask >>>= 1;
      let j: number;
      do {
        j = (this.nextUint32() & mask) >>> 0;
      } while (j > i);
      const t = items[j];
      items[j] = items[i];
      items[i] = t;
    }
  }

  /** `permutation(n)`: a shuffled `0..n-1`. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }
}
