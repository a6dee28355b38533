// Entry of the report webview bundle. In VS Code: restore state, say `ready`, render what the
// host sends. In a standalone HTML file: render the embedded report.
import { REPORT_ROOT_ID } from '../shared/page';
import { MessageType } from '../shared/protocol';
import type { DriftReport } from '../shared/report';
import { h } from './dom';
import { connectHost } from './host';
import { listenToHost } from './messages';
import { followSystemTheme, readEmbeddedReport } from './standalone';
import { StateStore } from './state';
import { watchTheme } from './theme';
import { ReportView } from './view';
import { TimelineView } from './timeline/timelineView';
import type { TimelineReport } from '../shared/timeline';

function isReport(x: unknown): x is DriftReport {
  return typeof x === 'object' && x !== null && Array.isArray((x as { columns?: unknown }).columns);
}

function isTimeline(x: unknown): x is TimelineReport {
  return isReport(x) && (x as { kind?: unknown }).kind === 'timeline';
}

function start(): void {
  const root = document.getElementById(REPORT_ROOT_ID) ?? document.body.appendChild(h('main', { attrs: { id: REPORT_ROOT_ID } }));
  const host = connectHost();
  if (host.standalone) followSystemTheme();
  const store = new StateStore(host);
  const post = host.standalone ? undefined : (m: Parameters<typeof host.post>[0]) => host.post(m);
  // One panel shows either a comparison or a timeline: the view is made for the first one shown.
  let view: ReportView | TimelineView | undefined;
  const reportView = () => (view instanceof ReportView ? view : (view = new ReportView(root, store, post)));
  const timelineView = () => (view instanceof TimelineView ? view : (view = new TimelineView(root, store, post)));
  watchTheme(() => view?.refreshTheme());

  if (host.standalone) {
    const report = readEmbeddedReport();
    if (isTimeline(report)) timelineView().showTimeline(report);
    else if (isReport(report)) reportView().showReport(report);
    else throw new Error('The embedded report data is not a drift report.');
    return;
  }
  listenToHost({
    [MessageType.ShowReport]: (m) => {
      store.update({ pair: m.pair });
      reportView().showReport(m.report, m.watching);
    },
    [MessageType.ShowTimeline]: (m) => timelineView().showTimeline(m.timeline, m.watching),
    [MessageType.ChunkDetail]: (m) => (view instanceof TimelineView ? view.showChunkDetail(m.chunk, m.column, m.report, m.message) : undefined),
    [MessageType.Busy]: (m) => view?.setBusy(m.stage),
    [MessageType.Failed]: (m) => view?.setFailed(m.message),
  });
  // Show the last data at once after a reload or hide/show; the host's answer replaces it.
  if (store.state.timeline) timelineView().showTimeline(store.state.timeline);
  else if (store.state.report) reportView().showReport(store.state.report);
  else reportView();
  host.post({ type: MessageType.Ready });
}

start();
