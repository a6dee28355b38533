import { Finding } from './target';
import { targetNamed } from './targets';

/*
 * The sandbox child (test/fuzz/sandbox.ts forks it): judges one case at a time, as the parent
 * sends them. A hang or a runaway allocation here is the parent's to see; this process only
 * answers when the check ends.
 */
interface Request {
  readonly id: number;
  readonly target: string;
  readonly variant: string;
  readonly input: Uint8Array;
}

process.on('message', (m: Request) => {
  void (async () => {
    let reply: { id: number; finding?: string };
    try {
      await targetNamed(m.target).check({ input: m.input, variant: m.variant });
      reply = { id: m.id };
    } catch (e) {
      const message = e instanceof Finding ? e.message : `the check itself failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
      reply = { id: m.id, finding: message };
    }
    process.send!(reply);
  })();
});
