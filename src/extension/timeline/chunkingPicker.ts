import * as vscode from 'vscode';
import type { TimelineShape, TimelineSpec } from '../../threads/timelineProtocol';
import { ComparisonError } from '../comparisonRunner';

/** Suggested: the chunking that gives a readable heatmap. */
export const SUGGESTED_CHUNKS = { min: 10, max: 60 } as const;

const PERIOD_LABEL: Record<string, string> = { '1h': 'hour', '1d': 'day', '1w': 'ISO week', '1M': 'month', '1Q': 'quarter', '1y': 'year' };

interface ChunkingItem extends vscode.QuickPickItem {
  readonly spec?: Omit<TimelineSpec, 'baseline'>;
  readonly chunks?: number;
}

/**
 * The chunking choices for a file of this shape, the suggested one first: periods of the time
 * column with their number of chunks, then sizes and counts in file order. Suggested = the
 * period (else the count) giving 10 to 60 chunks, closest to 30. A source (no row order) gets
 * periods only: its engine cuts by period, and size or count chunking is refused there
 * (src/threads/timelineWorker.ts, with src/core/sources/index.ts noRowOrderMessage).
 */
export function chunkingItems(shape: TimelineShape, timeColumn: string | undefined): ChunkingItem[] {
  const items: ChunkingItem[] = [];
  if (timeColumn) {
    for (const [period, chunks] of Object.entries(shape.periods[timeColumn] ?? {})) {
      if (chunks < 1) continue;
      items.push({
        label: `By ${PERIOD_LABEL[period] ?? period}`,
        description: `${period} on ${timeColumn} · ${chunks} chunk${chunks === 1 ? '' : 's'}`,
        spec: { chunking: { by: 'period', period }, timeColumn },
        chunks,
      });
    }
  }
  for (const count of shape.rowOrder ? [10, 20, 30, 50] : []) {
    if (shape.rows < count) continue;
    items.push({ label: `${count} chunks of equal size`, description: `in file order · ${Math.floor(shape.rows / count)} rows each`, spec: { chunking: { by: 'count', count } }, chunks: count });
  }
  const size = niceSize(shape.rows / 30);
  if (shape.rowOrder && size >= 1) {
    const chunks = Math.max(1, Math.floor(shape.rows / size));
    items.push({ label: `${size} rows per chunk`, description: `in file order · ${chunks} chunks`, spec: { chunking: { by: 'size', size } }, chunks });
  }
  const fits = items.filter((i) => i.chunks! >= SUGGESTED_CHUNKS.min && i.chunks! <= SUGGESTED_CHUNKS.max);
  const best = fits.sort((a, b) => Number(b.spec!.chunking.by === 'period') - Number(a.spec!.chunking.by === 'period') || Math.abs(a.chunks! - 30) - Math.abs(b.chunks! - 30))[0];
  if (best) {
    const i = items.indexOf(best);
    items.splice(i, 1);
    items.unshift({ ...best, label: `$(star-full) ${best.label}`, detail: `Suggested: ${best.chunks} chunks` });
  }
  return items;
}

/** 1, 2 or 5 times a power of ten, near `x`. */
function niceSize(x: number): number {
  if (x < 1) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/** Asks for the time column (only when there is not exactly one date column) and the chunking. */
export async function pickTimelineSpec(shape: TimelineShape, current: string): Promise<Omit<TimelineSpec, 'baseline'> | undefined> {
  if (!shape.rowOrder && shape.datetimeColumns.length === 0) {
    // Nothing to offer: a table is cut by period only, and it has no date or timestamp column.
    throw new ComparisonError(`${current}: no date or timestamp column to cut into periods, and a database table has no row order to cut into chunks of rows (a view casting a column to timestamp can be cut)`);
  }
  let timeColumn: string | undefined = shape.datetimeColumns.length === 1 ? shape.datetimeColumns[0] : undefined;
  if (shape.datetimeColumns.length > 1) {
    const none = shape.rowOrder ? [{ label: 'None: chunks in file order', description: '', column: undefined as string | undefined }] : [];
    const picked = await vscode.window.showQuickPick(
      [...shape.datetimeColumns.map((c) => ({ label: c, description: 'dates or timestamps', column: c as string | undefined })), ...none],
      { title: 'Time column', placeHolder: 'The column that says when each row happened', ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    timeColumn = picked.column;
  }
  const picked = await vscode.window.showQuickPick(chunkingItems(shape, timeColumn), {
    title: 'Chunking',
    placeHolder: !shape.rowOrder
      ? `A table is cut by period of '${timeColumn}' (it has no row order for sizes or counts)`
      : timeColumn
        ? `Cut the current data by period of '${timeColumn}', by size or by count`
        : 'No date column: cut the current data by size or count, in file order',
    ignoreFocusOut: true,
  });
  return picked?.spec;
}
