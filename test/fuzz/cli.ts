import { appendFileSync } from 'node:fs';
import { runFuzz, type RunResult } from './engine';
import { TARGETS } from './targets';

/*
 * `npm run fuzz -- --minutes N [--target NAME] [--seed S] [--log FILE]`: runs each target (or the
 * one named) for N minutes, one after the other, saving any failing input under
 * test/fixtures/fuzz/<target>/ (test/unit/fuzz.test.ts replays them). Run targets side by side
 * by starting one process per target. Exit 1 when anything was found.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const minutes = Number(arg('minutes') ?? '1');
  const seed = Number(arg('seed') ?? Date.now() % 2 ** 31);
  const only = arg('target');
  const log = arg('log');
  if (!(minutes > 0) || !Number.isSafeInteger(seed)) {
    console.error('usage: npm run fuzz -- --minutes N [--target NAME] [--seed S] [--log FILE]');
    return 2;
  }
  const targets = only ? TARGETS.filter((t) => t.name === only) : TARGETS;
  if (targets.length === 0) {
    console.error(`no target '${only}'; there are ${TARGETS.map((t) => t.name).join(', ')}`);
    return 2;
  }
  const results: RunResult[] = [];
  for (const t of targets) {
    console.log(`fuzz ${t.name}: ${t.about}; seed ${seed}, ${minutes} min`);
    const started = Date.now();
    let lastReport = started;
    const r = await runFuzz({
      target: t.name,
      seed,
      deadline: started + minutes * 60_000,
      save: true,
      onFinding: (f) => console.log(`  FOUND (${f.kind}) ${f.message.split('\n')[0]}\n    saved ${f.file}`),
      onProgress: (executions: number) => {
        if (Date.now() - lastReport < 60_000) return;
        lastReport = Date.now();
        const line = `  ${t.name}: ${executions} executions in ${((Date.now() - started) / 60_000).toFixed(1)} min`;
        console.log(line);
        if (log) appendFileSync(log, `${new Date().toISOString()} ${line}\n`);
      },
    });
    results.push(r);
    const summary = `${t.name}: seed ${seed}, ${(r.ms / 60_000).toFixed(1)} min, ${r.executions} executions, ${r.findings.length} findings`;
    console.log(summary);
    if (log) appendFileSync(log, `${new Date().toISOString()} DONE ${summary}${r.findings.map((f) => `\n  ${f.kind}: ${f.message.split('\n')[0]} (${f.file})`).join('')}\n`);
  }
  return results.some((r) => r.findings.length > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(2);
  },
);
