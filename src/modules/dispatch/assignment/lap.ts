// Linear assignment for batch dispatch: the optimal min-cost matching (Jonker-Volgenant: column
// reduction, reduction transfer, augmenting row reduction, then shortest augmenting paths) and the
// greedy "cheapest pair first" baseline it is measured against. Plain functions over number[][],
// solved on a flat Float64Array so the inner loops stay monomorphic and cache-friendly.

/**
 * Forbidden pairs (Infinity or NaN) are solved as a large finite cost chosen so that any
 * assignment with fewer forbidden pairs is cheaper than any with more; pairs that still land on a
 * forbidden cell are reported as -1. The result therefore assigns as many rows as possible and,
 * among those assignments, has the least total cost.
 */
interface Prepared { flat: Float64Array; rows: number; cols: number; anyFinite: boolean }

/**
 * The flat matrix is reused between calls: touching a fresh multi-megabyte buffer costs page faults
 * that take longer than solving. Safe because solving is synchronous.
 */
let scratch = new Float64Array(0);
function scratchOf(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(Math.max(size, Math.floor(scratch.length * 1.5)));
  return scratch.subarray(0, size);
}

/** Rows x cols (transposed when asked) into one flat array, forbidden cells replaced by a big cost. */
function prepare(cost: number[][], transpose: boolean): Prepared {
  const n0 = cost.length;
  const m0 = n0 ? cost[0].length : 0;
  const rows = transpose ? m0 : n0;
  const cols = transpose ? n0 : m0;
  const flat = scratchOf(rows * cols);
  for (let i = 0; i < n0; i++) {
    const row = cost[i];
    if (row.length !== m0) throw new RangeError('cost matrix rows must all have the same length');
    if (!transpose) flat.set(row, i * cols); // a native copy: most of the cost of preparing
    else for (let j = 0; j < m0; j++) flat[j * cols + i] = row[j];
  }
  let min = Infinity;
  let max = -Infinity;
  let forbidden = false;
  for (let k = 0; k < flat.length; k++) {
    const c = flat[k];
    if (c < min) min = c;
    if (c > max) { if (c === Infinity) forbidden = true; else max = c; }
    else if (c !== c) forbidden = true;
  }
  if (min === -Infinity) throw new RangeError('cost -Infinity is not allowed');
  const anyFinite = max !== -Infinity;
  if (forbidden && anyFinite) {
    // One forbidden pair must outweigh any difference the finite pairs of a full assignment can make.
    const big = max + (max - min + 1) * (rows + 1);
    for (let k = 0; k < flat.length; k++) { const c = flat[k]; if (c !== c || c === Infinity) flat[k] = big; }
  }
  return { flat, rows, cols, anyFinite };
}

const allowed = (x: number) => x === x && x !== Infinity;

/**
 * Optimal assignment of rows to columns minimising the total cost. Returns, for every row, its
 * column or -1 (more rows than columns, or no allowed column left). Rectangular either way.
 * Deterministic: the same matrix always gives the same answer.
 */
export function assignMinCost(cost: number[][]): number[] {
  const n0 = cost.length;
  const m0 = n0 ? cost[0].length : 0;
  const out = new Array<number>(n0).fill(-1);
  if (n0 === 0 || m0 === 0) {
    for (const row of cost) if (row.length !== m0) throw new RangeError('cost matrix rows must all have the same length');
    return out;
  }
  const transpose = n0 > m0;
  const p = prepare(cost, transpose);
  if (!p.anyFinite) return out;
  const rowsol = solveLap(p.flat, p.rows, p.cols);
  for (let i = 0; i < p.rows; i++) {
    const j = rowsol[i];
    const [r, c] = transpose ? [j, i] : [i, j];
    if (allowed(cost[r][c])) out[r] = c;
  }
  return out;
}

/** Solves rows <= cols on a flat finite matrix; every row gets a column. */
export function solveLap(c: Float64Array, n: number, m: number): Int32Array {
  const rowsol = new Int32Array(n).fill(-1);
  const colsol = new Int32Array(m).fill(-1);
  const v = new Float64Array(m);
  if (n === 1) {
    let best = 0;
    for (let j = 1; j < m; j++) if (c[j] < c[best]) best = j;
    rowsol[0] = best;
    return rowsol;
  }
  const free = new Int32Array(n);
  let numFree: number;
  if (n === m) numFree = columnReduction(c, n, rowsol, colsol, v, free);
  else {
    // Rectangular: column prices start at 0 and only fall for matched columns, which keeps the
    // unmatched columns' dual at 0 as optimality with spare columns requires.
    for (let i = 0; i < n; i++) free[i] = i;
    numFree = n;
  }
  for (let pass = 0; pass < 2 && numFree > 0; pass++) numFree = augmentingRowReduction(c, n, m, rowsol, colsol, v, free, numFree);
  augment(c, m, rowsol, colsol, v, free, numFree);
  return rowsol;
}

