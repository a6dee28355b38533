/**
 * Text token distribution distance: this project's own text drift test, id `text_token_jsd`.
 * It is NOT Evidently's text test: Evidently trains a TF-IDF + SGD domain classifier and scores its
 * ROC AUC (perc_text_content_drift / abs_text_content_drift), which depends on scikit-learn's
 * stop-word list, tokenizer and solver and is not reproduced here (docs/drift-methods.md section 10).
 *
 * Method, deterministic: each text is put in Unicode NFC form (so a composed and a decomposed "é"
 * are the same word), lowercased (String.prototype.toLowerCase, locale-independent) and split into
 * word tokens, a token being a maximal run of Unicode letters and digits
 * (\p{L}, \p{N}); everything else separates tokens. Token counts are pooled per side and turned into
 * frequency distributions over the union vocabulary. Score = Jensen-Shannon distance between them
 * with the natural log (scipy.spatial.distance.jensenshannon, as the jensenshannon test), from 0
 * (same word frequencies) to sqrt(ln 2) ~ 0.8326 (no word in common). Drift when score >= 0.1.
 * The note adds the share of current tokens whose word never occurs in the reference.
 */
import type { StatTest, StatTestResult } from '../types';
import { StatTestInputError } from '../types';
import { jensenShannonDistance } from './jensenshannon';

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Word tokens of one text: NFC-normalised, lowercased runs of Unicode letters and digits. */
export function tokenize(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(TOKEN) ?? [];
}

function countTokens(texts: readonly string[], vocab: Map<string, number>, side: 0 | 1, counts: number[][]): number {
  let total = 0;
  for (const text of texts) {
    for (const token of tokenize(text)) {
      let id = vocab.get(token);
      if (id === undefined) {
        id = vocab.size;
        vocab.set(token, id);
        counts.push([0, 0]);
      }
      counts[id][side]++;
      total++;
    }
  }
  return total;
}

function percent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

export const textContentTest: StatTest = {
  id: 'text_token_jsd',
  displayName: 'Text token distribution (Jensen-Shannon)',
  types: ['text'],
  defaultThreshold: 0.1,
  driftWhen: 'ge',
  scoreKind: 'distance',
  basis:
    'Own method (not Evidently): Jensen-Shannon distance, natural log, between word-token frequency ' +
    'distributions (lowercased Unicode letter/digit runs)',
  text(ref: readonly string[], cur: readonly string[]): StatTestResult {
    const vocab = new Map<string, number>();
    const counts: number[][] = [];
    const nRef = countTokens(ref, vocab, 0, counts);
    const nCur = countTokens(cur, vocab, 1, counts);
    if (nRef === 0 && nCur === 0) {
      return { score: 0, note: 'no word tokens on either side' };
    }
    if (nRef === 0 || nCur === 0) {
      throw new StatTestInputError(`no word tokens in ${nRef === 0 ? 'reference' : 'current'}`);
    }
    const p = Float64Array.from(counts, (c) => c[0]);
    const q = Float64Array.from(counts, (c) => c[1]);
    let unseen = 0;
    for (const c of counts) if (c[0] === 0) unseen += c[1];
    return {
      score: jensenShannonDistance(p, q),
      note:
        `${percent(unseen / nCur)} of current word tokens never occur in reference ` +
        `(${nRef} reference / ${nCur} current tokens, ${vocab.size} distinct)`,
    };
  },
};
