// UI state that survives hide/show and reloads through the host's getState/setState.
import type { ColumnVerdict, WebviewState } from '../shared/protocol';
import type { DriftReport } from '../shared/report';
import type { TimelineReport } from '../shared/timeline';
import type { Host } from './host';
import { DEFAULT_SORT, SORT_KEYS, type SortState } from './order';

export interface UiState {
  report?: DriftReport;
  selectedColumn?: string;
  sort: SortState;
  filter: string;
  verdictFilter: ColumnVerdict | 'all';
  percent: boolean;
  watching: boolean;
  timeline?: TimelineReport;
  timelineColumn?: string;
  timelineCell?: { chunk: number; column: string };
}

const VERDICT_FILTERS: ReadonlyArray<UiState['verdictFilter']> = ['all', 'drift', 'no-drift', 'not-tested'];

/** Reads saved state defensively: it may come from an older version of the webview. */
export function restoreState(saved: WebviewState | undefined): UiState {
  const sort = saved?.sort && SORT_KEYS.includes(saved.sort.key) ? { key: saved.sort.key, descending: saved.sort.descending === true } : DEFAULT_SORT;
  return {
    report: saved?.report && Array.isArray(saved.report.columns) ? saved.report : undefined,
    selectedColumn: typeof saved?.selectedColumn === 'string' ? saved.selectedColumn : undefined,
    sort,
    filter: typeof saved?.filter === 'string' ? saved.filter : '',
    verdictFilter: saved?.verdictFilter && VERDICT_FILTERS.includes(saved.verdictFilter) ? saved.verdictFilter : 'all',
    percent: saved?.percent === true,
    watching: saved?.watching === true,
    timeline: saved?.timeline && saved.timeline.kind === 'timeline' && Array.isArray(saved.timeline.chunks) ? saved.timeline : undefined,
    timelineColumn: typeof saved?.timelineColumn === 'string' ? saved.timelineColumn : undefined,
    timelineCell:
      saved?.timelineCell && typeof saved.timelineCell.chunk === 'number' && typeof saved.timelineCell.column === 'string' ? saved.timelineCell : undefined,
  };
}

export class StateStore {
  private current: UiState;

  constructor(private readonly host: Host) {
    this.current = restoreState(host.getState());
  }

  get state(): Readonly<UiState> {
    return this.current;
  }

  update(patch: Partial<UiState>): void {
    this.current = { ...this.current, ...patch };
    this.host.setState({ ...this.current });
  }
}
