import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import { deflateRawSync, inflateRawSync } from 'zlib';
import * as fc from 'fast-check';
import { compareDatasets } from '../../src/core/drift/engine';
import type { DriftSettings } from '../../src/core/drift/settings';
import { categoryProfileFromCounts, numericProfileFromCounts, profileDataset, truncateBits } from '../../src/core/profile/build';
import { decodeProfileFile, encodeProfileFile } from '../../src/core/profile/format';
import { mergeColumnProfiles, mergeProfiles } from '../../src/core/profile/merge';
import type { DatasetProfile } from '../../src/core/profile/profile';
import { checkProfile } from '../../src/core/profile/validate';
import { DatasetReadError, type Column, type Dataset } from '../../src/core/read/dataset';
import { STAT_TESTS } from '../../src/core/stats/registry';
import type { DriftReport } from '../../src/shared/report';
import { dataset, dictCol, numCol, seeded } from './helpers/columns';

/** Rows `from`..`to` of a dataset (same dictionaries: entries unused in the part are fine). */
function slice(d: Dataset, from: number, to: number): Dataset {
  const columns: Column[] = d.columns.map((c) =>
    c.storage === 'numeric'
      ? { ...c, values: c.values.slice(from, to) }
      : { ...c, codes: c.codes.slice(from, to) },
  );
  return { ...d, rows: to - from, columns };
}

/** The same dataset with its rows in another order. */
function permute(d: Dataset, order: readonly number[]): Dataset {
  const columns: Column[] = d.columns.map((c) =>
    c.storage === 'numeric'
      ? { ...c, values: Float64Array.from(order, (i) => c.values[i]) }
      : { ...c, codes: Int32Array.from(order, (i) => c.codes[i]) },
  );
  return { ...d, columns };
}

function shuffled(n: number, rand: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * A side with every kind of column: decimals (with missing, +-inf and -0), integers with many
 * values, few-valued integers, categories (names that are Object.prototype members too), booleans,
 * text, dates, and an empty column.
 */
function side(seed: number, n: number, shift: number): Dataset {
  const rand = seeded(seed);
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu'];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const dec: (number | null)[] = [];
  const int: number[] = [];
  const small: number[] = [];
  const cat: (string | null)[] = [];
  const bool: string[] = [];
  const text: string[] = [];
  const date: string[] = [];
  const empty: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const u = rand();
    dec.push(u < 0.03 ? null : u < 0.04 ? (rand() < 0.5 ? Infinity : -Infinity) : u < 0.05 ? -0 : Math.round((10 + shift + 3 * (rand() + rand() - 1)) * 1000) / 1000);
    int.push(Math.floor(500 + 200 * shift + 300 * (rand() - 0.5)));
    small.push(Math.floor(rand() * (4 + shift)));
    cat.push(rand() < 0.05 ? null : pick(['__proto__', 'constructor', 'valueOf', 'a', 'b', shift ? 'c' : 'a']));
    bool.push(rand() < 0.5 + 0.2 * shift ? 'True' : 'False');
    text.push(`${pick(words)} ${pick(words)} ${shift ? pick(words) : pick(words.slice(0, 6))} ${i % 97}`);
    date.push(`2024-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 10)}`);
    empty.push(null);
  }
  return dataset(`side-${seed}.csv`, [
    numCol('decimal', dec),
    numCol('integer', int),
    numCol('small', small),
    dictCol('category', cat),
    dictCol('flag', bool),
    dictCol('text', text),
    dictCol('date', date),
    numCol('empty', empty),
  ]);
}

/** Through the file format and back: what a profile file or the cache hands the engine. */
function viaFile(p: DatasetProfile): DatasetProfile {
  return decodeProfileFile(encodeProfileFile(p), 'test.driftprofile');
}

function withoutSources(r: DriftReport): unknown {
  return { ...r, reference: { ...r.reference, source: '' }, current: { ...r.current, source: '' } };
}

