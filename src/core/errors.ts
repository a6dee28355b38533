import { DriftInputError } from './drift/engine';
import { DriftSettingsError } from './drift/settings';
import { WriteError } from './io/atomicWrite';
import { DatasetReadError } from './read/dataset';
import { ReportBundleError } from './report/bundle';
import { ThreadFailure } from './taskRunner';
import { TimelineInputError } from './timeline/chunks';

/**
 * Errors that are the user's to fix (a file that cannot be read, bad settings, two files with
 * nothing in common, a missing report bundle, a timeline that cannot be cut into chunks, an output the disk cannot take, a thread out of memory or killed): shown as their one-line message, never with a
 * stack. Anything else is a bug of ours. The CLI and the comparison thread both ask here.
 */
export function isUserError(e: unknown): e is Error {
  return e instanceof DatasetReadError || e instanceof DriftSettingsError || e instanceof DriftInputError || e instanceof ReportBundleError || e instanceof TimelineInputError || e instanceof WriteError || e instanceof ThreadFailure;
}
