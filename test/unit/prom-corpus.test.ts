import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatValue, type ParseResult } from '../../src/core/prom/model';
import { ExpositionError, parseExposition, type StrictDialect } from '../../src/core/prom/exposition/parse';

/**
 * The 307 official test inputs of test/fixtures/prom-corpus (copied from shared/data/prom-corpus;
 * docs/prometheus.md section 11): expfmt's text_parse_test.go, Prometheus' promparse/openmetricsparse
 * tests and the OpenMetrics conformance suite. Strict mode must give each case its verdict, in the
 * dialect of the parser that owns the test, and the expected samples for every valid case.
 */

const CORPUS = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'prom-corpus');

interface ExpectedSample {
  name: string;
  labels: Record<string, string>;
  value: string;
  timestamp_ms?: number | null;
  exemplar?: { labels: Record<string, string>; value: string; timestamp?: string };
  family: string;
}
interface ExpectedFamily {
  name: string;
  type: string;
  help: string | null;
  unit?: string | null;
  sample_count: number;
}
interface Case {
  file: string;
  format: 'prometheus-text-0.0.4' | 'openmetrics-text-1.0.0';
  valid: boolean;
  source: { repo: string };
  families?: ExpectedFamily[];
  samples?: ExpectedSample[];
  observed: Record<string, unknown>;
}

