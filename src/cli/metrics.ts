import { escapeControl, redactCredentials } from '../core/format/redact';
import { LimitError, LIMITS, readFileLimited } from '../core/io/limits';
import { BodyDecodeError, DEFAULT_MAX_BODY_BYTES, decompressBody } from '../core/prom/exposition/decode';
import { formatValue, seriesLabel, type ExpositionFormat, type ParseResult } from '../core/prom/model';
import { ExpositionError, parseExposition } from '../core/prom/exposition/parse';
import { DEFAULT_SCRAPE_TIMEOUT_MS, scrape } from '../core/prom/http/scrape';
import type { MetricsCommand } from './args';

/**
 * `drift-inspect metrics <url> | --file F`: parse an exposition and print its families, samples and
 * lint warnings (table or JSON). Strict mode exits 2 with `line N: what is wrong`.
 */

const EXIT_OK = 0;
const EXIT_BAD_INPUT = 2;

/** The JSON the command prints: values as strings (`NaN`, `+Inf`, `-Inf`, or JavaScript's String(number)). */
export interface MetricsJson {
  readonly format: ExpositionFormat;
  readonly families: Array<{ name: string; type: string; help: string | null; unit: string | null }>;
  readonly samples: Array<{ name: string; labels: Record<string, string>; value: string; timestampMs?: number }>;
  readonly warnings: Array<{ severity: string; rule: string; line?: number; message: string }>;
}

export function metricsJson(r: ParseResult): MetricsJson {
  return {
    format: r.format,
    families: r.families.map((f) => ({ name: f.name, type: f.type, help: f.help ?? null, unit: f.unit ?? null })),
    samples: r.samples.map((s) => ({
      name: s.name,
      labels: s.labels,
      value: formatValue(s.value),
      ...(s.timestampMs === undefined ? {} : { timestampMs: s.timestampMs }),
    })),
    warnings: r.warnings.map((w) => ({ severity: w.severity, rule: w.rule, ...(w.line === undefined ? {} : { line: w.line }), message: w.message })),
  };
}

const FORMAT_NAMES: Record<ExpositionFormat, string> = {
  'prometheus-text-0.0.4': 'Prometheus text 0.0.4',
  'prometheus-text-1.0.0': 'Prometheus text 1.0.0',
  'openmetrics-text-1.0.0': 'OpenMetrics 1.0',
};

/** Columns padded to their widest cell; the last column is not padded. */
function columns(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}

export function metricsTable(r: ParseResult, origin: string): string {
  const guessed = r.warnings.some((w) => w.rule === 'content-type' && w.message.includes('guessed'));
  const lines = [
    `${origin}: ${FORMAT_NAMES[r.format]}${guessed ? ' (guessed: no Content-Type given)' : ''}, ${r.families.length} families, ${r.samples.length} samples`,
    '',
  ];
  const types = new Map(r.families.map((f) => [f.name, f.type]));
  if (r.samples.length > 0) {
    const rows = [['FAMILY', 'TYPE', 'SERIES', 'VALUE']];
    for (const s of r.samples) {
      const ts = s.timestampMs === undefined ? '' : ` @${s.timestampMs}`;
      // Label values are the server's text: control characters shown as escapes, never sent to the terminal.
      rows.push([escapeControl(s.family), escapeControl(types.get(s.family) ?? ''), escapeControl(seriesLabel(s.name, s.labels)), formatValue(s.value) + ts]);
    }
    lines.push(columns(rows), '');
  }
  const empty = r.families.filter((f) => f.sampleCount === 0);
  if (empty.length > 0) lines.push(`Metadata only (no samples): ${empty.map((f) => escapeControl(f.name)).join(', ')}`, '');
  if (r.warnings.length === 0) lines.push('No warnings.');
  else {
    lines.push(`Warnings (${r.warnings.length}):`);
    for (const w of r.warnings) lines.push(`  ${w.line === undefined ? '' : `line ${w.line}: `}[${w.severity}] ${escapeControl(w.message)} (${w.rule})`);
  }
  return lines.join('\n') + '\n';
}

interface Body {
  readonly input: string | Uint8Array;
  readonly contentType?: string;
  readonly origin: string;
}

async function fetchBody(cmd: MetricsCommand): Promise<Body | string> {
  if (cmd.file !== undefined) {
    try {
      // A .gz file (or any gzip body) is recognised by its magic bytes.
      const { bytes } = decompressBody(await readFileLimited(cmd.file, LIMITS.metricsFile), { maxBytes: DEFAULT_MAX_BODY_BYTES * 10 });
      return { input: bytes, origin: cmd.file, ...(cmd.contentType === undefined ? {} : { contentType: cmd.contentType }) };
    } catch (e) {
      if (e instanceof BodyDecodeError) return `${cmd.file}: ${e.message}`;
      if (e instanceof LimitError) return e.message;
      throw e;
    }
  }
  const url = cmd.url ?? '';
  const res = await scrape(url, { timeoutMs: DEFAULT_SCRAPE_TIMEOUT_MS, maxBytes: DEFAULT_MAX_BODY_BYTES });
  if (!res.ok) return `${redactCredentials(url)}: ${res.reason}: ${redactCredentials(res.detail)}`;
  // --content-type overrides what the server said (for a misconfigured endpoint).
  // The bytes, not the decoded text: the parser validates UTF-8 itself (as for --file), and
  // --strict rejects what is not UTF-8 (issue 13, finding 9).
  return { input: res.bytes, origin: redactCredentials(url), contentType: cmd.contentType ?? res.contentType };
}

export async function runMetrics(cmd: MetricsCommand, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const body = await fetchBody(cmd);
  if (typeof body === 'string') {
    err.write(`drift-inspect: ${body}\n`);
    return EXIT_BAD_INPUT;
  }
  let result: ParseResult;
  try {
    result = parseExposition(body.input, {
      ...(body.contentType === undefined || body.contentType === '' ? {} : { contentType: body.contentType }),
      strict: cmd.strict,
      ...(cmd.dialect === undefined ? {} : { dialect: cmd.dialect }),
    });
  } catch (e) {
    if (!(e instanceof ExpositionError)) throw e;
    err.write(`drift-inspect: ${body.origin}: ${escapeControl(e.message)}\n`);
    return EXIT_BAD_INPUT;
  }
  out.write(cmd.format === 'json' ? JSON.stringify(metricsJson(result), null, 2) + '\n' : metricsTable(result, body.origin));
  return EXIT_OK;
}
