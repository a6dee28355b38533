import { readQuoted, type Cursor } from '../cursor';
import type { FamilyTable } from '../familyTable';
import type { IssueLog } from '../issues';
import type { Sample } from '../../model';
import type { SeriesHeads } from './seriesHeads';

/** What the readers of one text-format parse share (parse.ts owns it; one per exposition). */
export interface TextParse {
  readonly c: Cursor;
  readonly log: IssueLog;
  readonly families: FamilyTable;
  readonly samples: Sample[];
  /** Heads of sample lines read in earlier scrapes of the same endpoint (seriesHeads.ts). */
  readonly heads?: SeriesHeads;
  /** First line with a quoted (UTF-8) metric name: worth a note when the response said 0.0.4. */
  quotedNameLine?: number;
  /** First `# EOF` or `# UNIT` line: OpenMetrics served as the text format. */
  openMetricsHint?: number;
}

/** Ends a line; the last line of the input without its line feed is reported (expfmt rejects it). */
export function finishLine(p: TextParse, line: number): void {
  if (!p.c.endLine()) p.log.report('text/no-final-newline', line, 'unexpected end of input: the last line does not end with a line feed');
}

/** A quoted metric name (text format 1.0.0), in a HELP/TYPE line or before a sample's labels. */
export function readQuotedName(p: TextParse, line: number): string {
  const q = readQuoted(p.c, false);
  if (!q.terminated) p.log.syntax(line, 'unterminated quoted metric name');
  if (q.unknownEscapes.length > 0) p.log.report('text/label-escape', line, `invalid escape sequence ${q.unknownEscapes[0]} in a metric name`);
  p.quotedNameLine ??= line;
  return q.value;
}
