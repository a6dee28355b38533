import { describeImageTimes } from '../shared/imageTimes';
import type { DatasetInfo } from '../shared/report';
import type { TimelineReport } from '../shared/timeline';
import { clean } from './table';

export interface TimelineTableStyle {
  /** ANSI colour (only when writing to a terminal and NO_COLOR is unset). */
  readonly color: boolean;
}

const MARK_DRIFT = '✗';
const MARK_OK = '·';
const MARK_UNTESTED = ' ';

/**
 * The timeline in a terminal: since when the dataset and each column drift, then one line per
 * chunk with the dataset verdict and one mark per tested column (✗ drift, · no drift, blank not
 * tested), columns in the order of the summary above.
 */
export function formatTimelineTable(report: TimelineReport, style: TimelineTableStyle): string {
  const paint = (code: string, s: string) => (style.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  const side = (d: DatasetInfo) =>
    d.imageTimes ? `${clean(d.source)} (${d.rows} images; ${describeImageTimes(d.imageTimes)})` : `${clean(d.source)} (${d.rows} rows, ${d.columns} columns)`;
  lines.push(`Reference: ${side(report.reference)}`);
  lines.push(`Current:   ${side(report.current)}`);
  const how =
    report.chunking.by === 'period'
      ? `by period ${report.chunking.period} on '${clean(report.timeColumn ?? '')}'`
      : report.chunking.by === 'size'
        ? `by size, ${report.chunking.size} rows in file order`
        : `into ${report.chunking.count} chunks in file order`;
  lines.push(`Chunks:    ${report.chunks.length}, ${how}; each against the ${report.baseline === 'previous' ? 'previous chunk (the first against the reference)' : 'reference'}`);
  lines.push('');
  const chunkLabel = (i: number | null) => (i === null ? '' : `${label(report, i)}`);
  const d = report.dataset;
  const last = report.chunks[report.chunks.length - 1];
  lines.push(
    (last?.dataset.drifted ? paint('1;31', 'Dataset drift in the last chunk') : paint('1;32', 'No dataset drift in the last chunk')) +
      (d.firstDriftedChunk !== null ? `, since chunk ${d.firstDriftedChunk} (${chunkLabel(d.firstDriftedChunk)})` : '') +
      `; drifted in ${d.driftedChunks} of ${d.testedChunks} chunks (${pct(d.share)})`,
  );
  lines.push('');
  const tested = report.columns.filter((c) => c.testedChunks > 0);
  const width = Math.min(28, Math.max(6, ...tested.map((c) => clean(c.name).length)));
  lines.push(`${'Column'.padEnd(width)}  ${'Type'.padEnd(11)}  Drifted chunks   Since`);
  for (const c of tested) {
    const since = c.firstDriftedChunk === null ? '-' : `chunk ${c.firstDriftedChunk} (${chunkLabel(c.firstDriftedChunk)})`;
    lines.push(`${fit(clean(c.name), width)}  ${c.type.padEnd(11)}  ${`${c.driftedChunks}/${c.testedChunks} (${pct(c.share)})`.padEnd(15)}  ${since}`);
  }
  lines.push('');
  const key = tested.map((c, i) => `${i + 1}=${clean(c.name)}`).join(' ');
  lines.push(`Per chunk (${MARK_DRIFT} drift, ${MARK_OK} no drift, blank not tested; columns ${key}):`);
  const labels = report.chunks.map((_, i) => label(report, i));
  const lw = Math.max(5, ...labels.map((l) => l.length));
  lines.push(`${'#'.padStart(4)}  ${'Chunk'.padEnd(lw)}  ${'Rows'.padStart(8)}  Dataset   Columns`);
  for (const chunk of report.chunks) {
    const marks = tested
      .map((c) => {
        const cell = chunk.columns.find((x) => x.name === c.name);
        return cell?.drifted === true ? paint('31', MARK_DRIFT) : cell?.drifted === false ? MARK_OK : MARK_UNTESTED;
      })
      .join(' ');
    const v = chunk.dataset.drifted ? paint('31', 'DRIFT') : 'ok   ';
    lines.push(`${String(chunk.index).padStart(4)}  ${labels[chunk.index].padEnd(lw)}  ${String(chunk.rows).padStart(8)}  ${v}     ${marks}`);
  }
  const small = report.chunks.filter((c) => c.columns.some((x) => x.test !== null && x.drifted === null && /below the minimum/.test(x.reason)));
  if (small.length) {
    lines.push('');
    lines.push(`Not tested for too few rows (< ${report.minRows} values) in ${small.length} chunk(s), e.g. chunk ${small[0].index}: ` + clean(small[0].columns.find((x) => /below the minimum/.test(x.reason))!.reason));
  }
  if (report.warnings.length) {
    lines.push('');
    lines.push('Warnings:');
    for (const w of report.warnings) lines.push(`  ${clean(w)}`);
  }
  return lines.join('\n') + '\n';
}

/** A chunk's label: its period start (without a midnight time), or its rows. */
function label(report: TimelineReport, i: number): string {
  const c = report.chunks[i];
  if (typeof c.start === 'string') return c.start.replace(/T00:00:00$/, '');
  return `rows ${c.start}-${Number(c.end) - 1}`;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(0)}%`;
}


function fit(s: string, w: number): string {
  return s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w);
}
