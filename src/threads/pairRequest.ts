/**
 * What every thread that reads a pair of datasets is given (compareProtocol.ts,
 * timelineProtocol.ts), and how any of them reports a failure.
 */
import type { DriftSettings } from '../core/drift/settings';

export interface PairRequest {
  /** Absolute paths (or source URIs); `referenceName`/`currentName` are what reports and messages show. */
  referencePath: string;
  currentPath: string;
  referenceName: string;
  currentName: string;
  settings: DriftSettings;
  generatedBy: string;
  /** Keep reference profiles here (keyed by file identity and content hash); none: no cache. */
  cacheDir?: string;
}

/** `expected`: bad input or settings, shown as is; otherwise a bug, logged with its stack. */
export interface ThreadFailure {
  type: 'error';
  message: string;
  expected: boolean;
  stack?: string;
}
