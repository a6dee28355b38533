// Launching the system Chromium (Debian's /usr/bin/chromium) for the report UI tests, and
// collecting everything a page should never do: dialogs, errors, CSP violations.
import { existsSync } from 'fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install it with 'apt-get install -y chromium'`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** What a page did that it never should. */
export interface Problems {
  dialogs: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

interface CspWindow {
  __cspViolations?: string[];
}

export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<{ page: Page; problems: Problems }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const problems: Problems = { dialogs: [], consoleErrors: [], pageErrors: [] };
  page.on('dialog', (d) => {
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    // The readback warning comes from this test's own getImageData calls, not from the page.
    if (m.type() === 'error' || (m.type() === 'warning' && !m.text().startsWith('Canvas2D: Multiple readback'))) {
      problems.consoleErrors.push(m.text());
    }
  });
  page.on('pageerror', (e) => problems.pageErrors.push(e.message));
  // Injected by the browser (outside the page's CSP), before any page script.
  await page.addInitScript(() => {
    const w = window as unknown as CspWindow;
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations?.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  return { page, problems };
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as CspWindow).__cspViolations ?? []);
}

/** Counts canvas pixels that are drawn (alpha > 0), and those close to `rgb` if given. */
export async function canvasPixels(page: Page, selector: string, rgb?: [number, number, number]): Promise<{ drawn: number; matching: number }> {
  return page.evaluate(
    ({ selector, rgb }) => {
      const canvas = document.querySelector(selector);
      if (!(canvas instanceof HTMLCanvasElement) || canvas.width === 0 || canvas.height === 0) return { drawn: 0, matching: 0 };
      const ctx = canvas.getContext('2d');
      if (!ctx) return { drawn: 0, matching: 0 };
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      let matching = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) continue;
        drawn++;
        if (rgb && data[i + 3] > 200 && Math.abs(data[i] - rgb[0]) + Math.abs(data[i + 1] - rgb[1]) + Math.abs(data[i + 2] - rgb[2]) < 40) matching++;
      }
      return { drawn, matching };
    },
    { selector, rgb },
  );
}