/** Square only: column minima as prices, then transfer the reduction of once-assigned rows. */
function columnReduction(c: Float64Array, n: number, rowsol: Int32Array, colsol: Int32Array, v: Float64Array, free: Int32Array): number {
  const argmin = new Int32Array(n);
  v.fill(Infinity);
  for (let i = 0; i < n; i++) {
    const base = i * n;
    for (let j = 0; j < n; j++) {
      const h = c[base + j];
      if (h < v[j]) { v[j] = h; argmin[j] = i; }
    }
  }
  const matches = new Int32Array(n);
  for (let j = n - 1; j >= 0; j--) {
    const imin = argmin[j];
    if (++matches[imin] === 1) { rowsol[imin] = j; colsol[j] = imin; }
    else if (v[j] < v[rowsol[imin]]) {
      const j1 = rowsol[imin];
      rowsol[imin] = j; colsol[j] = imin; colsol[j1] = -1;
    } else colsol[j] = -1;
  }
  let numFree = 0;
  for (let i = 0; i < n; i++) {
    if (matches[i] === 0) { free[numFree++] = i; continue; }
    if (matches[i] !== 1) continue;
    const j1 = rowsol[i];
    const base = i * n;
    let min = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === j1) continue;
      const h = c[base + j] - v[j];
      if (h < min) min = h;
    }
    v[j1] -= min;
  }
  // A row that matched several columns keeps only its cheapest; the others were released above.
  return numFree;
}

/**
 * Cheap augmentations along alternating paths of length one or two (JV's "augmenting row
 * reduction"). Capped so float ties cannot make it cycle; rows left over go to `augment`.
 */
function augmentingRowReduction(c: Float64Array, n: number, m: number, rowsol: Int32Array, colsol: Int32Array, v: Float64Array, free: Int32Array, prvNumFree: number): number {
  let k = 0;
  let numFree = 0;
  let budget = n * 8;
  while (k < prvNumFree) {
    if (--budget < 0) {
      while (k < prvNumFree) free[numFree++] = free[k++];
      break;
    }
    const i = free[k++];
    const base = i * m;
    let umin = c[base] - v[0];
    let j1 = 0;
    let j2 = -1;
    let usubmin = Infinity;
    for (let j = 1; j < m; j++) {
      const h = c[base + j] - v[j];
      if (h < usubmin) {
        if (h >= umin) { usubmin = h; j2 = j; }
        else { usubmin = umin; umin = h; j2 = j1; j1 = j; }
      }
    }
    let i0 = colsol[j1];
    if (umin < usubmin) v[j1] -= usubmin - umin;
    else if (i0 > -1) { j1 = j2; i0 = colsol[j2]; }
    if (i0 > -1) rowsol[i0] = -1;
    rowsol[i] = j1;
    colsol[j1] = i;
    if (i0 > -1) {
      if (umin < usubmin) free[--k] = i0;
      else free[numFree++] = i0;
    }
  }
  return numFree;
}

