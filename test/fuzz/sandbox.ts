import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FuzzCase } from './target';

/**
 * Runs cases in a child process (child.ts), one at a time, with a time cap and a memory cap, so
 * a decoder that loops for ever or allocates what a header merely claims is seen and reported
 * instead of stopping the run. The child is reused while cases pass and replaced after a kill.
 * The caps are watchdogs, not timings: a real hang runs for ever, and a timed-out case is tried
 * again with four times the cap before it counts (the machine may just be busy).
 */
export interface SandboxOptions {
  /** Wall-clock cap on one case. */
  readonly timeoutMs: number;
  /** Resident memory cap of the child (checked from /proc on Linux). */
  readonly memoryMb: number;
}

export type Outcome =
  | { readonly kind: 'pass' }
  | { readonly kind: 'finding'; readonly message: string }
  | { readonly kind: 'hang'; readonly message: string }
  | { readonly kind: 'memory'; readonly message: string }
  | { readonly kind: 'crash'; readonly message: string };

const CHILD = path.join(__dirname, 'child.js');

function residentMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export class Sandbox {
  private child: ChildProcess | undefined;
  private nextId = 1;

  constructor(private readonly options: SandboxOptions) {}

  private spawn(): ChildProcess {
    // The heap cap makes a runaway JavaScript allocation fail fast; typed arrays live outside
    // it, which is what the resident-memory watchdog is for.
    const child = fork(CHILD, [], {
      serialization: 'advanced',
      execArgv: [`--max-old-space-size=${this.options.memoryMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr!.resume();
    return child;
  }

  /** Judges one case; a case that hangs is retried once with 4x the time before it counts. */
  async run(target: string, c: FuzzCase): Promise<Outcome> {
    const first = await this.once(target, c, this.options.timeoutMs);
    if (first.kind !== 'hang') return first;
    return this.once(target, c, this.options.timeoutMs * 4);
  }

  private once(target: string, c: FuzzCase, timeoutMs: number): Promise<Outcome> {
    const child = (this.child ??= this.spawn());
    const id = this.nextId++;
    return new Promise<Outcome>((resolve) => {
      let done = false;
      const finish = (o: Outcome, kill: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(watch);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (kill) {
          child.kill('SIGKILL');
          this.child = undefined;
        }
        resolve(o);
      };
      const onMessage = (m: { id: number; finding?: string }) => {
        if (m.id !== id) return;
        finish(m.finding === undefined ? { kind: 'pass' } : { kind: 'finding', message: m.finding }, false);
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.child = undefined;
        finish({ kind: 'crash', message: `the process ended (${signal ?? `exit ${String(code)}`}) while judging it` }, false);
      };
      const timer = setTimeout(() => finish({ kind: 'hang', message: `no result after ${timeoutMs / 1000} s (a loop without progress?)` }, true), timeoutMs);
      const watch = setInterval(() => {
        const mb = child.pid === undefined ? undefined : residentMb(child.pid);
        if (mb !== undefined && mb > this.options.memoryMb * 1.5) {
          finish({ kind: 'memory', message: `${Math.round(mb)} MB resident, over the cap of ${this.options.memoryMb * 1.5} MB` }, true);
        }
      }, 100);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ id, target, variant: c.variant, input: c.input });
    });
  }

  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}
