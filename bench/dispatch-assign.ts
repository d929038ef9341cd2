// Part of bench/dispatch: 500x500 batch assignment, ours (assignMinCost) vs the npm `munkres`
// package in the same process on the same matrices, alternating which runs first.
// Matrices: pickup km between random order and provider points in a Tabriz-sized box (the real
// use) and uniform random costs (the textbook case). Run alone: `npm run bench -- dispatch-assign`.
import { fileURLToPath } from 'node:url';
import { munkres } from 'munkres';
import { assignMinCost, assignmentCost } from '../src/modules/dispatch/assignment/index.js';
import { median, printTable, round } from './lib.js';

export interface AssignResult { kind: string; oursMs: number; munkresMs: number; ratio: number; rounds: number }

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function geoMatrix(n: number, rnd: () => number): number[][] {
  const pts = () => Array.from({ length: n }, () => [rnd() * 17.5, rnd() * 14.5]);
  const a = pts();
  const b = pts();
  return a.map(([x, y]) => b.map(([u, v]) => Math.hypot(x - u, y - v)));
}

function uniformMatrix(n: number, rnd: () => number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: n }, () => Math.floor(rnd() * 10_000)));
}

function timeIt(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Median time per solve of each, over `rounds` fresh matrices; both solve every matrix. */
export function runAssignBench(n = 500, rounds = 15): AssignResult[] {
  const out: AssignResult[] = [];
  for (const [kind, make] of [['pickup km', geoMatrix], ['uniform', uniformMatrix]] as const) {
    const rnd = lcg(kind.length * 7919);
    for (let w = 0; w < 3; w++) { const m = make(n, rnd); assignMinCost(m); munkres(m); } // JIT warm-up
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const m = make(n, rnd);
      let a: number[] = [];
      let pairs: [number, number][] = [];
      const runOurs = () => ours.push(timeIt(() => { a = assignMinCost(m); }));
      const runTheirs = () => theirs.push(timeIt(() => { pairs = munkres(m); }));
      if (r % 2) { runOurs(); runTheirs(); } else { runTheirs(); runOurs(); }
      const theirCost = pairs.reduce((s, [i, j]) => s + m[i][j], 0);
      const ourCost = assignmentCost(m, a);
      if (Math.abs(ourCost - theirCost) > 1e-6 * Math.max(1, Math.abs(theirCost))) throw new Error(`cost mismatch: ours ${ourCost}, munkres ${theirCost}`);
    }
    const oursMs = median(ours);
    const munkresMs = median(theirs);
    out.push({ kind, oursMs, munkresMs, ratio: oursMs / munkresMs, rounds });
  }
  return out;
}

export function printAssign(results: AssignResult[], n = 500): void {
  console.log(`${n}x${n} assignment, median ms per solve over ${results[0]?.rounds} matrices each (same matrices, same total cost checked):`);
  printTable(['matrix', 'ours ms', 'munkres ms', 'ours/munkres'], results.map((r) => [r.kind, round(r.oursMs, 1), round(r.munkresMs, 1), round(r.ratio, 3)]));
}

/** The headline ratio: the geometric mean over both matrix kinds. */
export function assignRatio(results: AssignResult[]): number {
  return Math.exp(results.reduce((s, r) => s + Math.log(r.ratio), 0) / results.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = runAssignBench();
  printAssign(results);
  console.log(JSON.stringify({ bench: 'dispatch-assign', assign_ratio_vs_munkres: round(assignRatio(results), 3), ...Object.fromEntries(results.map((r) => [`ratio_${r.kind.replace(' ', '_')}`, round(r.ratio, 3)])) }));
}