/** Dijkstra-like shortest augmenting path from each remaining free row (JV's augmentation). */
function augment(c: Float64Array, m: number, rowsol: Int32Array, colsol: Int32Array, v: Float64Array, free: Int32Array, numFree: number): void {
  const d = new Float64Array(m);
  const pred = new Int32Array(m);
  const collist = new Int32Array(m);
  for (let f = 0; f < numFree; f++) {
    const freeRow = free[f];
    const base = freeRow * m;
    for (let j = 0; j < m; j++) { d[j] = c[base + j] - v[j]; pred[j] = freeRow; collist[j] = j; }
    let low = 0;
    let up = 0;
    let last = 0;
    let min = 0;
    let end = -1;
    while (end < 0) {
      if (up === low) {
        last = low - 1;
        min = d[collist[up++]];
        for (let k = up; k < m; k++) {
          const j = collist[k];
          const h = d[j];
          if (h <= min) {
            if (h < min) { up = low; min = h; }
            collist[k] = collist[up];
            collist[up++] = j;
          }
        }
        for (let k = low; k < up; k++) if (colsol[collist[k]] < 0) { end = collist[k]; break; }
      }
      if (end >= 0) break;
      const j1 = collist[low++];
      const i = colsol[j1];
      const ib = i * m;
      const h = c[ib + j1] - v[j1] - min;
      for (let k = up; k < m; k++) {
        const j = collist[k];
        const v2 = c[ib + j] - v[j] - h;
        if (v2 < d[j]) {
          pred[j] = i;
          if (v2 === min) {
            if (colsol[j] < 0) { end = j; break; }
            collist[k] = collist[up];
            collist[up++] = j;
          }
          d[j] = v2;
        }
      }
    }
    // Columns finished before the last minimum search move their price; others keep theirs.
    for (let k = 0; k <= last; k++) { const j = collist[k]; v[j] += d[j] - min; }
    let j = end;
    for (;;) {
      const i = pred[j];
      colsol[j] = i;
      const next = rowsol[i];
      rowsol[i] = j;
      if (i === freeRow) break;
      j = next;
    }
  }
}

/**
 * Greedy baseline: repeatedly takes the globally cheapest remaining allowed pair (ties: lower row,
 * then lower column). This is what "nearest first" batch dispatch does.
 */
export function assignGreedy(cost: number[][]): number[] {
  const n = cost.length;
  const m = n ? cost[0].length : 0;
  const out = new Array<number>(n).fill(-1);
  const { vals, cells } = finiteCells(cost, m);
  // Pairs are taken cheapest first in chunks of rising cost: a linear-time selection finds each
  // chunk's upper bound, and only the (few) pairs inside a chunk need the tie-breaking sort.
  const colUsed = new Uint8Array(m);
  let left = Math.min(n, m);
  let lo = -Infinity;
  let remaining = vals.length;
  let chunk = Math.max(1024, 4 * left);
  const scratch = new Float64Array(vals.length);
  while (left > 0 && remaining > 0) {
    let r = 0;
    for (let k = 0; k < vals.length; k++) if (vals[k] > lo) scratch[r++] = vals[k];
    const hi = selectKth(scratch, r, Math.min(r, chunk) - 1);
    const idx: number[] = [];
    for (let k = 0; k < vals.length; k++) if (vals[k] > lo && vals[k] <= hi) idx.push(k);
    // Cell index = row * m + col, so comparing it breaks ties by row, then column.
    idx.sort((a, b) => vals[a] - vals[b] || cells[a] - cells[b]);
    for (let t = 0; t < idx.length && left > 0; t++) {
      const q = cells[idx[t]];
      const i = Math.floor(q / m);
      const j = q - i * m;
      if (out[i] !== -1 || colUsed[j]) continue;
      out[i] = j;
      colUsed[j] = 1;
      left--;
    }
    remaining -= idx.length;
    lo = hi;
    chunk *= 2;
  }
  return out;
}

/** The k-th smallest (0-based) of a[0..len), by quickselect; reorders `a`. */
function selectKth(a: Float64Array, len: number, k: number): number {
  let l = 0;
  let r = len - 1;
  while (r > l) {
    const mid = (l + r) >> 1;
    const x = a[l], y = a[mid], z = a[r];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return a[k];
  }
  return a[k];
}

/** The allowed cells of a matrix: their costs and their row-major indices. */
function finiteCells(cost: number[][], m: number): { vals: Float64Array; cells: Uint32Array } {
  let count = 0;
  for (const row of cost) {
    if (row.length !== m) throw new RangeError('cost matrix rows must all have the same length');
    for (let j = 0; j < m; j++) {
      const x = row[j];
      if (x === -Infinity) throw new RangeError('cost -Infinity is not allowed');
      if (x === x && x !== Infinity) count++;
    }
  }
  const vals = new Float64Array(count);
  const cells = new Uint32Array(count);
  let k = 0;
  cost.forEach((row, i) => {
    for (let j = 0; j < m; j++) {
      const x = row[j];
      if (x === x && x !== Infinity) { vals[k] = x; cells[k++] = i * m + j; }
    }
  });
  return { vals, cells };
}

/** Total cost of an assignment (forbidden or unassigned rows count nothing). */
export function assignmentCost(cost: number[][], rowToCol: number[]): number {
  let total = 0;
  for (let i = 0; i < rowToCol.length; i++) if (rowToCol[i] >= 0) total += cost[i][rowToCol[i]];
  return total;
}
