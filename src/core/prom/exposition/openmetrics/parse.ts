import type { Cursor } from '../cursor';
import { FamilyTable } from '../familyTable';
import { SkipLine, type IssueLog } from '../issues';
import type { MetricFamily, Sample } from '../../model';
import { checkFamilies } from './checks';
import { readMetadata } from './metadata';
import { readSample } from './sample';
import { whitespace, type OpenMetricsParse } from './state';
import { STEP_LINES, type Steps } from '../steps';

/**
 * OpenMetrics 1.0 text (docs/prometheus.md section 2). The reader is permissive - runs of blanks,
 * blank lines, comments and a missing `# EOF` are reported and read past - so that lenient mode can
 * show what a misbehaving endpoint serves; strict mode stops at the first report its dialect rejects.
 * Each kind of line has its reader: metadata.ts (TYPE, UNIT, HELP, EOF), sample.ts (samples, with
 * exemplar.ts); the rules follow the OpenMetrics conformance suite (checks.ts: per sample as it
 * is read, per family after the last line).
 */
export function* parseOpenMetricsFormat(c: Cursor, log: IssueLog): Steps<{ families: MetricFamily[]; samples: Sample[] }> {
  const p: OpenMetricsParse = { c, log, families: new FamilyTable('unknown'), states: new Map(), samples: [] };
  while (!c.eof) {
    const line = c.line;
    // A pause point every so many lines (../steps.ts): a large scrape is parsed in slices.
    if (line % STEP_LINES === 0) yield;
    if (p.eofLine !== undefined) {
      log.report('om/after-eof', line, 'unexpected data after # EOF');
      break;
    }
    try {
      if (c.readBlanks() !== '') {
        if (c.atLineEnd()) log.report('om/blank-line', line, 'a line of blanks: OpenMetrics has no blank lines');
        else whitespace(p, line, 'blanks at the start of the line');
      } else if (c.atLineEnd()) log.report('om/blank-line', line, 'blank lines are not allowed in OpenMetrics');
      if (c.atLineEnd()) c.endLine();
      else if (c.peek() === '#') readMetadata(p, line);
      else readSample(p, line);
    } catch (e) {
      if (!(e instanceof SkipLine)) throw e;
      c.skipLine();
    }
  }
  if (p.eofLine === undefined) log.report('om/missing-eof', c.line, 'data does not end with # EOF');

  checkFamilies(p);
  if (p.quotedNameLine !== undefined) {
    log.report('utf8-names', p.quotedNameLine, 'quoted UTF-8 names are an extension of OpenMetrics 1.0 (Prometheus 3); client_python and Prometheus 2.x reject them');
  }
  return { families: p.families.toFamilies(), samples: p.samples };
}
