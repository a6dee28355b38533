/**
 * Per-image properties from decoded pixels: one pass over an 8-bit RGB buffer (3 bytes a pixel,
 * rows top to bottom), as issue 12 defines them. Pure computation; decoding is in decode.ts.
 *
 * Why one JavaScript pass rather than libvips operations: sharpness (mean gradient magnitude) and
 * saturation ((max - min) / max per pixel) have no libvips operation that sharp exposes, so the
 * raw buffer is needed anyway; once it is here, every property costs a few operations per pixel,
 * far less than decoding the image (measured in bench/images.js).
 *
 * Exactness: the luma Y = 0.299 R + 0.587 G + 0.114 B is kept as the integer 1000 Y =
 * 299 R + 587 G + 114 B, so its sums (and sums of squares) are exact integers: per row in a
 * double (below 2^53), over rows in BigInt. Brightness and contrast are then rounded once, at the
 * end; the Python reference (scripts/images/generate.py) sums floats with numpy, so the two agree
 * to about 1e-13 relative, far inside the 1e-9 the tests ask.
 */

/** The numeric properties, in the order of image-features' columns. */
export interface PixelProperties {
  brightness: number;
  contrast: number;
  sharpness: number;
  mean_r: number;
  mean_g: number;
  mean_b: number;
  saturation: number;
  /** Every pixel R = G = B. */
  grayscale: boolean;
}

/** The no-model embedding of an image: 8 x 8 luma thumbnail (64) + 3 x 8-bin colour histogram (24). */
export const EMBEDDING_SIZE = 64 + 24;

/**
 * Computes the properties of a `width` x `height` RGB image. When `embedding` is given (length
 * EMBEDDING_SIZE) it is filled with the image's no-model embedding:
 * - [0, 64): mean Y / 255 over each cell of an 8 x 8 grid, cell (i, j) covering rows
 *   floor(i H / 8) .. floor((i + 1) H / 8) - 1 and the same for columns (images smaller than 8
 *   pixels a side repeat pixels: a cell then covers at least the pixel floor(i H / 8));
 * - [64, 88): share of pixels whose R (then G, then B) falls in each of 8 bins of 32 values.
 */
export function pixelProperties(rgb: Uint8Array, width: number, height: number, embedding?: Float64Array): PixelProperties {
  const n = width * height;
  if (n === 0 || rgb.length < n * 3) throw new RangeError(`pixel buffer of ${rgb.length} bytes for ${width} x ${height}`);
  const stride = width * 3;
  let sumY = 0n;
  let sumY2 = 0n;
  let sumR = 0;
  let sumG = 0;
  let sumB = 0;
  let sharp = 0;
  let sat = 0;
  let grey = true;
  // Luma of the previous row (integers, 1000 Y), for dy.
  let prev = new Int32Array(width);
  let cur = new Int32Array(width);
  const cells = embedding ? new Float64Array(64) : undefined;
  const hist = embedding ? new Float64Array(24) : undefined;
  const cellOfColumn = new Int32Array(width);
  for (let x = 0; x < width; x++) cellOfColumn[x] = cellOf(x, width);
  for (let y = 0; y < height; y++) {
    const base = y * stride;
    let rowY = 0;
    let rowY2 = 0;
    let rowSharp = 0;
    let rowSat = 0;
    const last = width - 1;
    for (let x = 0, p = base; x < width; x++, p += 3) {
      const r = rgb[p];
      const g = rgb[p + 1];
      const b = rgb[p + 2];
      const yi = 299 * r + 587 * g + 114 * b;
      cur[x] = yi;
      rowY += yi;
      rowY2 += yi * yi;
      sumR += r;
      sumG += g;
      sumB += b;
      if (grey && (r !== g || g !== b)) grey = false;
      const max = Math.max(r, g, b);
      // A division, not a 256 x 256 table: the table (512 KB) misses the cache more than it saves.
      if (max !== 0) rowSat += (max - Math.min(r, g, b)) / max;
      if (y > 0 && x < last) {
        // The gradient at (x, y - 1): forward differences to the right and below.
        const up = prev[x];
        const dx = prev[x + 1] - up;
        const dy = yi - up;
        rowSharp += Math.sqrt(dx * dx + dy * dy);
      }
    }
    if (cells && hist) {
      const cellRow = cellOf(y, height) * 8;
      for (let x = 0, p = base; x < width; x++, p += 3) {
        cells[cellRow + cellOfColumn[x]] += cur[x];
        hist[rgb[p] >> 5]++;
        hist[8 + (rgb[p + 1] >> 5)]++;
        hist[16 + (rgb[p + 2] >> 5)]++;
      }
    }
    // Row sums are exact in a double: 4 x 10^10 per pixel squared, far below 2^53 for any row up to 10^5 pixels.
    sumY += BigInt(rowY);
    sumY2 += BigInt(rowY2);
    sharp += rowSharp;
    sat += rowSat;
    const t = prev;
    prev = cur;
    cur = t;
  }
  const big = BigInt(n);
  // Population variance of 1000 Y, exactly: (n S2 - S1^2) / n^2.
  const varNum = big * sumY2 - sumY * sumY;
  const gradients = (width - 1) * (height - 1);
  if (embedding && cells && hist) {
    const rowSpan = cellSpans(height);
    const colSpan = cellSpans(width);
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        // A side under 8 pixels leaves cells empty: they take the cell of pixel floor(i size / 8).
        const ci = rowSpan[i] > 0 ? i : cellOf(Math.floor((i * height) / 8), height);
        const cj = colSpan[j] > 0 ? j : cellOf(Math.floor((j * width) / 8), width);
        embedding[i * 8 + j] = cells[ci * 8 + cj] / (rowSpan[ci] * colSpan[cj]) / 255000;
      }
    }
    for (let k = 0; k < 24; k++) embedding[64 + k] = hist[k] / n;
  }
  return {
    brightness: ratio(sumY, big * 1000n),
    contrast: Math.sqrt(ratio(varNum, big * big * 1000000n)),
    // An image one pixel wide or high has no forward differences in both directions: 0.
    sharpness: gradients > 0 ? sharp / 1000 / gradients : 0,
    mean_r: sumR / n / 255,
    mean_g: sumG / n / 255,
    mean_b: sumB / n / 255,
    saturation: sat / n,
    grayscale: grey,
  };
}

/** The cell (0..7) of pixel k on a side of `size` pixels. */
function cellOf(k: number, size: number): number {
  return Math.min(7, Math.floor((k * 8) / size));
}

/** Pixels in each of the 8 cells of a side of `size` pixels. */
function cellSpans(size: number): Int32Array {
  const counts = new Int32Array(8);
  for (let k = 0; k < size; k++) counts[cellOf(k, size)]++;
  return counts;
}

/** a / b for BigInts, correctly rounded enough: integer part exact, the rest in a double. */
function ratio(a: bigint, b: bigint): number {
  const q = a / b;
  const r = a - q * b;
  return Number(q) + Number(r) / Number(b);
}
