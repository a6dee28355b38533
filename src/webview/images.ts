// Image sets: for the selected property, the current images furthest outside the reference next
// to typical reference images, each with its value. Thumbnails come as webview resource URIs (the
// panel) or data: URIs (standalone HTML), both allowed by the page's CSP (img-src).
import type { GalleryImage, ImageGalleryPair } from '../shared/report';
import { h } from './dom';
import { formatValue } from './format';

export function imageStrip(gallery: ImageGalleryPair | undefined, property: string, open: ((file: string) => void) | undefined): HTMLElement | null {
  const p = gallery?.properties[property];
  if (!p) return null;
  const row = (title: string, side: 'current' | 'reference', images: GalleryImage[]) =>
    h('div', { className: `image-row image-row-${side}` }, [
      h('h4', {}, [h('span', { className: `swatch swatch-${side}` }), title]),
      h('ol', { className: 'image-strip' }, images.map((x) => tile(x, side, open))),
    ]);
  return h('section', { className: 'detail-section image-gallery', attrs: { 'data-property': property } }, [
    h('h3', { text: 'Images' }),
    row('Current: furthest outside the reference', 'current', p.outliers),
    row('Reference: typical (nearest the median)', 'reference', p.typical),
  ]);
}

function tile(x: GalleryImage, side: string, open: ((file: string) => void) | undefined): HTMLElement {
  const picture = x.thumbnail
    ? h('img', { attrs: { src: x.thumbnail, alt: x.path, width: '96', height: '96' } })
    : h('span', { className: 'image-missing muted', text: 'no preview' });
  const caption = h('span', { className: 'image-value mono', text: formatValue(x.value) });
  const body = [picture, caption];
  const item = open
    ? h('button', { className: 'image-tile', title: `${x.path} (open)`, attrs: { type: 'button', 'data-side': side, 'data-path': x.path } }, body)
    : h('span', { className: 'image-tile', title: x.path, attrs: { 'data-side': side, 'data-path': x.path } }, body);
  if (open) item.addEventListener('click', () => open(x.file));
  return h('li', {}, [item]);
}
