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

function isReport(x: unknown): x is DriftReport {
  return typeof x === 'object' && x !== null && Array.isArray((x as { columns?: unknown }).columns);
}

function start(): void {
  const root = document.getElementById(REPORT_ROOT_ID) ?? document.body.appendChild(h('main', { attrs: { id: REPORT_ROOT_ID } }));
  const host = connectHost();
  if (host.standalone) followSystemTheme();
  const store = new StateStore(host);
  const view = new ReportView(root, store, host.standalone ? undefined : (m) => host.post(m));
  watchTheme(() => view.refreshTheme());

  if (host.standalone) {
    const report = readEmbeddedReport();
    if (!isReport(report)) throw new Error('The embedded report data is not a drift report.');
    view.showReport(report);
    return;
  }
  listenToHost({
    [MessageType.ShowReport]: (m) => {
      store.update({ pair: m.pair });
      view.showReport(m.report, m.watching);
    },
    [MessageType.Busy]: (m) => view.setBusy(m.stage),
    [MessageType.Failed]: (m) => view.setFailed(m.message),
  });
  // Show the last report at once after a reload or hide/show; the host's answer replaces it.
  if (store.state.report) view.showReport(store.state.report);
  host.post({ type: MessageType.Ready });
}

start();
