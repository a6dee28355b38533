// One shape for both kinds of distribution: labelled bins with a count per side.
import type { Distribution } from '../shared/report';
import { formatValue } from './format';

export interface Bins {
  kind: Distribution['kind'];
  labels: string[];
  reference: number[];
  current: number[];
  referenceTotal: number;
  currentTotal: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export const OTHER_LABEL = 'Other';

export function toBins(d: Distribution): Bins {
  if (d.kind === 'histogram') {
    const labels = d.reference.map((_, i) => `${formatValue(d.edges[i])}–${formatValue(d.edges[i + 1])}`);
    return {
      kind: d.kind,
      labels,
      reference: d.reference.slice(),
      current: d.current.slice(),
      referenceTotal: sum(d.reference),
      currentTotal: sum(d.current),
    };
  }
  const labels = d.categories.slice();
  const reference = d.reference.slice();
  const current = d.current.slice();
  // The "other" bucket keeps shares honest when there are more categories than shown.
  if (d.otherReference > 0 || d.otherCurrent > 0) {
    labels.push(OTHER_LABEL);
    reference.push(d.otherReference);
    current.push(d.otherCurrent);
  }
  return { kind: d.kind, labels, reference, current, referenceTotal: sum(reference), currentTotal: sum(current) };
}

/** Counts as shares of their side (0 when the side is empty). */
export function shares(counts: readonly number[], total: number): number[] {
  return counts.map((c) => (total > 0 ? c / total : 0));
}
