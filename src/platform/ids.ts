import { randomFillSync } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** Known id prefixes; an id says what it names. */
export type IdPrefix =
  | 'usr' | 'otp' | 'rtk' | 'trm' | 'aud' | 'ntf' | 'cty' | 'zon' | 'svc' | 'set' | 'fil' | 'gst' | 'pwr'
  | 'ord' | 'drv' | 'txn' | 'acc' | 'pay' | 'qte' | 'prm' | 'prd' | 'pgr' | 'job' | 'doc' | 'req' | 'err' | 'xpo' | 'clm' | 'evt'
  | 'lnk' | 'rcp' | 'stl' | 'ent' | 'cmp' | 'rev' | 'xpc' | 'fxr' | 'kyc' | 'cmm'
  | 'ofr' | 'oev' | 'rat' | 'msg' | 'shr' | 'pod' | 'elg' | 'flg' | 'alk' | 'chg' | 'lst' | 'rwa' | 'apl'
  | 'shi' | 'sho' | 'sev' | 'crq' | 'cre' | 'grt' | 'gre';

let lastMs = 0;
const lastRand = new Uint8Array(10);
/**
 * Random bytes drawn 2,560 at a time: one randomFillSync per id was ~1% of the server's CPU under
 * load (ids are made for every order event, offer, job and ledger row).
 */
const pool = new Uint8Array(2560);
let poolAt = pool.length;

/** A ULID-like id: 48-bit ms time + 80 random bits, Crockford base32, sortable, monotonic in a process. */
export function newId(prefix: IdPrefix, nowMs: number = Date.now()): string {
  if (nowMs <= lastMs) {
    // The same (or an earlier) millisecond: the last id's random part plus one, so ids keep increasing.
    for (let i = lastRand.length - 1; i >= 0; i--) {
      lastRand[i] = (lastRand[i] + 1) & 0xff;
      if (lastRand[i] !== 0) break;
    }
    nowMs = lastMs;
  } else {
    if (poolAt + 10 > pool.length) { randomFillSync(pool); poolAt = 0; }
    lastRand.set(pool.subarray(poolAt, poolAt + 10));
    poolAt += 10;
  }
  lastMs = nowMs;
  return encodeId(prefix, nowMs, lastRand);
}

/** `prefix_` + 10 base32 characters of the time + 16 of the 10 random bytes (5 bits each, most significant first). */
export function encodeId(prefix: string, ms: number, rand: Uint8Array): string {
  let out = prefix + '_';
  for (let i = 9; i >= 0; i--) out += CROCKFORD[Math.floor(ms / 32 ** i) % 32];
  // 80 bits as two 40-bit halves (exact in a double), 8 characters each.
  for (const at of [0, 5]) {
    const n = rand[at] * 2 ** 32 + ((rand[at + 1] << 24) >>> 0) + (rand[at + 2] << 16) + (rand[at + 3] << 8) + rand[at + 4];
    for (let i = 7; i >= 0; i--) out += CROCKFORD[Math.floor(n / 32 ** i) % 32];
  }
  return out;
}

export const ID_PATTERN = /^[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}$/;
