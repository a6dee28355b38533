// Host-only actions: re-run, watch, save. Absent in a standalone HTML file.
import { MessageType, type FromWebviewMessage } from '../shared/protocol';
import { h } from './dom';

export interface Toolbar {
  element: HTMLElement;
  setWatching(watching: boolean): void;
  setBusy(busy: boolean): void;
}

export function createToolbar(post: (m: FromWebviewMessage) => void, onWatch: (watching: boolean) => void, options: { timelineButton?: boolean } = {}): Toolbar {
  const timeline = options.timelineButton
    ? h('button', { className: 'button secondary', text: 'Drift over time', title: 'Cut the current file into chunks and show since when each column drifts', attrs: { type: 'button', 'data-action': 'timeline' } })
    : null;
  timeline?.addEventListener('click', () => post({ type: MessageType.OpenTimeline }));
  const rerun = h('button', { className: 'button', text: 'Re-run', title: 'Compare the two files again', attrs: { type: 'button', 'data-action': 'rerun' } });
  rerun.addEventListener('click', () => post({ type: MessageType.Rerun }));

  const watch = h('input', { attrs: { type: 'checkbox', 'data-action': 'watch' } });
  watch.addEventListener('change', () => {
    post({ type: MessageType.SetWatch, watching: watch.checked });
    onWatch(watch.checked);
  });
  const watchLabel = h('label', { className: 'toggle', title: 'Re-run when the current file changes on disk' }, [
    watch,
    h('span', { text: 'Watch current file' }),
  ]);

  const save = (format: 'json' | 'html') => {
    const b = h('button', {
      className: 'button secondary',
      text: `Save ${format.toUpperCase()}`,
      title: format === 'json' ? 'Save the report as JSON' : 'Save the report as one self-contained HTML file',
      attrs: { type: 'button', 'data-action': `save-${format}` },
    });
    b.addEventListener('click', () => post({ type: MessageType.SaveReport, format }));
    return b;
  };

  const element = h('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Report actions' } }, [
    rerun,
    watchLabel,
    timeline,
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
  };
}
