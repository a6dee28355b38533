// Reads the built report UI (dist/webview.js, dist/report.css) for standalone HTML reports.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportBundle } from './html';

export class ReportBundleError extends Error {
  override readonly name = 'ReportBundleError';
}

export const REPORT_BUNDLE_FILES = { script: 'webview.js', css: 'report.css' } as const;

/** Loads the bundle from `dir` (the build's dist/), with a clear error when it was not built. */
export async function loadReportBundle(dir: string): Promise<ReportBundle> {
  const read = async (name: string) => {
    try {
      return await readFile(join(dir, name), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ReportBundleError(
        code === 'ENOENT'
          ? `the HTML report UI is missing (${join(dir, name)}); build it with 'npm run build'`
          : `cannot read ${join(dir, name)}: ${(e as Error).message}`,
      );
    }
  };
  // Both reads at once, but the error named is always the script's when both fail (not whichever
  // failed first).
  const [script, css] = await Promise.allSettled([read(REPORT_BUNDLE_FILES.script), read(REPORT_BUNDLE_FILES.css)]);
  if (script.status === 'rejected') throw script.reason;
  if (css.status === 'rejected') throw css.reason;
  return { script: script.value, css: css.value };
}
