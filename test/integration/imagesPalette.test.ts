import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DriftReportPanel } from '../../src/extension/reportPanel';
import { testHooks } from './hooks';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'images');
const root = () => vscode.workspace.workspaceFolders![0].uri;

type QuickPickItem = vscode.QuickPickItem & { uri?: vscode.Uri };
interface Asked {
  readonly title: string | undefined;
  readonly items: { label: string; description?: string }[];
}

/**
 * Answers the extension's QuickPicks as a user would: each call records what it offered and
 * picks the item whose label `answers` gives next (undefined: Escape). Patches the extension's
 * own `window` (src/extension/testHooks.ts), the one its command calls.
 */
async function scriptedQuickPicks(answers: (string | undefined)[]): Promise<{ asked: Asked[]; restore: () => void }> {
  const { window } = await testHooks();
  const original = window.showQuickPick;
  const asked: Asked[] = [];
  (window as { showQuickPick: unknown }).showQuickPick = async (items: readonly QuickPickItem[] | Thenable<readonly QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
    const list = await items;
    asked.push({ title: options?.title, items: list.map((i) => ({ label: i.label, description: i.description })) });
    if (asked.length > answers.length) throw new Error(`an unexpected QuickPick: ${options?.title}`);
    const label = answers[asked.length - 1];
    if (label === undefined) return undefined;
    const item = list.find((i) => i.label === label);
    if (!item) throw new Error(`QuickPick "${options?.title}" does not offer ${label}: ${list.map((i) => i.label).join(', ')}`);
    return item;
  };
  return { asked, restore: () => ((window as { showQuickPick: unknown }).showQuickPick = original) };
}

describe('Compare image folders for drift from the palette (QuickPicks, in the extension host)', function () {
  this.timeout(120_000);
  // Two image folders inside the workspace (findFiles only sees the workspace), removed after.
  const OLD = 'phone-old-images';
  const NEW = 'phone-new-images';
  before(() => {
    for (const [from, to] of [
      ['png', OLD],
      ['jpeg', NEW],
    ]) fs.cpSync(path.join(FIXTURES, 'set', from), path.join(root().fsPath, to), { recursive: true });
  });
  after(() => {
    for (const name of [OLD, NEW]) fs.rmSync(path.join(root().fsPath, name), { recursive: true, force: true });
  });
  afterEach(async () => (await testHooks()).openReportPanels().forEach((p) => p.dispose()));

  it('two QuickPicks list the folders holding images (with their counts); the two picked are compared', async () => {
    const picks = await scriptedQuickPicks([OLD, NEW]);
    let panel: DriftReportPanel | undefined;
    try {
      panel = (await vscode.commands.executeCommand('driftInspector.compareImageFolders')) as DriftReportPanel | undefined;
    } finally {
      picks.restore();
    }
    assert.deepStrictEqual(
      picks.asked.map((a) => a.title),
      ['Reference image folder', 'Current image folder'],
    );
    const [first, second] = picks.asked;
    assert.deepStrictEqual(first.items.find((i) => i.label === OLD), { label: OLD, description: '9 images' });
    assert.deepStrictEqual(first.items.find((i) => i.label === NEW), { label: NEW, description: '8 images' });
    // Only folders that hold images: the workspace's own root (CSV files) is not offered.
    assert.ok(first.items.every((i) => i.description !== undefined && /^\d+ images$/.test(i.description)), JSON.stringify(first.items));
    assert.ok(!first.items.some((i) => i.label === '' || i.label === '.'), JSON.stringify(first.items));
    // The reference is not offered again as the current folder.
    assert.deepStrictEqual(second.items.map((i) => i.label), first.items.map((i) => i.label).filter((l) => l !== OLD));
    assert.ok(panel, 'no panel');
    assert.strictEqual(panel.panel.title, `Drift: ${OLD} vs ${NEW}`);
    assert.deepStrictEqual([panel.currentReport.reference.format, panel.currentReport.reference.rows, panel.currentReport.current.rows], ['images', 9, 8]);
  });

  it('from one folder clicked in the Explorer: only the current folder is asked', async () => {
    const picks = await scriptedQuickPicks([OLD]);
    const clicked = vscode.Uri.joinPath(root(), NEW);
    let panel: DriftReportPanel | undefined;
    try {
      panel = (await vscode.commands.executeCommand('driftInspector.compareImageFolders', clicked, [clicked])) as DriftReportPanel | undefined;
    } finally {
      picks.restore();
    }
    assert.deepStrictEqual(picks.asked.map((a) => a.title), ['Current image folder']);
    assert.ok(!picks.asked[0].items.some((i) => i.label === NEW), 'the clicked folder is the reference');
    assert.ok(panel, 'no panel');
    assert.strictEqual(panel.panel.title, `Drift: ${NEW} vs ${OLD}`);
  });

  it('Escape on the second QuickPick compares nothing', async () => {
    const picks = await scriptedQuickPicks([OLD, undefined]);
    let result: unknown;
    try {
      result = await vscode.commands.executeCommand('driftInspector.compareImageFolders');
    } finally {
      picks.restore();
    }
    assert.strictEqual(picks.asked.length, 2);
    assert.strictEqual(result, undefined);
    assert.strictEqual((await testHooks()).openReportPanels().length, 0);
  });
});
