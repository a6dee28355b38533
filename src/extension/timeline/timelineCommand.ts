import * as vscode from 'vscode';
import type { Services } from '../comparison';
import { pickDatasetPair } from '../datasetPicker';
import type { DatasetPair, RecentPairs } from '../recentPairs';
import { DriftReportPanel } from '../reportPanel';
import { chooseTimeline, type GivenSpec } from './chooseTimeline';

/**
 * "Show drift over time": the pair (QuickPicks, or a given pair), then the pair's report panel on
 * its Timeline view: the open panel of the pair chooses its Timeline (the toggle's path), otherwise
 * the time column and chunking QuickPicks (`spec` skips them, for tests) and a new panel.
 * Undefined when cancelled or failed (the user has been told).
 */
export async function showTimelineCommand(services: Services, recent: RecentPairs, pair?: DatasetPair, spec?: GivenSpec): Promise<DriftReportPanel | undefined> {
  pair ??= await pickDatasetPair(recent);
  if (!pair) return undefined;
  const open = DriftReportPanel.forPair(pair);
  if (open) return (await open.openView('timeline', spec)) ? open : undefined;
  const chosen = await chooseTimeline(services, pair, spec);
  if (!chosen) return undefined;
  await recent.remember(pair);
  return DriftReportPanel.showTimeline(services, pair, chosen.session, chosen.report);
}

/** For the palette's argument check: a pair passed as two URIs (tests, other commands). */
export function pairOf(reference: unknown, current: unknown): DatasetPair | undefined {
  return reference instanceof vscode.Uri && current instanceof vscode.Uri ? { reference, current } : undefined;
}
