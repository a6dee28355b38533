/** Throws the signal's reason (an AbortError unless the caller gave one) once it has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw signal.reason ?? new DOMException('The read was aborted', 'AbortError');
}

/**
 * Lets timers, I/O and abort events run between chunks of a long synchronous read, then checks
 * the signal. setImmediate rather than a resolved promise: microtasks would not let them run.
 */
export function pause(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    setImmediate(() => {
      try {
        throwIfAborted(signal);
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  });
}