describe('profiles: the engine gives the same report from raw columns and from profiles', () => {
  const ref = side(1, 600, 0);
  const cur = side(2, 500, 1);
  // Every test on every type it takes (18 Evidently tests + text_token_jsd).
  const runs: Array<[string, DriftSettings]> = [['defaults', {}]];
  for (const t of STAT_TESTS.values()) {
    for (const type of t.types) {
      const key = type === 'numerical' ? 'numMethod' : type === 'categorical' ? 'catMethod' : 'textMethod';
      runs.push([`${t.id} on ${type}`, { [key]: t.id }]);
    }
  }

  it('covers all 19 tests', () => {
    assert.equal(new Set(runs.slice(1).map(([n]) => n.split(' ')[0])).size, 19);
  });

  for (const [name, settings] of runs) {
    it(`${name}: raw = profile = profile file = rows in another order (same tests, scores, verdicts)`, () => {
      const raw = compareDatasets(ref, cur, settings);
      const fromProfiles = compareDatasets(profileDataset(ref), profileDataset(cur), settings);
      const fromFiles = compareDatasets(viaFile(profileDataset(ref)), viaFile(profileDataset(cur)), settings);
      const rand = seeded(99);
      const reordered = compareDatasets(permute(ref, shuffled(ref.rows, rand)), permute(cur, shuffled(cur.rows, rand)), settings);
      // The same sorted values reach every test on each path: equal to the last bit.
      assert.deepEqual(withoutSources(fromProfiles), withoutSources(raw));
      assert.deepEqual(withoutSources(fromFiles), withoutSources(raw));
      assert.deepEqual(withoutSources(reordered), withoutSources(raw));
      assert.ok(raw.columns.some((c) => c.score !== null), 'something was tested');
    });
  }

  it('mixed sides: a raw reference against a profiled current', () => {
    const settings = { numMethod: 'es' };
    assert.deepEqual(withoutSources(compareDatasets(ref, profileDataset(cur), settings)), withoutSources(compareDatasets(ref, cur, settings)));
  });
});

describe('profiles: merge', () => {
  const whole = side(5, 700, 0);
  const prof = (d: Dataset, maxDistinct?: number) => profileDataset(d, { maxDistinct });
  const columnsOf = (p: DatasetProfile) => p.columns;

  it('merge(profile(A), profile(B)) deep-equals profile(A ∪ B) for every column kind, at every split', () => {
    for (const at of [0, 1, 137, 350, 699, 700]) {
      const merged = mergeProfiles(prof(slice(whole, 0, at)), prof(slice(whole, at, whole.rows)));
      assert.deepEqual(columnsOf(merged), columnsOf(prof(whole)), `split at ${at}`);
      assert.equal(merged.rows, whole.rows);
      assert.equal(checkProfile(merged), undefined);
    }
  });

  it('approximate profiles (cap below the distinct count) merge to the approximate profile of the whole', () => {
    const rand = seeded(8);
    const values = Array.from({ length: 3000 }, () => (rand() - 0.3) * 10 ** Math.floor(rand() * 6 - 2));
    const d = dataset('x.csv', [numCol('x', values)]);
    // (Values over about 20 binades and both signs: at least ~45 distinct at any truncation.)
    for (const cap of [100, 400, 2000]) {
      const direct = prof(d, cap);
      const p = direct.columns[0];
      assert.ok(p.kind === 'numeric' && p.approximate && p.values.length <= cap, `cap ${cap}`);
      for (const at of [1, 1000, 2999]) {
        const merged = mergeProfiles(prof(slice(d, 0, at), cap), prof(slice(d, at, 3000), cap), { maxDistinct: cap });
        assert.deepEqual(merged.columns, direct.columns, `cap ${cap} split ${at}`);
      }
    }
  });

  it('property: merge is commutative and associative, equals the whole, for any partition (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN)), { minLength: 0, maxLength: 80 }),
        fc.array(fc.constantFrom('a', 'b', '__proto__', 'constructor', 'é', 'e\u0301', null), { minLength: 80, maxLength: 80 }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 80 }),
        fc.constantFrom(undefined, 3, 10),
        (nums, cats, i, j, cap) => {
          const n = nums.length;
          const d = dataset('p.csv', [numCol('n', nums), dictCol('c', cats.slice(0, n))]);
          const [a, b] = [Math.min(i, j, n), Math.min(Math.max(i, j), n)];
          const pa = prof(slice(d, 0, a), cap);
          const pb = prof(slice(d, a, b), cap);
          const pc = prof(slice(d, b, n), cap);
          const o = { maxDistinct: cap };
          const left = mergeProfiles(mergeProfiles(pa, pb, o), pc, o);
          const right = mergeProfiles(pa, mergeProfiles(pb, pc, o), o);
          const swapped = mergeProfiles(pc, mergeProfiles(pb, pa, o), o);
          const direct = prof(d, cap);
          assert.deepEqual(left.columns, direct.columns);
          assert.deepEqual(right.columns, direct.columns);
          assert.deepEqual(swapped.columns, direct.columns);
        },
      ),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it('property: scores do not depend on row order (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), { minLength: 3, maxLength: 60 }),
        fc.array(fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), { minLength: 3, maxLength: 60 }),
        fc.integer(),
        fc.constantFrom('ks', 't_test', 'wasserstein', 'es', 'empirical_mmd', 'anderson', 'psi'),
        (r, c, seed, method) => {
          const rd = dataset('r.csv', [numCol('x', r, false)]);
          const cd = dataset('c.csv', [numCol('x', c, false)]);
          const rand = seeded(seed);
          const a = compareDatasets(rd, cd, { method });
          const b = compareDatasets(permute(rd, shuffled(r.length, rand)), permute(cd, shuffled(c.length, rand)), { method });
          assert.deepEqual(b.columns, a.columns);
        },
      ),
      { seed: 7, numRuns: 150 },
    );
  });

  it('refuses to merge numbers with text', () => {
    const a = profileDataset(dataset('a.csv', [numCol('x', [1, 2])])).columns[0];
    const b = profileDataset(dataset('b.csv', [dictCol('x', ['u', 'v'])])).columns[0];
    assert.throws(() => mergeColumnProfiles(a, b), /numbers in one part and text in the other/);
  });
});

