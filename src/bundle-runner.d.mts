export interface Manifest {
  format: number;
  node: string;
  /** Names this build's V8 code cache (V8 itself only checks the source's length). */
  id: string;
  /** false: these inputs cannot be bundled safely (reason says why); use tsx until they change. */
  ok: boolean;
  /** The text is all ASCII, so it is read as latin1 (one byte per character, no UTF-8 decoding). */
  ascii?: boolean;
  reason?: string;
  /** path relative to ROOT -> [size, mtimeMs] */
  inputs: Record<string, [number, number]>;
}
export const ROOT: string;
export const CACHE_DIR: string;
export const BUNDLE: string;
export const FORMAT: number;
export function readFreshBundle(): string | null | undefined;
export function readManifest(text: string): Manifest | undefined;
export function runBundle(text: string, manifest: Manifest): void;
export function readIfExists(file: string): Buffer | undefined;
export function writeAtomically(file: string, data: string | Buffer): void;
