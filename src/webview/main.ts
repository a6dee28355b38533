// Entry of the report webview bundle. In VS Code: restore state, say `ready`, render what the
// host sends in the panel's two views (Comparison | Timeline). In a standalone HTML file: render
// the embedded report, comparison or timeline.
import { REPORT_ROOT_ID } from '../shared/page';
import { MessageType, type PanelView } from '../shared/protocol';
import type { DriftReport } from '../shared/report';
import type { TimelineReport } from '../shared/timeline';
import { h } from './dom';
import { connectHost } from './host';
import { listenToHost } from './messages';
import { followSystemTheme, readEmbeddedReport } from './standalone';
import { StateStore } from './state';
import { createViewTabs, panelId, tabId, VIEWS } from './tabs';
import { watchTheme } from './theme';
import { ReportView } from './view';
import { TimelineView } from './timeline/timelineView';

function isReport(x: unknown): x is DriftReport {
  return typeof x === 'object' && x !== null && Array.isArray((x as { columns?: unknown }).columns);
}

function isTimeline(x: unknown): x is TimelineReport {
  return isReport(x) && (x as { kind?: unknown }).kind === 'timeline';
}

function start(): void {
  const root = document.getElementById(REPORT_ROOT_ID) ?? document.body.appendChild(h('main', { attrs: { id: REPORT_ROOT_ID } }));
  const host = connectHost();
  if (host.standalone) {
    // A saved file holds one report: its own view, no toggle and no host.
    followSystemTheme();
    const store = new StateStore(host);
    const report = readEmbeddedReport();
    let view: ReportView | TimelineView;
    if (isTimeline(report)) (view = new TimelineView(root, store, undefined)).showTimeline(report);
    else if (isReport(report)) (view = new ReportView(root, store, undefined)).showReport(report);
    else throw new Error('The embedded report data is not a drift report.');
    watchTheme(() => view.refreshTheme());
    return;
  }

  const store = new StateStore(host);
  const post = (m: Parameters<typeof host.post>[0]) => host.post(m);
  const panes: Record<PanelView, HTMLElement> = {
    comparison: h('div', { className: 'view-pane', attrs: { role: 'tabpanel', id: panelId('comparison'), 'aria-labelledby': tabId('comparison') } }),
    timeline: h('div', { className: 'view-pane', attrs: { role: 'tabpanel', id: panelId('timeline'), 'aria-labelledby': tabId('timeline') } }),
  };
  const tabs = createViewTabs((view) => choose(view));
  root.replaceChildren(tabs.element, panes.comparison, panes.timeline);

  // Both views share the panel's one watch switch.
  const onWatch = (watching: boolean) => {
    store.update({ watching });
    comparison?.setWatching(watching);
    timeline?.setWatching(watching);
  };
  let comparison: ReportView | undefined;
  let timeline: TimelineView | undefined;
  // The pair's, so both views' switches say it, including a view made after the host said it.
  let watchUnavailable: string | undefined;
  const setWatchUnavailable = (reason: string | undefined) => {
    watchUnavailable = reason;
    comparison?.setWatchUnavailable(reason);
    timeline?.setWatchUnavailable(reason);
  };
  const made = <V extends ReportView | TimelineView>(view: V): V => (view.setWatchUnavailable(watchUnavailable), view);
  const comparisonView = () => (comparison ??= made(new ReportView(panes.comparison, store, post, onWatch)));
  const timelineView = () => (timeline ??= made(new TimelineView(panes.timeline, store, post, onWatch)));
  const viewOf = (v: PanelView) => (v === 'timeline' ? timelineView() : comparisonView());
  watchTheme(() => {
    comparison?.refreshTheme();
    timeline?.refreshTheme();
  });

  /** The toggle is there once the panel shows a pair (every pair, image sets included, has both views). */
  const updateTabs = () => {
    tabs.element.hidden = !(store.state.report ?? store.state.timeline);
  };
  const show = (view: PanelView) => {
    if (store.state.view !== view) store.update({ view });
    tabs.select(view);
    for (const v of VIEWS) panes[v].hidden = v !== view;
    viewOf(view);
  };
  /** The user chose a view: shown at once; one without data yet is asked of the host. */
  const choose = (view: PanelView) => {
    show(view);
    const has = view === 'timeline' ? store.state.timeline : store.state.report;
    if (has) return;
    viewOf(view).setBusy(view === 'timeline' ? 'choose the chunking' : 'comparing');
    post({ type: MessageType.OpenView, view });
  };

  listenToHost({
    [MessageType.ShowReport]: (m) => {
      store.update({ pair: m.pair });
      setWatchUnavailable(m.watchUnavailable);
      comparisonView().showReport(m.report, m.watching, m.watchUnavailable);
      timeline?.setWatching(m.watching);
      updateTabs();
    },
    [MessageType.ShowTimeline]: (m) => {
      store.update({ pair: m.pair });
      setWatchUnavailable(m.watchUnavailable);
      timelineView().showTimeline(m.timeline, m.watching, m.watchUnavailable);
      comparison?.setWatching(m.watching);
      updateTabs();
    },
    [MessageType.SelectView]: (m) => show(m.view),
    [MessageType.ChunkDetail]: (m) => timeline?.showChunkDetail(m.chunk, m.column, m.report, m.message),
    [MessageType.Busy]: (m) => viewOf(m.view).setBusy(m.stage),
    [MessageType.Failed]: (m) => viewOf(m.view).setFailed(m.message),
  });
  // Show the last data at once after a reload or hide/show; the host's answers replace it.
  if (store.state.report) comparisonView().showReport(store.state.report);
  if (store.state.timeline) timelineView().showTimeline(store.state.timeline);
  updateTabs();
  show(store.state.view === 'timeline' && store.state.timeline ? 'timeline' : store.state.report || !store.state.timeline ? 'comparison' : 'timeline');
  host.post({ type: MessageType.Ready });
}

start();
