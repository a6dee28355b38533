import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import * as path from 'node:path';
import { ExpositionError, parseExposition, type StrictDialect } from '../../../src/core/prom/exposition/parse';
import { SeriesHeads } from '../../../src/core/prom/exposition/text/seriesHeads';
import { mutate } from '../mutate';
import type { Rng } from '../rng';
import { Finding, type FuzzCase, type FuzzTarget, textBytes } from '../target';

/*
 * The Prometheus text and OpenMetrics parsers on the 307 cases of test/fixtures/prom-corpus (the
 * copy of shared/data/prom-corpus; expected.json gives each one's verdict) and mutations of them.
 * An unmutated case must get its verdict in strict mode (valid: parsed; invalid: ExpositionError)
 * in the dialect of the parser that owns it. Any input: strict mode returns or throws
 * ExpositionError and nothing else; lenient mode never throws; what strict mode accepts, lenient
 * mode reads to the same samples.
 */
const CORPUS = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'prom-corpus');
const CONTENT_TYPE: Record<string, string> = {
  text: 'text/plain; version=0.0.4; charset=utf-8',
  om: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

interface CorpusCase {
  readonly file: string;
  readonly variant: string;
  readonly valid: boolean;
  readonly bytes: Uint8Array;
}

let corpus: { cases: CorpusCase[]; byHash: Map<string, CorpusCase> } | undefined;
function load() {
  if (corpus) return corpus;
  const expected = JSON.parse(readFileSync(path.join(CORPUS, 'expected.json'), 'utf8')) as {
    cases: { file: string; format: string; valid: boolean; source: { repo: string } }[];
  };
  const cases = expected.cases.map((c) => {
    const dialect: StrictDialect = c.source.repo === 'prometheus/prometheus' ? 'prometheus' : 'reference';
    const format = c.format === 'openmetrics-text-1.0.0' ? 'om' : 'text';
    return { file: c.file, variant: `${format}-${dialect}`, valid: c.valid, bytes: new Uint8Array(readFileSync(path.join(CORPUS, c.file))) };
  });
  const byHash = new Map(cases.map((c) => [key(c.variant, c.bytes), c]));
  corpus = { cases, byHash };
  return corpus;
}

const key = (variant: string, bytes: Uint8Array) => `${variant}:${createHash('sha256').update(bytes).digest('hex')}`;

const TOKENS = ['{', '}', '"', '\\', '\n', '\r\n', ' ', '#', '# EOF\n', '=', ',', 'NaN', '+Inf', '1e308', '_bucket', 'le="', '# TYPE x counter\n', '# HELP ', '\u00ff', '\ufeff'].map(textBytes);

export const promTarget: FuzzTarget = {
  name: 'prom',
  about: 'Prometheus text / OpenMetrics parsers: corpus verdicts, and mutated corpus inputs never give an internal error',
  makeCase(rng: Rng): FuzzCase {
    const { cases } = load();
    const c = rng.pick(cases);
    if (rng.chance(0.1)) return { input: c.bytes, variant: c.variant };
    return { input: mutate(rng, c.bytes, { tokens: TOKENS, donors: cases.map((d) => d.bytes) }), variant: c.variant };
  },
  async check(c: FuzzCase): Promise<void> {
    const [format, dialect] = c.variant.split('-') as [string, StrictDialect];
    const contentType = CONTENT_TYPE[format];
    if (!contentType || (dialect !== 'reference' && dialect !== 'prometheus')) throw new Error(`unknown prom variant ${c.variant}`);
    let strict;
    try {
      strict = parseExposition(c.input, { contentType, strict: true, dialect });
    } catch (e) {
      if (!(e instanceof ExpositionError)) throw new Finding(`strict mode: internal error ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    const known = load().byHash.get(key(c.variant, c.input));
    if (known && known.valid !== (strict !== undefined)) {
      throw new Finding(`${known.file}: strict mode ${strict ? 'accepts' : 'rejects'} a case the corpus calls ${known.valid ? 'valid' : 'invalid'}`);
    }
    let lenient;
    try {
      lenient = parseExposition(c.input, { contentType, strict: false });
    } catch (e) {
      throw new Finding(`lenient mode threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    if (strict && dialect === 'reference' && !isDeepStrictEqual(strict.samples, lenient.samples)) {
      throw new Finding(`strict mode accepts ${strict.samples.length} samples, lenient mode reads ${lenient.samples.length} different ones`);
    }
    // The health view's parse: series heads remembered from an earlier scrape of the same body
    // (src/core/prom/exposition/text/seriesHeads.ts) must change nothing.
    const heads = new SeriesHeads();
    parseExposition(c.input, { contentType, heads });
    if (!isDeepStrictEqual(parseExposition(c.input, { contentType, heads }), lenient)) {
      throw new Finding(`a parse with the series heads of an earlier parse of the same body differs (${heads.size} heads kept)`);
    }
  },
};
