import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';

/** Where bytes live: the data directory by default, object storage in a real deployment. */
export interface FileStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  delete(key: string): Promise<void>;
}

const SAFE_KEY = /^[a-z0-9][a-z0-9_\-/]{0,200}$/;

/** Stores files under `<dataDir>/files`, refusing keys that could escape it. */
export class DiskFileStore implements FileStore {
  constructor(private readonly root: string) {}
  private resolve(key: string): string {
    if (!SAFE_KEY.test(key) || key.includes('..') || key.includes('//')) throw new Error(`unsafe file key: ${key}`);
    const full = path.resolve(this.root, key);
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`unsafe file key: ${key}`);
    return full;
  }
  async put(key: string, bytes: Uint8Array): Promise<void> {
    const full = this.resolve(key);
    await fs.mkdir(path.dirname(full), { recursive: true });
    const tmp = `${full}.tmp-${process.pid}`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, full);
  }
  async get(key: string): Promise<Uint8Array> {
    return fs.readFile(this.resolve(key));
  }
  async delete(key: string): Promise<void> {
    await fs.rm(this.resolve(key), { force: true });
  }
}

/** Keeps files in memory (tests and in-memory databases). */
export class MemoryFileStore implements FileStore {
  private readonly map = new Map<string, Uint8Array>();
  async put(key: string, bytes: Uint8Array) { this.map.set(key, bytes); }
  async get(key: string) {
    const v = this.map.get(key);
    if (!v) throw new Error(`no file ${key}`);
    return v;
  }
  async delete(key: string) { this.map.delete(key); }
}

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** The content type from the bytes themselves, for the formats Peyk accepts. */
export function sniffContentType(bytes: Uint8Array): 'image/jpeg' | 'image/png' | 'application/pdf' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47 && bytes[4] === 0x0d && bytes[5] === 0x0a && bytes[6] === 0x1a && bytes[7] === 0x0a) return 'image/png';
  if (bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}
