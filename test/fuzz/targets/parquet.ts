import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readDataset } from '../../../src/core/read/index';
import { mutate } from '../mutate';
import type { Rng } from '../rng';
import { expectUserError, type FuzzCase, type FuzzTarget } from '../target';
import { checkDatasetShape } from './dataset';

/*
 * The Parquet reader on damaged copies of the read fixtures (every codec hyparquet-compressors
 * gives us, both page versions, dictionary and plain pages): flipped bits, zeroed bytes and runs,
 * truncation, deleted and spliced ranges. Each must end in a dataset of the right shape or a
 * message naming the file, within the sandbox's time and memory caps.
 */
const READ = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'read');
const SOURCE = 'fuzz.parquet';

let corpus: Uint8Array[] | undefined;
function fixtures(): Uint8Array[] {
  corpus ??= readdirSync(READ)
    .filter((n) => n.endsWith('.parquet') && n !== 'text-inside.parquet')
    .sort()
    .map((n) => new Uint8Array(readFileSync(path.join(READ, n))));
  return corpus;
}

export const parquetTarget: FuzzTarget = {
  name: 'parquet',
  about: 'Parquet reader on mutated fixtures (all codecs, v1/v2 pages): a dataset or a clear error, within time and memory caps',
  makeCase(rng: Rng): FuzzCase {
    const all = fixtures();
    return { input: mutate(rng, rng.pick(all), { donors: all }), variant: 'parquet' };
  },
  async check(c: FuzzCase): Promise<void> {
    let d;
    try {
      d = await readDataset(c.input, SOURCE);
    } catch (e) {
      expectUserError(e, SOURCE);
      return;
    }
    checkDatasetShape(d);
  },
};
