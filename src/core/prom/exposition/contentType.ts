import { setOwn } from '../../format/dataKeys';
import type { ExpositionFormat, Severity } from '../model';

/**
 * Which grammar a response is read with, from its Content-Type (docs/prometheus.md section 4):
 * `application/openmetrics-text` -> OpenMetrics; `text/plain` -> text 0.0.4, or 1.0.0 (0.0.4 plus
 * quoted UTF-8 names, what recent client_python sends); anything else is read as 0.0.4 and flagged,
 * as Prometheus 3 fails such a scrape. Without a Content-Type (a file) the body decides.
 */

export interface FormatChoice {
  readonly format: ExpositionFormat;
  /** True when there was no Content-Type and the body was sniffed. */
  readonly guessed: boolean;
  /** Something worth telling the user about the choice. */
  readonly note?: { readonly severity: Severity; readonly message: string };
}

export interface MediaType {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

/** `text/plain; version=0.0.4; charset=utf-8` -> `{type: 'text/plain', params: {version: '0.0.4', charset: 'utf-8'}}`. */
export function parseMediaType(contentType: string): MediaType {
  const [type, ...rest] = contentType.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    setOwn(params, key, p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return { type: type.trim().toLowerCase(), params };
}

/** OpenMetrics ends with `# EOF` and only it has `# UNIT`; everything else is taken for the text format. */
export function sniffFormat(body: string): ExpositionFormat {
  const trimmed = body.replace(/\s+$/, '');
  if (trimmed.endsWith('\n# EOF') || trimmed === '# EOF' || /^# UNIT /m.test(body)) return 'openmetrics-text-1.0.0';
  return 'prometheus-text-0.0.4';
}

export function chooseFormat(contentType: string | undefined, body: string): FormatChoice {
  if (contentType === undefined || contentType.trim() === '') {
    const format = sniffFormat(body);
    return {
      format,
      guessed: true,
      note: {
        severity: 'info',
        message: `no Content-Type: read as ${format === 'openmetrics-text-1.0.0' ? 'OpenMetrics 1.0 (it ends with # EOF)' : 'text format 0.0.4'} (guessed)`,
      },
    };
  }
  const { type, params } = parseMediaType(contentType);
  const version = params.version;
  if (type === 'application/openmetrics-text') {
    if (version === undefined || version === '1.0.0' || version === '0.0.1') return { format: 'openmetrics-text-1.0.0', guessed: false };
    return {
      format: 'openmetrics-text-1.0.0',
      guessed: false,
      note: { severity: 'info', message: `OpenMetrics version ${version} read with the 1.0 grammar` },
    };
  }
  if (type === 'text/plain') {
    if (version === '1.0.0') return { format: 'prometheus-text-1.0.0', guessed: false };
    if (version === undefined || version === '0.0.4') return { format: 'prometheus-text-0.0.4', guessed: false };
    return {
      format: 'prometheus-text-0.0.4',
      guessed: false,
      note: { severity: 'info', message: `text format version ${version} read as 0.0.4` },
    };
  }
  return {
    format: 'prometheus-text-0.0.4',
    guessed: false,
    note: {
      severity: 'error',
      message: `Content-Type "${type}" is not a Prometheus format; read as text 0.0.4 (Prometheus 3 fails such a scrape unless fallback_scrape_protocol is set)`,
    },
  };
}
