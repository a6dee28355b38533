// The connection to the extension host, or its absence in a standalone (saved / CLI) HTML file.
import type { FromWebviewMessage, SavedWebviewState, WebviewState } from '../shared/protocol';

export interface Host {
  /** True in a saved HTML file: no extension host, so no save/watch/re-run. */
  readonly standalone: boolean;
  post(message: FromWebviewMessage): void;
  getState(): SavedWebviewState | undefined;
  setState(state: WebviewState): void;
}

export function connectHost(): Host {
  if (typeof acquireVsCodeApi !== 'function') {
    // State lives only as long as the page; a saved file has no host to restore it from.
    let memory: WebviewState | undefined;
    return {
      standalone: true,
      post: () => undefined,
      getState: () => memory,
      setState: (s) => {
        memory = s;
      },
    };
  }
  // acquireVsCodeApi may be called only once per page.
  const api = acquireVsCodeApi<WebviewState>();
  return {
    standalone: false,
    post: (m) => api.postMessage(m),
    getState: () => api.getState(),
    setState: (s) => {
      api.setState(s);
    },
  };
}
