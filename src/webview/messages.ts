// Typed dispatch of host messages: one handler per message type, checked by the compiler.
import { MessageType, type ToWebviewMessage } from '../shared/protocol';

export type MessageHandlers = {
  [K in ToWebviewMessage['type']]: (message: Extract<ToWebviewMessage, { type: K }>) => void;
};

const KNOWN = new Set<string>([MessageType.ShowReport, MessageType.Busy, MessageType.Failed, MessageType.SelectView, MessageType.ShowTimeline, MessageType.ChunkDetail]);

function isToWebviewMessage(data: unknown): data is ToWebviewMessage {
  return typeof data === 'object' && data !== null && KNOWN.has(String((data as { type?: unknown }).type));
}

export function listenToHost(handlers: MessageHandlers): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const m = event.data;
    if (!isToWebviewMessage(m)) return;
    switch (m.type) {
      case MessageType.ShowReport:
        handlers[MessageType.ShowReport](m);
        break;
      case MessageType.Busy:
        handlers[MessageType.Busy](m);
        break;
      case MessageType.Failed:
        handlers[MessageType.Failed](m);
        break;
      case MessageType.SelectView:
        handlers[MessageType.SelectView](m);
        break;
      case MessageType.ShowTimeline:
        handlers[MessageType.ShowTimeline](m);
        break;
      case MessageType.ChunkDetail:
        handlers[MessageType.ChunkDetail](m);
        break;
    }
  });
}
