import type { ColumnReport } from '../../shared/report';
import type { TimelineReport } from '../../shared/timeline';
import type { TimelineSession } from './timelineSession';

/**
 * The host side of a report panel's Timeline view: the worker that keeps the pair's columns
 * (for a cell's detail, and for watch: appended rows extend the timeline, closed chunks are
 * reused, src/core/timeline/timeline.ts) and the timeline it computed.
 */
export class PanelTimeline {
  /** Chunks reused by the last reload (tests read it: watch recomputes only the open chunk). */
  lastReused = 0;
  /** The worker's computation of the same timeline, when it holds none (after a window reload). */
  private computing: Promise<unknown> | undefined;

  /** `restored`: the timeline comes from a saved panel and the new worker has not computed it. */
  constructor(
    private readonly session: TimelineSession,
    public report: TimelineReport,
    private restored = false,
  ) {}

  /** The comparison of one column on one chunk's rows, for the detail view. */
  async detail(chunk: number, column: string): Promise<ColumnReport> {
    await this.ensureComputed();
    return this.session.detail(chunk, column);
  }

  /** Reads the files again; closed chunks are reused, the open last one (and new ones) computed. */
  async reload(): Promise<TimelineReport> {
    await this.ensureComputed();
    const { report, reused } = await this.session.reload();
    this.lastReused = reused;
    this.report = report;
    return report;
  }

  dispose(): void {
    this.session.dispose();
  }

  private async ensureComputed(): Promise<void> {
    if (!this.restored) return;
    const t = this.report;
    this.computing ??= this.session.timeline({ chunking: t.chunking, baseline: t.baseline, ...(t.timeColumn ? { timeColumn: t.timeColumn } : {}) });
    await this.computing;
    this.restored = false;
  }
}
