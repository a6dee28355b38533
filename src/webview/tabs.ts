// The report panel's "Comparison | Timeline" toggle: a WAI-ARIA tablist with manual activation
// (arrow keys, Home and End move the focus; Enter, Space or a click chooses), because choosing
// the Timeline of a comparison opens the host's chunking QuickPicks, which must not happen while
// the user only moves through the tabs.
import type { PanelView } from '../shared/protocol';
import { h } from './dom';

export const VIEWS: readonly PanelView[] = ['comparison', 'timeline'];

const LABELS: Record<PanelView, { text: string; title: string }> = {
  comparison: { text: 'Comparison', title: 'The reference against the whole current file' },
  timeline: { text: 'Timeline', title: 'The current file cut into chunks: since when each column drifts' },
};

export interface ViewTabs {
  readonly element: HTMLElement;
  /** Shows `view` as the chosen tab (the panels are the caller's). */
  select(view: PanelView): void;
}

/** The id of a view's tab (its tabpanel's aria-labelledby). */
export const tabId = (view: PanelView) => `view-tab-${view}`;
/** The id of a view's tabpanel (its tab's aria-controls). */
export const panelId = (view: PanelView) => `view-panel-${view}`;

export function createViewTabs(onChoose: (view: PanelView) => void): ViewTabs {
  const tabs = VIEWS.map((view) => {
    const tab = h('button', {
      className: 'view-tab',
      text: LABELS[view].text,
      title: LABELS[view].title,
      attrs: { type: 'button', role: 'tab', id: tabId(view), 'aria-controls': panelId(view), 'data-view': view },
    });
    tab.addEventListener('click', () => onChoose(view));
    return tab;
  });
  const element = h('div', { className: 'view-tabs', attrs: { role: 'tablist', 'aria-label': 'View' } }, tabs);
  element.addEventListener('keydown', (e) => {
    const at = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const to = e.key === 'ArrowRight' ? (at + 1) % tabs.length : e.key === 'ArrowLeft' ? (at + tabs.length - 1) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    tabs[to].focus();
  });
  return {
    element,
    select(view) {
      for (const tab of tabs) {
        const chosen = tab.dataset.view === view;
        tab.setAttribute('aria-selected', String(chosen));
        // One tab stop: the chosen tab (roving tabindex).
        tab.tabIndex = chosen ? 0 : -1;
      }
    },
  };
}
