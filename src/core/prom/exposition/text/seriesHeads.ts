import { setOwn } from '../../../format/dataKeys';
import type { Labels } from '../../model';

/**
 * The heads of sample lines (`name{labels}`, the text before the value) that an earlier scrape of
 * the same endpoint read cleanly, with what reading them gave. A service writes the same series
 * lines at every scrape and only the values change, so the health view (one SeriesHeads per
 * endpoint: src/core/health/endpointMonitor.ts) reads each head once and afterwards looks it up:
 * a large scrape then allocates a sample per line and no new labels, names or keys. Those objects
 * outlived the sliced parse and every young-generation collection copied them; on 8,000-series
 * bodies the collector was half of the health view's time (bench/results-load.md).
 *
 * A head is remembered only when reading it reported nothing and ended at the line's last `}`, so
 * reading the same text again would give the same name and labels and no finding: a lookup is
 * exact. Only the text format uses it (src/core/prom/exposition/text/sample.ts).
 */
export interface SeriesHead {
  readonly name: string;
  /** Shared by every sample read from this head: never modified. */
  readonly labels: Labels;
}

/** Heads kept at most, whatever the scrapes hold; past it, new heads are read and not kept. */
export const MAX_SERIES_HEADS = 50_000;

export class SeriesHeads {
  private heads = new Map<string, SeriesHead>();
  /** Metric and label names, one copy each: thousands of series share a handful of them. */
  private names = new Map<string, string>();
  /** Heads read in the scrape being parsed (found or added), to notice churn. */
  private used = 0;

  get size(): number {
    return this.heads.size;
  }

  /** `text` may be a slice of the body: looking it up keeps nothing of it. */
  find(text: string): SeriesHead | undefined {
    const head = this.heads.get(text);
    if (head !== undefined) this.used++;
    return head;
  }

  /**
   * Keeps `head` for `text`. Both are copied out of the body first: a slice of a body keeps the
   * whole body alive, and a head added by each scrape would otherwise keep every body.
   */
  remember(text: string, head: SeriesHead): void {
    this.used++;
    if (this.heads.size >= MAX_SERIES_HEADS) return;
    // The same kind of object as readLabelSet makes (../labelSet.ts), labels in the order read.
    const labels: Labels = {};
    for (const k of Object.keys(head.labels)) {
      if (k === '__proto__') setOwn(labels, k, ownCopy(head.labels[k]));
      else labels[this.name(k)] = ownCopy(head.labels[k]);
    }
    this.heads.set(ownCopy(text), { name: this.name(head.name), labels });
  }

  /**
   * After each parse: when the table holds far more heads than the scrape used (series that come
   * and go, such as a label per request), it starts again rather than grow with the churn.
   */
  endScrape(): void {
    if (this.heads.size > 2 * this.used + 1000) {
      this.heads = new Map();
      this.names = new Map();
    }
    this.used = 0;
  }

  private name(text: string): string {
    let own = this.names.get(text);
    if (own === undefined) {
      own = ownCopy(text);
      if (this.names.size < MAX_SERIES_HEADS) this.names.set(own, own);
    }
    return own;
  }
}

/**
 * A string with its own characters, in one piece. V8 makes `s.slice(...)` of 13 characters or
 * more a view into `s`, which keeps all of `s` (here a whole body) alive; `'\0' + x` sliced again
 * is still a view (of a small copy: two objects per string), and joining returns the same string.
 * A JSON round trip builds a new flat string; it runs only for heads not seen before.
 */
function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
