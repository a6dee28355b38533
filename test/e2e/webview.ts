// Finding a webview's content from Playwright. A VS Code webview is a nested iframe:
// main page -> iframe.webview (host frame, VS Code's) -> #active-frame (the extension's HTML).
import type { Frame, FrameLocator, Page } from 'playwright-core';

/** The content frame of the (only, or first) webview: a lazy chain, resolved on each use. */
export function webviewFrameLocator(page: Page, index = 0): FrameLocator {
  return page.locator('iframe.webview').nth(index).contentFrame().locator('#active-frame').contentFrame();
}

async function isWebviewContentFrame(frame: Frame): Promise<boolean> {
  const parent = frame.parentFrame();
  if (!parent) return false;
  try {
    const [own, host] = await Promise.all([frame.frameElement(), parent.frameElement()]);
    const [ownId, hostClass] = await Promise.all([own.getAttribute('id'), host.getAttribute('class')]);
    return ownId === 'active-frame' && (hostClass ?? '').split(/\s+/).includes('webview');
  } catch {
    return false; // detached while we looked: a webview being reloaded
  }
}

/**
 * Polls the page's frames for a webview content frame that contains `selector` (for example the
 * root element of our report), so that several open webviews are told apart by their content.
 */
export async function findWebviewFrame(page: Page, selector: string, timeoutMs = 20_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (!(await isWebviewContentFrame(frame))) continue;
      const found = await frame.$(selector).catch(() => null);
      if (found) return frame;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no webview frame containing ${selector} within ${timeoutMs} ms`);
}
