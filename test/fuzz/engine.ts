import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Rng } from './rng';
import { type Outcome, Sandbox } from './sandbox';
import type { FuzzCase } from './target';
import { prepare, targetNamed } from './targets';

/**
 * The fuzz loop: seeded cases from a target, each judged in the sandbox; a failing input is saved
 * as a regression fixture (test/fixtures/fuzz/<target>/<hash>.<variant>) that
 * test/unit/fuzz.test.ts replays. A run stops after `cases` cases or at `deadline`, whichever
 * comes first.
 */
export const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'fuzz');

export interface RunOptions {
  readonly target: string;
  readonly seed: number;
  readonly cases?: number;
  /** Date.now() to stop at. */
  readonly deadline?: number;
  readonly timeoutMs?: number;
  readonly memoryMb?: number;
  /** Save failing inputs under FIXTURES (the long run does; the unit test does not). */
  readonly save?: boolean;
  readonly onFinding?: (f: SavedFinding) => void;
  /** Called after each case with the executions so far. */
  readonly onProgress?: (executions: number) => void;
}

export interface SavedFinding {
  readonly kind: Outcome['kind'];
  readonly message: string;
  readonly file?: string;
  readonly hash: string;
}

export interface RunResult {
  readonly target: string;
  readonly seed: number;
  readonly executions: number;
  readonly ms: number;
  readonly findings: readonly SavedFinding[];
}

export function caseHash(c: FuzzCase): string {
  return createHash('sha256').update(c.variant).update('\0').update(c.input).digest('hex').slice(0, 16);
}

/** The same bug found again differs in numbers and names: one saved input per kind of message is enough. */
function signature(o: Outcome & { message: string }): string {
  return `${o.kind} ${o.message.replace(/'[^']*'|"[^"]*"|\d+/g, '#').slice(0, 160)}`;
}

export async function runFuzz(options: RunOptions): Promise<RunResult> {
  const target = targetNamed(options.target);
  await prepare(target.name);
  const rng = new Rng(options.seed);
  const sandbox = new Sandbox({ timeoutMs: options.timeoutMs ?? 20_000, memoryMb: options.memoryMb ?? 768 });
  const findings: SavedFinding[] = [];
  const seen = new Set<string>();
  const started = Date.now();
  let executions = 0;
  try {
    while (executions < (options.cases ?? Infinity) && Date.now() < (options.deadline ?? Infinity)) {
      const c = target.makeCase(rng);
      const outcome = await sandbox.run(target.name, c);
      executions++;
      options.onProgress?.(executions);
      if (outcome.kind === 'pass') continue;
      const sig = signature(outcome);
      if (seen.has(sig)) continue;
      seen.add(sig);
      const hash = caseHash(c);
      let file: string | undefined;
      if (options.save) {
        const dir = path.join(FIXTURES, target.name);
        mkdirSync(dir, { recursive: true });
        file = path.join(dir, `${hash}.${c.variant}`);
        writeFileSync(file, c.input);
      }
      const finding = { kind: outcome.kind, message: outcome.message, file, hash };
      findings.push(finding);
      options.onFinding?.(finding);
    }
  } finally {
    sandbox.close();
  }
  return { target: target.name, seed: options.seed, executions, ms: Date.now() - started, findings };
}

/** The saved regression inputs of a target: file name, variant, bytes. */
export function savedCases(target: string): { file: string; case: FuzzCase }[] {
  const dir = path.join(FIXTURES, target);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names
    .filter((n) => !n.endsWith('.md'))
    .map((n) => ({ file: path.join(dir, n), case: { input: new Uint8Array(readFileSync(path.join(dir, n))), variant: n.slice(n.lastIndexOf('.') + 1) } }));
}

/** Judges saved inputs in the sandbox (the replay of regression fixtures). */
export async function replay(target: string, cases: readonly FuzzCase[], timeoutMs = 20_000): Promise<Outcome[]> {
  const sandbox = new Sandbox({ timeoutMs, memoryMb: 768 });
  try {
    const out: Outcome[] = [];
    for (const c of cases) out.push(await sandbox.run(target, c));
    return out;
  } finally {
    sandbox.close();
  }
}
