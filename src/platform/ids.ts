import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** Known id prefixes; an id says what it names. */
export type IdPrefix =
  | 'usr' | 'otp' | 'rtk' | 'trm' | 'aud' | 'ntf' | 'cty' | 'zon' | 'svc' | 'set' | 'fil' | 'gst' | 'pwr'
  | 'ord' | 'drv' | 'txn' | 'acc' | 'pay' | 'qte' | 'prm' | 'prd' | 'pgr' | 'job' | 'doc' | 'req' | 'err' | 'xpo' | 'clm' | 'evt'
  | 'lnk' | 'rcp' | 'stl' | 'ent' | 'cmp' | 'rev' | 'xpc' | 'fxr' | 'kyc' | 'cmm'
  | 'ofr' | 'oev' | 'rat' | 'msg' | 'shr' | 'pod' | 'elg' | 'flg' | 'alk' | 'chg' | 'lst' | 'rwa' | 'apl'
  | 'shi' | 'sho' | 'sev' | 'crq' | 'cre' | 'grt' | 'gre';

let lastMs = 0;
let lastRand: Buffer = Buffer.alloc(10);

/** A ULID-like id: 48-bit ms time + 80 random bits, Crockford base32, sortable, monotonic in a process. */
export function newId(prefix: IdPrefix, nowMs: number = Date.now()): string {
  let rand: Buffer;
  if (nowMs <= lastMs) {
    rand = Buffer.from(lastRand);
    for (let i = rand.length - 1; i >= 0; i--) {
      rand[i] = (rand[i] + 1) & 0xff;
      if (rand[i] !== 0) break;
    }
    nowMs = lastMs;
  } else {
    rand = randomBytes(10);
  }
  lastMs = nowMs;
  lastRand = rand;
  let out = '';
  let t = nowMs;
  const timeChars: string[] = [];
  for (let i = 0; i < 10; i++) {
    timeChars.push(CROCKFORD[t % 32]);
    t = Math.floor(t / 32);
  }
  out += timeChars.reverse().join('');
  let bits = 0n;
  for (const b of rand) bits = (bits << 8n) | BigInt(b);
  const randChars: string[] = [];
  for (let i = 0; i < 16; i++) {
    randChars.push(CROCKFORD[Number(bits & 31n)]);
    bits >>= 5n;
  }
  out += randChars.reverse().join('');
  return `${prefix}_${out}`;
}

export const ID_PATTERN = /^[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}$/;
