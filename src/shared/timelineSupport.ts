/**
 * Whether a pair can be shown over time: the one place the report panel (its Comparison |
 * Timeline toggle, src/webview/tabs.ts) and "Show drift over time" (src/extension/reportPanel.ts)
 * ask. Image sets have no rows in time order to cut into chunks yet, so their panels show the
 * comparison only; when image sets gain a time column for timelines, this predicate says so.
 */
interface Formats {
  readonly reference: { readonly format: string };
  readonly current: { readonly format: string };
}

/** The format of an image set (src/core/images/, DatasetInfo.format). */
export const IMAGE_SET_FORMAT = 'images';

export function timelineSupported(pair: Formats): boolean {
  return pair.reference.format !== IMAGE_SET_FORMAT && pair.current.format !== IMAGE_SET_FORMAT;
}
