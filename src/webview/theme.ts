// Theme colours for the canvas (Chart.js cannot use CSS variables), read from the same
// --vscode-* variables as the stylesheet and re-read when VS Code switches theme.

export type ThemeKind = 'light' | 'dark' | 'high-contrast';

export interface ChartTheme {
  kind: ThemeKind;
  foreground: string;
  muted: string;
  grid: string;
  reference: string;
  current: string;
  referenceFill: string;
  currentFill: string;
  tooltipBackground: string;
  tooltipForeground: string;
  tooltipBorder: string;
  fontFamily: string;
  fontSize: number;
}

export function themeKind(): ThemeKind {
  const cls = document.body.classList;
  if (cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light')) return 'high-contrast';
  return cls.contains('vscode-light') ? 'light' : 'dark';
}

let probe: CanvasRenderingContext2D | null | undefined;

/** Any CSS colour as [r, g, b, a], via the canvas' own colour parser. */
function rgba(color: string): [number, number, number, number] {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return [128, 128, 128, 1];
  probe.fillStyle = '#808080';
  probe.fillStyle = color;
  const s = String(probe.fillStyle);
  if (s.startsWith('#')) {
    return [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16), parseInt(s.slice(5, 7), 16), 1];
  }
  const m = /rgba?\(([^)]+)\)/.exec(s);
  if (!m) return [128, 128, 128, 1];
  const [r, g, b, a] = m[1].split(',').map((x) => parseFloat(x));
  return [r, g, b, a ?? 1];
}

export function withAlpha(color: string, alpha: number): string {
  const [r, g, b, a] = rgba(color);
  return `rgba(${r}, ${g}, ${b}, ${+(a * alpha).toFixed(3)})`;
}

/**
 * The stylesheet defines --di-* from --vscode-* (with fallbacks); reading the resolved --di-*
 * keeps canvas and HTML on one palette.
 */
export function readChartTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const kind = themeKind();
  const reference = read('--di-reference', '#3794ff');
  const current = read('--di-current', '#d18616');
  const fill = kind === 'high-contrast' ? 0.3 : 0.42;
  return {
    kind,
    foreground: read('--di-chart-foreground', '#cccccc'),
    muted: read('--di-muted', '#9d9d9d'),
    grid: withAlpha(read('--di-chart-lines', '#808080'), kind === 'high-contrast' ? 0.6 : 0.35),
    reference,
    current,
    referenceFill: withAlpha(reference, fill),
    currentFill: withAlpha(current, fill),
    tooltipBackground: read('--di-tooltip-background', '#252526'),
    tooltipForeground: read('--di-tooltip-foreground', '#cccccc'),
    tooltipBorder: read('--di-tooltip-border', '#454545'),
    fontFamily: read('--di-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(read('--di-font-size', '13px')) || 13,
  };
}

/**
 * Calls `onChange` after VS Code switches theme: it changes the body class (and the variables on
 * <html>). Coalesced to one call per frame.
 */
export function watchTheme(onChange: () => void): MutationObserver {
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      onChange();
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
  return observer;
}