describe('profiles: building from (value, count) pairs (what database engines return)', () => {
  it('gives the profile of the rows, in any order, with repeats, NaN and infinities', () => {
    const rows = [3, 1, 1, NaN, 2.5, Infinity, 3, 3, -0, 0, -Infinity];
    const fromRows = profileDataset(dataset('r.csv', [numCol('x', rows, false)])).columns[0];
    const fromCounts = numericProfileFromCounts('x', [3, 0, 1, NaN, 2.5, Infinity, -Infinity, 3, -0], [2, 1, 2, 1, 1, 1, 1, 1, 1], { missing: 0, nonFinite: 0, integer: false });
    assert.deepEqual(fromCounts, fromRows);
    const cats = categoryProfileFromCounts('c', ['b', null, 'a', 'b'], [1, 2, 4, 3], { missing: 0 });
    assert.deepEqual(cats, profileDataset(dataset('c.csv', [dictCol('c', ['a', 'b', null, 'b', 'a', 'b', 'a', 'a', null, 'b'])])).columns[0]);
  });

  it('truncation keeps order and nests (the basis of exact merges)', () => {
    const rand = seeded(3);
    for (let k = 0; k < 2000; k++) {
      const x = (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
      const y = x + Math.abs(x) * rand() * 1e-3;
      const p = Math.floor(rand() * 52);
      const q = Math.floor(rand() * (p + 1));
      assert.ok(truncateBits(x, p) <= truncateBits(y, p), 'monotone');
      assert.equal(truncateBits(truncateBits(x, p), q), truncateBits(x, q), 'nested');
      assert.ok(Math.abs(truncateBits(x, p) - x) <= Math.abs(x) * 2 ** -p, 'relative error below 2^-p');
    }
  });
});

describe('profiles: approximate scores are marked', () => {
  it('a side over the cap gives an approximate profile, a marked score near the exact one', () => {
    const rand = seeded(11);
    const r = Array.from({ length: 4000 }, () => 100 + 15 * (rand() + rand() + rand() - 1.5));
    const c = Array.from({ length: 4000 }, () => 101 + 15 * (rand() + rand() + rand() - 1.5));
    const ref = dataset('r.csv', [numCol('x', r, false)]);
    const cur = dataset('c.csv', [numCol('x', c, false)]);
    const exact = compareDatasets(ref, cur, { method: 'wasserstein' }).columns[0];
    const approx = compareDatasets(ref, cur, { method: 'wasserstein', profileMaxDistinct: 500 }).columns[0];
    assert.equal(exact.approximate, undefined);
    assert.match(approx.approximate ?? '', /more than 500 distinct values.*truncated toward zero to \d+ mantissa bits \(relative error below 2\^-\d+/);
    assert.ok(Math.abs(approx.score! - exact.score!) < 0.01, `${approx.score} vs ${exact.score}`);
    assert.equal(approx.drifted, exact.drifted);
    // From a profile file the same.
    const fromFile = compareDatasets(viaFile(profileDataset(ref, { maxDistinct: 500 })), cur, { method: 'wasserstein', profileMaxDistinct: 500 }).columns[0];
    assert.deepEqual(fromFile, approx);
  });
});

describe('profiles: the file format', () => {
  const p = profileDataset(side(21, 300, 0));

  it('round-trips every column kind and is deterministic', () => {
    const bytes = encodeProfileFile(p);
    assert.deepEqual(decodeProfileFile(bytes, 'a.driftprofile'), p);
    assert.deepEqual(encodeProfileFile(decodeProfileFile(bytes, 'a.driftprofile')), bytes);
  });

  it('a changed byte anywhere is an error naming the file (checksum)', () => {
    const bytes = encodeProfileFile(p);
    for (const at of [8, 12, 20, 60, bytes.length - 1]) {
      const bad = Buffer.from(bytes);
      bad[at] ^= 1;
      assert.throws(() => decodeProfileFile(bad, 'b.driftprofile'), /b\.driftprofile: not a usable profile file/);
    }
    assert.throws(() => decodeProfileFile(Buffer.from('hello'), 'c.driftprofile'), /does not start with DRIFTPRF/);
  });

  it('an edited file with a recomputed checksum still cannot give a wrong report (invariants)', () => {
    const edits: Array<(q: DatasetProfile) => DatasetProfile> = [
      (q) => ({ ...q, columns: q.columns.map((c) => (c.kind === 'numeric' ? { ...c, count: c.count + 1 } : c)) }),
      (q) => ({ ...q, columns: q.columns.map((c) => (c.kind === 'category' ? { ...c, values: [...c.values].reverse() } : c)) }),
      (q) => ({ ...q, columns: q.columns.map((c) => (c.kind === 'numeric' && c.values.length > 1 ? { ...c, values: c.values.slice().reverse() } : c)) }),
      (q) => ({ ...q, columns: [...q.columns, q.columns[0]] }),
      (q) => ({ ...q, rows: q.rows + 1 }),
    ];
    for (const edit of edits) {
      assert.throws(() => decodeProfileFile(encodeProfileFile(edit(p)), 'e.driftprofile'), /e\.driftprofile: not a usable profile file/);
    }
  });

  it('seeded mutations of the decoded body (checksum recomputed) end in a valid profile or a clear error', () => {
    const bytes = encodeProfileFile(p);
    const body = inflateRawSync(bytes.subarray(48));
    const rand = seeded(4242);
    let errors = 0;
    for (let k = 0; k < 400; k++) {
      const m = Buffer.from(body);
      for (let j = 1 + Math.floor(rand() * 3); j > 0; j--) {
        const at = Math.floor(rand() * m.length);
        m[at] = rand() < 0.5 ? m[at] ^ (1 << Math.floor(rand() * 8)) : Math.floor(rand() * 256);
      }
      const z = deflateRawSync(m);
      const file = Buffer.concat([bytes.subarray(0, 12), Buffer.alloc(36), z]);
      file.writeUInt32LE(z.length, 12);
      createHash('sha256').update(z).digest().copy(file, 16);
      try {
        const q = decodeProfileFile(file, 'm.driftprofile');
        assert.equal(checkProfile(q), undefined);
      } catch (e) {
        assert.ok(e instanceof DatasetReadError, `mutation ${k}: ${String(e)}`);
        assert.match(e.message, /^m\.driftprofile: not a usable profile file: /);
        errors++;
      }
    }
    assert.ok(errors > 200, `${errors} of 400 mutations rejected`);
  });

  it('keys by data: columns named like Object.prototype members', () => {
    const d = dataset('o.csv', [numCol('__proto__', [1, 2, 3]), dictCol('constructor', ['a', 'b', 'a']), numCol('valueOf', [0.5, 1.5, 2])]);
    const q = viaFile(profileDataset(d));
    assert.deepEqual(q.columns.map((c) => c.name), ['__proto__', 'constructor', 'valueOf']);
    assert.deepEqual(q, profileDataset(d));
  });
});
