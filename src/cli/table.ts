import type { ColumnReport, DriftReport } from '../shared/report';

export interface TableStyle {
  /** ANSI colour (only when writing to a terminal and NO_COLOR is unset). */
  readonly color: boolean;
}

const NAME_WIDTH = 28;

/** The report as a terminal table: dataset verdict first, then one row per column by severity. */
export function formatTable(report: DriftReport, style: TableStyle): string {
  const paint = (code: string, s: string) => (style.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const d = report.dataset;
  const lines: string[] = [];
  lines.push(`Reference: ${clean(report.reference.source)} (${report.reference.rows} rows, ${report.reference.columns} columns)`);
  lines.push(`Current:   ${clean(report.current.source)} (${report.current.rows} rows, ${report.current.columns} columns)`);
  if (report.sampling) {
    const s = report.sampling;
    const side = (rows: number) => (rows > s.rows ? `${s.rows} of ${rows}` : `all ${rows}`);
    lines.push(`Sampled:   ${side(s.referenceRows)} reference rows, ${side(s.currentRows)} current rows (seed ${s.seed}); scores are the sample's`);
  }
  lines.push('');
  const verdict = d.drifted ? paint('1;31', 'Dataset drift DETECTED') : paint('1;32', 'No dataset drift');
  lines.push(
    `${verdict}: ${d.driftedColumns} of ${d.testedColumns} tested columns drifted ` +
      `(${pct(d.share)}; dataset drift when >= ${pct(report.driftShare)})` +
      (report.correction !== 'none' ? `, ${report.correction} correction` : ''),
  );
  lines.push('');

  const tested = report.columns.filter((c) => c.drifted !== null);
  const header = ['Column', 'Type', 'Test', 'Score', 'Drift when', 'Verdict', 'Missing ref/cur'];
  const rows = tested.map((c) => [
    fit(clean(c.name), NAME_WIDTH),
    c.type,
    c.test ?? '',
    // "~": the score comes from an approximate profile (the note below says how approximate).
    `${c.approximate ? '~' : ''}${formatScore(c.score)}`,
    `${c.driftWhen} ${c.threshold}`,
    c.drifted ? '✗ DRIFT' : '✓ ok',
    `${missing(c, 'reference')} / ${missing(c, 'current')}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((s, i) => s.padEnd(widths[i])).join('  ').trimEnd();
  lines.push(paint('1', line(header)));
  rows.forEach((r, k) => {
    const text = line(r);
    lines.push(tested[k].drifted ? paint('31', text) : text);
  });

  if (report.embeddings?.length) {
    // One row per embedding, not counted in the dataset's share (as Evidently's EmbeddingsDriftMetric).
    lines.push('');
    const eh = ['Embedding', 'Dims', 'Method', 'Score', 'Drift when', 'Verdict'];
    const er = report.embeddings.map((e) => [
      fit(clean(e.name), NAME_WIDTH),
      String(e.dimension),
      e.method === 'distance' ? `distance (${String(e.options.dist)})` : e.method,
      formatScore(e.score),
      e.threshold === null ? '' : `> ${formatScore(e.threshold)}`,
      e.drifted === null ? `not tested: ${clean(e.reason)}` : e.drifted ? '✗ DRIFT' : '✓ ok',
    ]);
    const ew = eh.map((x, i) => Math.max(x.length, ...er.map((r) => r[i].length)));
    const eline = (cells: string[]) => cells.map((x, i) => x.padEnd(ew[i])).join('  ').trimEnd();
    lines.push(paint('1', eline(eh)));
    report.embeddings.forEach((e, k) => lines.push(e.drifted ? paint('31', eline(er[k])) : eline(er[k])));
  }

  const untested = report.columns.filter((c) => c.drifted === null);
  if (untested.length) {
    lines.push('');
    lines.push(paint('1', 'Not tested:'));
    for (const c of untested) lines.push(`  ${clean(c.name)} (${c.type}): ${clean(c.reason)}`);
  }
  const notes = report.columns.filter((c) => c.notes.length || c.approximate);
  if (notes.length || report.warnings.length) {
    lines.push('');
    lines.push(paint('1', 'Notes:'));
    for (const c of notes) {
      if (c.approximate) lines.push(`  ${clean(c.name)}: ~ ${clean(c.approximate)}`);
      for (const n of c.notes) lines.push(`  ${clean(c.name)}: ${clean(n)}`);
    }
    for (const w of report.warnings) lines.push(`  ${clean(w)}`);
  }
  return lines.join('\n') + '\n';
}

export function formatScore(x: number | null): string {
  if (x === null) return '';
  if (Number.isNaN(x)) return 'NaN';
  if (x !== 0 && Math.abs(x) < 1e-4) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

function pct(x: number): string {
  return `${Number((x * 100).toFixed(1))}%`;
}

function missing(c: ColumnReport, side: 'reference' | 'current'): string {
  const s = c[side];
  if (!s) return '-';
  const total = s.count + s.missing;
  return total ? pct(s.missing / total) : '-';
}

function fit(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}

/** File-derived text must not drive the terminal: control characters are shown escaped. */
export function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
