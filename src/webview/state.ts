// UI state that survives hide/show and reloads through the host's getState/setState.
import type { PairUris, SavedWebviewState, WebviewState } from '../shared/protocol';
import type { Host } from './host';
import { DEFAULT_SORT, SORT_KEYS } from './order';

const VERDICT_FILTERS: ReadonlyArray<WebviewState['verdictFilter']> = ['all', 'drift', 'no-drift', 'not-tested'];

const isPair = (p: SavedWebviewState['pair']): p is PairUris => typeof p?.reference === 'string' && typeof p?.current === 'string';

/** Reads saved state defensively: it may come from an older version of the webview. */
export function restoreState(saved: SavedWebviewState | undefined): WebviewState {
  const sort = saved?.sort && SORT_KEYS.includes(saved.sort.key) ? { key: saved.sort.key, descending: saved.sort.descending === true } : DEFAULT_SORT;
  return {
    report: saved?.report && Array.isArray(saved.report.columns) ? saved.report : undefined,
    pair: isPair(saved?.pair) ? { reference: saved.pair.reference, current: saved.pair.current } : undefined,
    selectedColumn: typeof saved?.selectedColumn === 'string' ? saved.selectedColumn : undefined,
    sort,
    filter: typeof saved?.filter === 'string' ? saved.filter : '',
    verdictFilter: saved?.verdictFilter && VERDICT_FILTERS.includes(saved.verdictFilter) ? saved.verdictFilter : 'all',
    percent: saved?.percent === true,
    watching: saved?.watching === true,
    view: saved?.view === 'timeline' ? 'timeline' : 'comparison',
    timeline: saved?.timeline && saved.timeline.kind === 'timeline' && Array.isArray(saved.timeline.chunks) ? saved.timeline : undefined,
    timelineColumn: typeof saved?.timelineColumn === 'string' ? saved.timelineColumn : undefined,
    timelineCell:
      saved?.timelineCell && typeof saved.timelineCell.chunk === 'number' && typeof saved.timelineCell.column === 'string' ? saved.timelineCell : undefined,
  };
}

export class StateStore {
  private current: WebviewState;

  constructor(private readonly host: Host) {
    this.current = restoreState(host.getState());
  }

  get state(): Readonly<WebviewState> {
    return this.current;
  }

  update(patch: Partial<WebviewState>): void {
    this.current = { ...this.current, ...patch };
    this.host.setState({ ...this.current });
  }
}
