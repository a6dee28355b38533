import type { Locator } from 'playwright-core';
import type { Workbench } from './workbench';

/** The Explorer's row for a file or folder of the workspace. */
export function explorerRow(w: Workbench, name: string): Locator {
  return w.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
}

/**
 * Selects `names` in the Explorer, opens the context menu on the last and clicks `label` in it,
 * as a person would; returns once the menu has closed (VS Code closes it as it runs the item).
 *
 * VS Code's menu listens for the mouse-up that runs an item only from 100 ms after it renders the
 * item (runOnceToEnableMouseUp in its menu.ts: so the mouse-up of the right-click that opened the
 * menu cannot pick an item). Playwright clicks as soon as the item is visible and still: on a fast
 * machine that is inside the 100 ms and the click is ignored, the menu staying open with no command
 * run (what failed this suite in CI, never on a loaded machine). So the click waits a moment after
 * the menu shows, as no person could click sooner anyway, and is made again if the menu stays open.
 */
export async function clickExplorerMenuItem(w: Workbench, names: readonly string[], label: string): Promise<void> {
  await clickMenuItem(w, await explorerContextMenu(w, names, label), label);
}

/** Clicks an item of an open context menu until the menu closes (see clickExplorerMenuItem). */
export async function clickMenuItem(w: Workbench, item: Locator, label: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await w.page.waitForTimeout(400);
    await item.click();
    if (await item.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false)) return;
    if (attempt === 3) throw new Error(`three clicks on "${label}" in the context menu and the menu is still open`);
  }
}

/**
 * Selects `names` in the Explorer as a person would (a click on the first, Control-click on each
 * next: the order of selection is what the command is given), right-clicks the last and returns
 * the context menu's item `label` once the menu offers it.
 *
 * Two things move under the pointer and are retried: a click on a folder also expands it, so the
 * rows below shift while the tree re-renders and a Control-click can land on a revealed file (a
 * right-click outside the selection would then make that the only argument); and an extension's
 * menu entries can arrive a few seconds after the workbench shows. So the selection is checked
 * (exactly `names`, by aria-selected) before the menu opens, and the menu reopened until it offers
 * the item.
 */
export async function explorerContextMenu(w: Workbench, names: readonly string[], label: string, timeoutMs = 40_000): Promise<Locator> {
  const item = w.page.locator('.monaco-menu .action-item', { hasText: label }).first();
  const selectedRows = w.page.locator('.explorer-folders-view .monaco-list-row[aria-selected="true"]');
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    await w.page.keyboard.press('Escape'); // a menu left open by a failed try would cover the rows
    for (const [i, name] of names.entries()) {
      await explorerRow(w, name).click(i === 0 ? {} : { modifiers: ['Control'] });
      await w.page.waitForTimeout(300);
    }
    const selected = await selectedRows.allInnerTexts();
    last = `selected: ${JSON.stringify(selected)}`;
    const exactly = selected.length === names.length && names.every((n) => selected.some((t) => t.includes(n)));
    if (exactly) {
      await explorerRow(w, names[names.length - 1]).click({ button: 'right' });
      if (await item.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) return item;
      last += `; the menu did not offer "${label}"`;
    }
    if (Date.now() > deadline) throw new Error(`the Explorer context menu for ${names.join(', ')} never offered "${label}" (${last})`);
  }
}
