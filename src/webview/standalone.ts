// A saved HTML file has no extension host: the report is embedded in the page, and the theme
// follows the operating system's colour scheme instead of VS Code's.

import { REPORT_DATA_ID } from '../shared/page';

/** Reads the report JSON embedded in <script type="application/json" id="report-data">. */
export function readEmbeddedReport(): unknown {
  const el = document.getElementById(REPORT_DATA_ID);
  if (!el?.textContent) throw new Error('This page has no embedded report data.');
  return JSON.parse(el.textContent);
}

/** Mirrors the OS colour scheme into the body classes VS Code would set. */
export function followSystemTheme(): void {
  const dark = matchMedia('(prefers-color-scheme: dark)');
  const contrast = matchMedia('(forced-colors: active), (prefers-contrast: more)');
  const apply = () => {
    const cls = document.body.classList;
    cls.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
    cls.add(contrast.matches ? 'vscode-high-contrast' : dark.matches ? 'vscode-dark' : 'vscode-light');
  };
  document.body.classList.add('standalone');
  apply();
  dark.addEventListener('change', apply);
  contrast.addEventListener('change', apply);
}
