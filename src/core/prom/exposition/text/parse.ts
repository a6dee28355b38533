import type { Cursor } from '../cursor';
import { FamilyTable } from '../familyTable';
import { SkipLine, type IssueLog } from '../issues';
import type { MetricFamily, Sample } from '../../model';
import { lintSamples } from './lint';
import { readComment } from './metadata';
import { readSample } from './sample';
import type { SeriesHeads } from './seriesHeads';
import type { TextParse } from './state';
import { STEP_LINES, type Steps } from '../steps';

/**
 * The Prometheus text format 0.0.4 (and 1.0.0, which only adds quoted UTF-8 names), read the way
 * expfmt's TextParser reads it (docs/prometheus.md section 1). Each kind of line has its reader:
 * metadata.ts (HELP, TYPE, comments), sample.ts (samples and how they join families); the rules
 * over all samples run after the last line (lint.ts). Where expfmt and Prometheus' promparse
 * disagree the problem is reported through `log` (see ../issues.ts) and reading goes on.
 */

export interface TextOptions {
  /** The response said version=0.0.4 explicitly: quoted names are then worth a note. */
  readonly legacyVersion: boolean;
  readonly heads?: SeriesHeads;
}

export function* parseTextFormat(c: Cursor, log: IssueLog, options: TextOptions): Steps<{ families: MetricFamily[]; samples: Sample[] }> {
  const p: TextParse = { c, log, families: new FamilyTable('untyped'), samples: [], heads: options.heads };
  while (!c.eof) {
    const line = c.line;
    // A pause point every so many lines (../steps.ts): a large scrape is parsed in slices.
    if (line % STEP_LINES === 0) yield;
    try {
      c.readBlanks();
      if (c.atLineEnd()) {
        // Blank line; a blank last line without a line feed is fine even for expfmt.
        c.endLine();
        continue;
      }
      if (c.peek() === '#') readComment(p, line);
      else readSample(p, line);
    } catch (e) {
      if (!(e instanceof SkipLine)) throw e;
      c.skipLine();
    }
  }

  if (p.quotedNameLine !== undefined && options.legacyVersion) {
    log.report('utf8-names', p.quotedNameLine, 'quoted UTF-8 names need text/plain; version=1.0.0 and Prometheus 3; Prometheus 2.x rejects them');
  }
  if (p.openMetricsHint !== undefined) {
    log.report('content-type', p.openMetricsHint, 'this looks like OpenMetrics (# EOF / # UNIT) served as the text format');
  }
  options.heads?.endScrape();
  yield* lintSamples(p.samples, p.families, log);
  return { families: p.families.toFamilies(), samples: p.samples };
}
