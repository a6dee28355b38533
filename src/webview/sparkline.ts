// The table's inline distribution: one small SVG with two <path>s (a bar per bin and side),
// so 200 rows cost 200 tiny SVGs, not thousands of elements or canvases.
import type { Distribution } from '../shared/report';
import { svg } from './dom';
import { shares, toBins } from './bins';

const WIDTH = 84;
const HEIGHT = 20;

export function sparkline(d: Distribution): SVGSVGElement {
  const bins = toBins(d);
  const ref = shares(bins.reference, bins.referenceTotal);
  const cur = shares(bins.current, bins.currentTotal);
  const max = Math.max(...ref, ...cur, 1e-12);
  const n = Math.max(bins.labels.length, 1);
  const slot = WIDTH / n;
  const bar = Math.max((slot - (slot > 4 ? 1 : 0)) / 2, 0.5);
  const path = (values: number[], offset: number) =>
    values
      .map((v, i) => {
        const hgt = v > 0 ? Math.max((v / max) * (HEIGHT - 1), 1) : 0;
        if (!hgt) return '';
        const x = i * slot + offset;
        return `M${x.toFixed(2)} ${HEIGHT}v${(-hgt).toFixed(2)}h${bar.toFixed(2)}v${hgt.toFixed(2)}z`;
      })
      .join('');
  const el = svg('svg', {
    class: 'sparkline',
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    width: WIDTH,
    height: HEIGHT,
    preserveAspectRatio: 'none',
    role: 'img',
  });
  el.appendChild(svg('line', { class: 'spark-base', x1: 0, x2: WIDTH, y1: HEIGHT - 0.5, y2: HEIGHT - 0.5 }));
  el.appendChild(svg('path', { class: 'spark-reference', d: path(ref, 0) }));
  el.appendChild(svg('path', { class: 'spark-current', d: path(cur, bar) }));
  el.setAttribute('aria-label', `${bins.kind === 'histogram' ? 'Histogram' : 'Categories'}: reference and current, ${bins.labels.length} bins`);
  return el;
}
