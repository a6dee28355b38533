// Verdicts are shown as an icon (distinct shape) plus a word, never by colour alone.
import type { ColumnVerdict } from '../shared/protocol';
import type { ColumnReport } from '../shared/report';
import { h, svg } from './dom';

export function columnVerdict(c: ColumnReport): ColumnVerdict {
  return c.drifted === true ? 'drift' : c.drifted === false ? 'no-drift' : 'not-tested';
}

export const VERDICT_LABEL: Record<ColumnVerdict, string> = {
  drift: 'Drift',
  'no-drift': 'No drift',
  'not-tested': 'Not tested',
};

/** A 16x16 icon whose shape alone tells the verdict: triangle (drift), check, dash. */
export function verdictIcon(v: ColumnVerdict, size = 14): SVGSVGElement {
  const icon = svg('svg', {
    class: `icon icon-${v}`,
    viewBox: '0 0 16 16',
    width: size,
    height: size,
    'aria-hidden': 'true',
    focusable: 'false',
  });
  if (v === 'drift') {
    // Filled triangle with the exclamation mark cut out (evenodd), readable at 12px.
    icon.appendChild(
      svg('path', {
        d: 'M8 1.3 15.3 14.4H.7Z M7.2 5.6v4.6h1.6V5.6Z M7.2 11.3v1.6h1.6v-1.6Z',
        'fill-rule': 'evenodd',
        fill: 'currentColor',
      }),
    );
  } else {
    icon.appendChild(svg('circle', { cx: 8, cy: 8, r: 6.3, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 }));
    icon.appendChild(
      svg('path', {
        d: v === 'no-drift' ? 'M5 8.3 7.1 10.4 11.1 6' : 'M5.2 8h5.6',
        fill: 'none',
        stroke: 'currentColor',
        'stroke-width': 1.6,
        'stroke-linecap': 'round',
        'stroke-linejoin': 'round',
      }),
    );
  }
  return icon;
}

/** Icon + word, coloured by the verdict's class. */
export function verdictBadge(v: ColumnVerdict, label = VERDICT_LABEL[v]): HTMLSpanElement {
  return h('span', { className: `verdict verdict-${v}` }, [verdictIcon(v), h('span', { text: label })]);
}
