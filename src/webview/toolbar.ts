// Host-only actions: re-run, watch, save. Absent in a standalone HTML file.
import { MessageType, type FromWebviewMessage, type PanelView } from '../shared/protocol';
import { h } from './dom';

export interface Toolbar {
  element: HTMLElement;
  setWatching(watching: boolean): void;
  setBusy(busy: boolean): void;
  /** A reason: the watch switch is off and disabled, the reason its tooltip (a database table). */
  setWatchUnavailable(reason: string | undefined): void;
}

const WATCH_TITLE = 'Update the panel when the current file changes on disk';

export function createToolbar(post: (m: FromWebviewMessage) => void, onWatch: (watching: boolean) => void, view: PanelView): Toolbar {
  const rerun = h('button', {
    className: 'button',
    text: 'Re-run',
    title: view === 'timeline' ? 'Read the files again and update the timeline' : 'Compare the two files again',
    attrs: { type: 'button', 'data-action': 'rerun' },
  });
  rerun.addEventListener('click', () => post({ type: MessageType.Rerun, view }));

  const watch = h('input', { attrs: { type: 'checkbox', 'data-action': 'watch' } });
  watch.addEventListener('change', () => {
    post({ type: MessageType.SetWatch, watching: watch.checked });
    onWatch(watch.checked);
  });
  // One switch per panel: both views stay current while the file grows.
  const watchLabel = h('label', { className: 'toggle', title: WATCH_TITLE }, [
    watch,
    h('span', { text: 'Watch current file' }),
  ]);

  const save = (format: 'json' | 'html') => {
    const b = h('button', {
      className: 'button secondary',
      text: `Save ${format.toUpperCase()}`,
      title: `Save the ${view === 'timeline' ? 'timeline' : 'report'} as ${format === 'json' ? 'JSON' : 'one self-contained HTML file'}`,
      attrs: { type: 'button', 'data-action': `save-${format}` },
    });
    b.addEventListener('click', () => post({ type: MessageType.SaveReport, view, format }));
    return b;
  };

  const element = h('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Report actions' } }, [
    rerun,
    watchLabel,
    h('span', { className: 'toolbar-separator' }),
    h('span', { className: 'muted small', text: 'Save report' }),
    save('json'),
    save('html'),
  ]);
  return {
    element,
    setWatching: (w) => {
      watch.checked = w;
    },
    setBusy: (busy) => {
      rerun.disabled = busy;
    },
    setWatchUnavailable: (reason) => {
      watch.disabled = reason !== undefined;
      if (reason !== undefined) watch.checked = false;
      watchLabel.title = reason ?? WATCH_TITLE;
    },
  };
}
