import { failure, redactUrl, type HttpFailure } from './failure';

/**
 * Which answers httpGet follows, and where to. (The token rule for the next hop is in httpGet's
 * request(): same origin only.)
 */

export const DEFAULT_MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface RedirectChain {
  readonly visited: ReadonlySet<string>;
  readonly hop: number;
  readonly maxRedirects: number;
}

/** A redirect status with a Location, and redirects not turned off. */
export function isRedirect(status: number, location: string | undefined, maxRedirects: number): location is string {
  return REDIRECT_STATUSES.has(status) && location !== undefined && maxRedirects > 0;
}

/** Where a redirect answer points, or why it is not followed: not a URL, not http(s), a loop, or one hop too many. */
export function redirectTarget(status: number, location: string, from: URL, chain: RedirectChain): URL | HttpFailure {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return failure('invalid redirect', `HTTP ${status} to "${location}", which is not a URL.`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    return failure('invalid redirect', `HTTP ${status} to ${next.protocol} (only http and https are followed).`);
  }
  if (chain.visited.has(next.href)) {
    return failure('redirect loop', `${redactUrl(from)} redirects back to ${redactUrl(next)}, which was already visited.`);
  }
  if (chain.hop + 1 > chain.maxRedirects) {
    return failure('too many redirects', `More than ${chain.maxRedirects} redirects, the last to ${redactUrl(next)}.`);
  }
  return next;
}
