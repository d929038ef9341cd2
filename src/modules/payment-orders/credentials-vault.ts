import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../platform/errors.js';
import { XpoErrors as E } from './payment-orders.errors.js';

export interface VaultKey { id: string; key: Buffer }
export interface SealedSecret { keyId: string; iv: string; ciphertext: string; tag: string }
export interface Credentials { username: string; password: string }

/**
 * Parses PEYK_XPO_KEYS: `id:base64key[,id:base64key...]`; each key is 32 bytes. The first key seals
 * new secrets; the others only open older ones, so a key is rotated by putting a new one first.
 */
export function parseVaultKeys(text: string): VaultKey[] {
  const keys = text.split(',').map((s) => s.trim()).filter(Boolean).map((part) => {
    const m = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(part);
    if (!m) throw new Error('each key is id:base64');
    const key = Buffer.from(m[2], 'base64');
    if (key.length !== 32) throw new Error(`key ${m[1]} is not 32 bytes`);
    return { id: m[1], key };
  });
  if (!keys.length) throw new Error('no keys');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('key ids repeat');
  return keys;
}

/** Demo mode only: a key derived from the (demo) JWT secret, so a demo needs no setup. */
export function demoVaultKey(secret: string): VaultKey {
  return { id: 'demo', key: createHash('sha256').update(`peyk-xpo-demo-key:${secret}`).digest() };
}

/**
 * XPO-2: AES-256-GCM for target-site credentials. The order id is the additional authenticated
 * data, so a sealed secret cannot be copied onto another order.
 */
export class CredentialsVault {
  constructor(private readonly keys: VaultKey[]) {
    if (!keys.length) throw new Error('the credentials vault needs a key');
  }

  get currentKeyId(): string { return this.keys[0].id; }

  seal(orderId: string, creds: Credentials): SealedSecret {
    const k = this.keys[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', k.key, iv);
    cipher.setAAD(Buffer.from(orderId));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(creds), 'utf8'), cipher.final()]);
    return { keyId: k.id, iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
  }

  open(orderId: string, s: SealedSecret): Credentials {
    const k = this.keys.find((x) => x.id === s.keyId);
    if (!k) throw new AppError('unavailable', E.KEY_UNKNOWN, 'The key that sealed these credentials is not configured');
    const decipher = createDecipheriv('aes-256-gcm', k.key, Buffer.from(s.iv, 'base64'));
    decipher.setAAD(Buffer.from(orderId));
    decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(s.ciphertext, 'base64')), decipher.final()]).toString('utf8');
    const v = JSON.parse(text) as Credentials;
    return { username: v.username, password: v.password };
  }

  /** Re-seals with the current key when an older key sealed it; null when nothing changes. */
  reseal(orderId: string, s: SealedSecret): SealedSecret | null {
    return s.keyId === this.currentKeyId ? null : this.seal(orderId, this.open(orderId, s));
  }
}
