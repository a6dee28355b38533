// Answering the extension's QuickPicks like a person: wait for the titled picker, type part of a
// file name, wait for the matching row, Enter.
import type { Page } from 'playwright-core';

export async function answerQuickPick(page: Page, title: string, typed: string, timeoutMs = 20_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: timeoutMs });
  const input = widget.locator('.quick-input-box input');
  await input.fill(typed);
  await widget.locator('.quick-input-list .monaco-list-row', { hasText: typed }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  await input.press('Enter');
}
