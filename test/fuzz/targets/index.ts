import type { FuzzTarget } from '../target';
import { csvTarget } from './csv';
import { jsonTarget } from './json';
import { parquetTarget } from './parquet';
import { preloadProfiles, profileTarget } from './profile';
import { promTarget } from './prom';

/** Every fuzz target, by name (`npm run fuzz -- --target NAME`). */
export const TARGETS: readonly FuzzTarget[] = [csvTarget, parquetTarget, jsonTarget, promTarget, profileTarget];

export function targetNamed(name: string): FuzzTarget {
  const t = TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`no fuzz target '${name}'; there are ${TARGETS.map((x) => x.name).join(', ')}`);
  return t;
}

/** Work a target's makeCase needs done first (reading fixtures that take a promise). */
export async function prepare(name: string): Promise<void> {
  if (name === 'profile') await preloadProfiles();
}
