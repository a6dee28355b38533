/**
 * Messages between the extension host and the report webview. Both sides import these types;
 * nothing else crosses the boundary. The webview sends `ready` first; the host answers with the
 * report (data is never inlined into the HTML).
 */
import type { ColumnReport, DriftReport } from './report';
import type { TimelineReport } from './timeline';

export enum MessageType {
  /** webview -> host: the page is loaded and listening. */
  Ready = 'ready',
  /** host -> webview: a report to show (first answer to Ready, and after each re-run). */
  ShowReport = 'showReport',
  /** host -> webview: a comparison is running (e.g. the watched current file changed). */
  Busy = 'busy',
  /** host -> webview: the comparison failed; the last report stays. */
  Failed = 'failed',
  /** host -> webview: show this view of the panel (Comparison or Timeline). */
  SelectView = 'selectView',
  /** webview -> host: user asked to save the report. */
  SaveReport = 'saveReport',
  /** webview -> host: toggle re-running when the current file changes. */
  SetWatch = 'setWatch',
  /** webview -> host: run the comparison again. */
  Rerun = 'rerun',
  /** host -> webview: a timeline to show (the panel's Timeline view). */
  ShowTimeline = 'showTimeline',
  /** webview -> host: the detail of one column in one chunk (a heatmap cell was opened). */
  RequestChunkDetail = 'requestChunkDetail',
  /** host -> webview: that detail (a comparison's column report on the chunk's rows). */
  ChunkDetail = 'chunkDetail',
  /**
   * webview -> host: the user chose a view the panel has no data for yet (the Timeline of a
   * comparison: the host asks for the chunking; the Comparison of a timeline: the host compares).
   */
  OpenView = 'openView',
  /** webview -> host: open an image of the report (image sets) in VS Code. */
  OpenImage = 'openImage',
}

export interface ReadyMessage {
  type: MessageType.Ready;
}
export interface ShowReportMessage {
  type: MessageType.ShowReport;
  report: DriftReport;
  /** The files compared, as URI strings: the webview keeps them so a restored panel finds them again. */
  pair: PairUris;
  /** Whether the host re-runs on changes of the current file. */
  watching: boolean;
  /** Set when the current side cannot be watched (a database table): why, for the disabled switch's tooltip. */
  watchUnavailable?: string;
}
export interface BusyMessage {
  type: MessageType.Busy;
  /** The view whose data is being computed. */
  view: PanelView;
  stage: string;
}
export interface FailedMessage {
  type: MessageType.Failed;
  view: PanelView;
  message: string;
}
export interface SelectViewMessage {
  type: MessageType.SelectView;
  view: PanelView;
}
export interface SaveReportMessage {
  type: MessageType.SaveReport;
  /** Which view's report: the comparison (its schema) or the timeline (the timeline schema). */
  view: PanelView;
  format: 'json' | 'html';
}
export interface SetWatchMessage {
  type: MessageType.SetWatch;
  watching: boolean;
}
export interface RerunMessage {
  type: MessageType.Rerun;
  view: PanelView;
}

export interface ShowTimelineMessage {
  type: MessageType.ShowTimeline;
  timeline: TimelineReport;
  /** As in ShowReportMessage: a panel opened on its Timeline view has no comparison to take them from. */
  pair: PairUris;
  watching: boolean;
  watchUnavailable?: string;
}
export interface RequestChunkDetailMessage {
  type: MessageType.RequestChunkDetail;
  chunk: number;
  column: string;
}
export interface ChunkDetailMessage {
  type: MessageType.ChunkDetail;
  chunk: number;
  column: string;
  /** null when it could not be computed (`message` says why). */
  report: ColumnReport | null;
  message?: string;
}
export interface OpenViewMessage {
  type: MessageType.OpenView;
  view: PanelView;
}

export interface OpenImageMessage {
  type: MessageType.OpenImage;
  /** Absolute path, as the report's gallery names it (the host opens only those). */
  file: string;
}

export type ToWebviewMessage = ShowReportMessage | BusyMessage | FailedMessage | SelectViewMessage | ShowTimelineMessage | ChunkDetailMessage;
export type FromWebviewMessage = ReadyMessage | SaveReportMessage | SetWatchMessage | RerunMessage | RequestChunkDetailMessage | OpenViewMessage | OpenImageMessage;

/** The report panel's two views of one pair (its Comparison | Timeline toggle). */
export type PanelView = 'comparison' | 'timeline';

/** A column's verdict as the report UI names it (also its rows' `data-verdict`). */
export type ColumnVerdict = 'drift' | 'no-drift' | 'not-tested';

/** The report table's sort keys; `severity` is the report's own order. */
export type SortKey =
  | 'severity'
  | 'name'
  | 'type'
  | 'test'
  | 'score'
  | 'threshold'
  | 'verdict'
  | 'missingReference'
  | 'missingCurrent';

/** A dataset pair as URI strings (what survives in webview state). */
export interface PairUris {
  reference: string;
  current: string;
}

export interface SortState {
  key: SortKey;
  descending: boolean;
}

/**
 * What the webview keeps with getState/setState (survives hide/show and reloads). The one state
 * type: the webview reads a saved one defensively (it may come from an older version), and the
 * host's serializer reads `pair` and `watching` from it to restore the panel.
 */
export interface WebviewState {
  report?: DriftReport;
  /** The files the report compares; absent only in state saved before it was kept. */
  pair?: PairUris;
  selectedColumn?: string;
  sort: SortState;
  /** Text filter over column name, type and test. */
  filter: string;
  /** Only rows with this verdict ('all': every row). */
  verdictFilter: ColumnVerdict | 'all';
  /** Distribution chart in percent of each side (else counts). */
  percent: boolean;
  /** Last known state of the "Watch current file" toggle. */
  watching: boolean;
  /** The view shown (a panel opened from "Show drift over time" starts on the timeline). */
  view: PanelView;
  /** The Timeline view's data, selected column (its score line) and opened cell. */
  timeline?: TimelineReport;
  timelineColumn?: string;
  timelineCell?: { chunk: number; column: string };
}

/** State as saved by any version of the webview: every field may be missing. */
export type SavedWebviewState = Partial<WebviewState>;
