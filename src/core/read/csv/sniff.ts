/** Delimiters tried, in the order that breaks ties. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

const SAMPLE_BYTES = 64 * 1024;
const SAMPLE_RECORDS = 50;

/**
 * Guesses the delimiter from the first records: counts each candidate outside double quotes on
 * every record and prefers the one whose count on the header is non-zero and repeats on the most
 * records, then the larger count, then the order of DELIMITERS. Falls back to a comma (a file of
 * one column has none).
 */
export function sniffDelimiter(bytes: Uint8Array, start = 0): string {
  const end = Math.min(bytes.length, start + SAMPLE_BYTES);
  const sample = new TextDecoder().decode(bytes.subarray(start, end));
  const complete = end === bytes.length;

  const counts: number[][] = [];
  let current = [0, 0, 0, 0];
  let inQuotes = false;
  let blank = true;
  for (let i = 0; i < sample.length && counts.length < SAMPLE_RECORDS; i++) {
    const c = sample[i];
    if (c === '"') {
      // A doubled quote toggles twice, so it changes nothing, as it should.
      inQuotes = !inQuotes;
      blank = false;
    } else if (inQuotes) {
      continue;
    } else if (c === '\n' || c === '\r') {
      if (!blank) counts.push(current);
      current = [0, 0, 0, 0];
      blank = true;
    } else {
      const d = DELIMITERS.indexOf(c as (typeof DELIMITERS)[number]);
      if (d >= 0) current[d]++;
      if (c !== ' ') blank = false;
    }
  }
  // The last record counts only if the sample holds it whole.
  if (!blank && complete && !inQuotes && counts.length < SAMPLE_RECORDS) counts.push(current);
  if (counts.length === 0) return ',';

  let best = -1;
  let bestAgree = 0;
  let bestCount = 0;
  for (let d = 0; d < DELIMITERS.length; d++) {
    const header = counts[0][d];
    if (header === 0) continue;
    let agree = 0;
    for (const record of counts) if (record[d] === header) agree++;
    if (agree > bestAgree || (agree === bestAgree && header > bestCount)) {
      best = d;
      bestAgree = agree;
      bestCount = header;
    }
  }
  return best < 0 ? ',' : DELIMITERS[best];
}