const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected.json'), 'utf8')) as { cases: Case[] };
const CONTENT_TYPE = {
  'prometheus-text-0.0.4': 'text/plain; version=0.0.4; charset=utf-8',
  'openmetrics-text-1.0.0': 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

/** The Prometheus repository's own tests judge by its parsers; the rest by the format's reference parser. */
function dialectOf(c: Case): StrictDialect {
  return c.source.repo === 'prometheus/prometheus' ? 'prometheus' : 'reference';
}

function bytes(c: Case): Uint8Array {
  return fs.readFileSync(path.join(CORPUS, c.file));
}

function parse(c: Case, strict: boolean): ParseResult {
  return parseExposition(bytes(c), { contentType: CONTENT_TYPE[c.format], strict, dialect: dialectOf(c) });
}

/** Samples as the corpus writes them (label order kept: entries, not objects). */
function actualSamples(r: ParseResult): unknown[] {
  return r.samples.map((s) => ({
    name: s.name,
    labels: Object.entries(s.labels),
    value: formatValue(s.value),
    timestampMs: s.timestampMs ?? null,
    exemplar: s.exemplar
      ? { labels: Object.entries(s.exemplar.labels), value: formatValue(s.exemplar.value), timestampMs: s.exemplar.timestampMs ?? null }
      : null,
    family: s.family,
  }));
}

function expectedSamples(c: Case): unknown[] {
  return (c.samples ?? []).map((s) => ({
    name: s.name,
    labels: Object.entries(s.labels),
    value: s.value,
    timestampMs: s.timestamp_ms ?? null,
    exemplar: s.exemplar
      ? {
          labels: Object.entries(s.exemplar.labels),
          value: s.exemplar.value,
          timestampMs: s.exemplar.timestamp === undefined ? null : Math.trunc(Number(s.exemplar.timestamp) * 1000),
        }
      : null,
    family: s.family,
  }));
}

function families(r: ParseResult): unknown[] {
  return r.families.map((f) => ({ name: f.name, type: f.type, help: f.help ?? null, unit: f.unit ?? null, count: f.sampleCount }));
}

function expectedFamilies(c: Case): unknown[] {
  return (c.families ?? []).map((f) => ({ name: f.name, type: f.type, help: f.help, unit: f.unit ?? null, count: f.sample_count }));
}

describe('prom corpus: strict mode gives every official test case its verdict', () => {
  it('has the 307 cases', () => assert.equal(expected.cases.length, 307));

  const tally = { valid: 0, invalid: 0, samples: 0 };
  for (const c of expected.cases) {
    it(`${c.file} (${c.valid ? 'valid' : 'invalid'}, ${dialectOf(c)} dialect)`, () => {
      if (!c.valid) {
        assert.throws(() => parse(c, true), ExpositionError);
        tally.invalid++;
        return;
      }
      const r = parse(c, true);
      tally.valid++;
      assert.equal(r.format, c.format);
      assert.deepStrictEqual(actualSamples(r), expectedSamples(c));
      tally.samples++;
      assert.deepStrictEqual(families(r), expectedFamilies(c));
    });
  }
  after(() => {
    // Shows up in the mocha output; the lead quotes it.
    console.log(`      strict verdicts: ${tally.valid}/74 valid accepted, ${tally.invalid}/233 invalid rejected; samples and families equal in ${tally.samples}/74`);
  });
});

/**
 * Lenient mode never throws and keeps every valid case's samples. Its verdict - "a Prometheus server
 * would fail this scrape" = any warning of severity error - matches what a real Prometheus 2.42 did
 * with each file, except where Prometheus 3 differs from 2.42 by design.
 */
const PROMETHEUS_3_DIFFERS: Record<string, string> = {
  '006-valid-utf8-quoted-metric-and-label-name.txt': 'quoted UTF-8 names (Prometheus 3)',
  '007-valid-utf8-quoted-names-indented-lines.txt': 'quoted UTF-8 names (Prometheus 3)',
  '008-valid-utf8-quoted-names-special-chars.txt': 'quoted UTF-8 names (Prometheus 3)',
  '009-valid-utf8-quoted-name-not-first.txt': 'quoted UTF-8 names (Prometheus 3)',
  '074-valid-om-utf8-quoted-names.txt': 'quoted UTF-8 names (Prometheus 3)',
  '067-valid-om-histogram-gaugehistogram-exemplars.txt': 'exemplars on _count (accepted by the newer parser)',
  '068-valid-om-summary-exemplars.txt': 'exemplars on summary _count/_sum (accepted by the newer parser)',
  '141-invalid-omsuite-bad-exemplars-on-unallowed-samples-0.txt': 'exemplar on histogram _sum (accepted by the newer parser, as in 068)',
  '142-invalid-omsuite-bad-exemplars-on-unallowed-samples-1.txt': 'exemplar on _sum (accepted by the newer parser, as in 068)',
};

describe('prom corpus: lenient mode', () => {
  for (const c of expected.cases) {
    it(`${c.file}: never throws; rejects iff Prometheus did`, () => {
      const r = parse(c, false);
      if (c.valid) assert.deepStrictEqual(actualSamples(r), expectedSamples(c));
      const scrape = String(c.observed['prometheus_2.42_scrape']);
      const prometheusUp = scrape.startsWith('up');
      const errors = r.warnings.filter((w) => w.severity === 'error' && w.rule !== 'content-type');
      const weUp = errors.length === 0;
      const differs = PROMETHEUS_3_DIFFERS[c.file];
      if (differs) assert.equal(weUp, !prometheusUp, `expected to differ from 2.42 (${differs})`);
      else assert.equal(weUp, prometheusUp, `Prometheus 2.42: ${scrape}; ours: ${errors.map((w) => `${w.line}: ${w.message}`).join('; ')}`);
    });
  }
});

/**
 * The reference dialect is meant to be those parsers: it must agree with client_python 0.16's
 * OpenMetrics parser on all 244 OpenMetrics inputs (not only the suite's), and with promtool 2.42
 * (expfmt of that era) on the text inputs, except where expfmt has since changed.
 */
const NEWER_EXPFMT: Record<string, string> = {
  '006-valid-utf8-quoted-metric-and-label-name.txt': 'UTF-8 names',
  '007-valid-utf8-quoted-names-indented-lines.txt': 'UTF-8 names',
  '008-valid-utf8-quoted-names-special-chars.txt': 'UTF-8 names',
  '009-valid-utf8-quoted-name-not-first.txt': 'UTF-8 names',
  '012-valid-gaugehistogram-type-in-text.txt': 'TYPE gaugehistogram',
  '041-invalid-histogram-negative-count.txt': 'negative histogram counts',
  '042-invalid-histogram-negative-bucket.txt': 'negative histogram counts',
};

describe('prom corpus: the reference dialect agrees with the installed official parsers', () => {
  it('client_python 0.16 OpenMetrics parser: same verdict on all 244 OpenMetrics inputs', () => {
    const om = expected.cases.filter((c) => c.format === 'openmetrics-text-1.0.0');
    assert.equal(om.length, 244);
    const disagree = om.filter((c) => {
      let accepted = true;
      try {
        parseExposition(bytes(c), { contentType: CONTENT_TYPE[c.format], strict: true });
      } catch {
        accepted = false;
      }
      return accepted !== String(c.observed['client_python_0.16.0']).startsWith('accepts');
    });
    assert.deepEqual(disagree.map((c) => c.file), []);
  });

  it('promtool 2.42 check metrics: same verdict on the 63 text inputs but for 7 newer-expfmt changes', () => {
    const text = expected.cases.filter((c) => c.format === 'prometheus-text-0.0.4');
    assert.equal(text.length, 63);
    const disagree = text.filter((c) => {
      let accepted = true;
      try {
        parseExposition(bytes(c), { contentType: CONTENT_TYPE[c.format], strict: true });
      } catch {
        accepted = false;
      }
      return accepted !== String(c.observed['promtool_2.42_check_metrics']).startsWith('accepts');
    });
    assert.deepEqual(disagree.map((c) => c.file).sort(), Object.keys(NEWER_EXPFMT).sort());
  });
});
