import type { Dataset } from '../../../src/core/read/dataset';
import { Finding } from '../target';

/** What any dataset a reader returns must hold: one value per row in every column, codes in range. */
export function checkDatasetShape(d: Dataset): void {
  if (!Number.isSafeInteger(d.rows) || d.rows < 0) throw new Finding(`a dataset of ${d.rows} rows`);
  for (const c of d.columns) {
    if (c.storage === 'numeric') {
      if (c.values.length !== d.rows) throw new Finding(`column '${c.name}' has ${c.values.length} values for ${d.rows} rows`);
    } else {
      if (c.codes.length !== d.rows) throw new Finding(`column '${c.name}' has ${c.codes.length} codes for ${d.rows} rows`);
      for (const code of c.codes) {
        if (code < -1 || code >= c.dictionary.length) throw new Finding(`column '${c.name}' has code ${code} for a dictionary of ${c.dictionary.length}`);
      }
    }
  }
}
