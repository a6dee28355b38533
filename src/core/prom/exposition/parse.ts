import { chooseFormat, parseMediaType } from './contentType';
import { Cursor } from './cursor';
import { decodeUtf8 } from './decode';
import { ExpositionError, IssueLog, type StrictDialect } from './issues';
import type { ParseResult } from '../model';
import { parseOpenMetricsFormat } from './openmetrics/parse';
import { parseTextFormat } from './text/parse';
import type { SeriesHeads } from './text/seriesHeads';
import { runInSlices, runToEnd, type Steps } from './steps';

export { ExpositionError, type StrictDialect } from './issues';

export interface ParseOptions {
  /** The response's Content-Type; picks the grammar. Without it the body is sniffed (and a note says so). */
  readonly contentType?: string;
  /**
   * Lenient (default): read everything a Prometheus server reads and more, reporting problems as
   * warnings. Strict: throw `ExpositionError` (`line N: what is wrong`) at the first problem the
   * dialect's parser rejects.
   */
  readonly strict?: boolean;
  /** Strict mode only. Default `reference`: expfmt for the text format, the OpenMetrics conformance suite for OpenMetrics. */
  readonly dialect?: StrictDialect;
  /**
   * Heads of sample lines read in earlier scrapes of the same endpoint, looked up instead of read
   * again (text format only; text/seriesHeads.ts). The result is the same with or without.
   */
  readonly heads?: SeriesHeads;
}

/**
 * Parses a Prometheus text 0.0.4 / 1.0.0 or OpenMetrics 1.0 exposition. Bytes are decoded as UTF-8
 * here (lines with invalid bytes are remembered, since label values must be UTF-8); decompress
 * first with `decodeBody` if the body was compressed.
 *
 * @example
 * parseExposition('# TYPE up gauge\nup 1\n', { contentType: 'text/plain; version=0.0.4' }).samples[0].value // 1
 */
export function parseExposition(input: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  return runToEnd(parseExpositionSteps(input, options));
}

/** parseExposition a slice at a time (steps.ts): the event loop runs between slices of a large body. */
export function parseExpositionInSlices(input: string | Uint8Array, options: ParseOptions = {}): Promise<ParseResult> {
  return runInSlices(parseExpositionSteps(input, options));
}

function* parseExpositionSteps(input: string | Uint8Array, options: ParseOptions): Steps<ParseResult> {
  let text: string;
  let invalidUtf8Lines: number[] = [];
  let bom = false;
  if (typeof input === 'string') {
    bom = input.charCodeAt(0) === 0xfeff;
    text = bom ? input.slice(1) : input;
  } else {
    ({ text, invalidUtf8Lines, bom } = decodeUtf8(input));
  }

  if (options.contentType !== undefined && parseMediaType(options.contentType).type.startsWith('application/vnd.google.protobuf')) {
    throw new ExpositionError(undefined, 'the protobuf exposition format is not supported; ask for text/plain or application/openmetrics-text', 'content-type');
  }
  const log = new IssueLog(options.strict ? (options.dialect ?? 'reference') : undefined);
  const choice = chooseFormat(options.contentType, text);
  if (choice.note) log.note('content-type', choice.note.severity, choice.note.message);
  if (bom) log.report('bom', 1, 'the body starts with a byte order mark');
  const cr = text.indexOf('\r\n');
  if (cr >= 0) {
    log.report('crlf', lineOf(text, cr), 'carriage return before the line feed (CRLF line endings); lines must end with LF only');
    text = text.replace(/\r\n/g, '\n');
  }

  const cursor = new Cursor(text, new Set(invalidUtf8Lines));
  const body =
    choice.format === 'openmetrics-text-1.0.0'
      ? yield* parseOpenMetricsFormat(cursor, log)
      : yield* parseTextFormat(cursor, log, { legacyVersion: choice.format === 'prometheus-text-0.0.4' && !choice.guessed, heads: options.heads });
  return { format: choice.format, families: body.families, samples: body.samples, warnings: log.warnings() };
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
