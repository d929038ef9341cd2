// A local fake of Zarinpal's public REST v4 payment gateway, for tests: request.json -> authority,
// StartPay/{authority} -> redirect to callback_url?Authority=&Status=OK|NOK, verify.json (100 the
// first time, 101 after), reverse.json. Error replies follow the v4 shape:
// { data: [], errors: { code, message, validations } } with the documented negative codes.
import http from 'node:http';
import { randomBytes, randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface FakeSession {
  authority: string;
  merchantId: string;
  amountRials: number;
  callbackUrl: string;
  description: string;
  metadata: Record<string, unknown>;
  status: 'new' | 'paid' | 'cancelled';
  paidRials: number | null;
  verified: boolean;
  reversed: boolean;
  refId: number | null;
  cardPan: string | null;
}

/** What an endpoint does: answer normally, hang past the client's timeout, or fail like an outage. */
export type FakeMode = 'normal' | 'timeout' | 'http500' | 'garbage';

export interface FakeZarinpal {
  baseUrl: string;
  merchantId: string;
  sessions: Map<string, FakeSession>;
  calls: { request: number; verify: number; reverse: number; startPay: number };
  /** Switches tests flip. `verify: 'timeout'` still verifies, then answers too late (as a real slow gateway may). */
  modes: { request: FakeMode; verify: FakeMode; reverse: FakeMode };
  /** How long a 'timeout' hangs before answering (longer than the client's timeout). */
  hangMs: number;
  /** Rials added to what the card is charged at StartPay, to simulate an amount mismatch. */
  tamperPaidRials: number;
  /** Simulates the customer on the StartPay page; returns the callback URL the browser is sent to. */
  pay(authority: string, outcome: 'OK' | 'NOK'): Promise<string>;
  close(): Promise<void>;
}

const MIN_RIALS = 1000;
const MAX_RIALS = 1_000_000_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const FAKE_MERCHANT_ID = '1344b5d4-0048-11e8-94db-005056a205be';

const failure = (code: number, message: string, validations: unknown[] = []) => ({ data: [], errors: { code, message, validations } });

export async function startFakeZarinpal(opts: { merchantId?: string } = {}): Promise<FakeZarinpal> {
  const merchantId = opts.merchantId ?? FAKE_MERCHANT_ID;
  const sessions = new Map<string, FakeSession>();
  const fake = {
    merchantId, sessions, calls: { request: 0, verify: 0, reverse: 0, startPay: 0 },
    modes: { request: 'normal', verify: 'normal', reverse: 'normal' }, hangMs: 3_000, tamperPaidRials: 0,
  } as FakeZarinpal;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err) => { res.writeHead(500); res.end(String(err)); });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const startPay = /^\/pg\/StartPay\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'GET' && startPay) return startPayPage(startPay[1], url.searchParams.get('outcome'), res);
    const api = /^\/pg\/v4\/payment\/(request|verify|reverse)\.json$/.exec(url.pathname);
    if (req.method !== 'POST' || !api) return send(res, 404, { data: [], errors: { code: -404, message: 'Not found' } });
    const step = api[1] as 'request' | 'verify' | 'reverse';
    fake.calls[step]++;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      return send(res, 400, failure(-9, 'The input params invalid, validation error.', [{ body: 'invalid JSON' }]));
    }
    const mode = fake.modes[step];
    if (mode === 'http500') return send(res, 500, '<html>502 Bad Gateway</html>', 'text/html');
    if (mode === 'garbage') return send(res, 200, 'upstream error', 'text/plain');
    const reply = step === 'request' ? requestReply(body) : step === 'verify' ? verifyReply(body) : reverseReply(body);
    if (mode === 'timeout') await new Promise((r) => setTimeout(r, fake.hangMs));
    if (!res.destroyed) send(res, reply.status, reply.body);
  }

  function merchantProblem(body: Record<string, unknown>) {
    const id = body.merchant_id;
    if (typeof id !== 'string' || !UUID.test(id)) return { status: 400, body: failure(-9, 'The input params invalid, validation error.', [{ merchant_id: 'The merchant id field is required and must be a UUID.' }]) };
    if (id !== merchantId) return { status: 401, body: failure(-10, 'Terminal is not valid, please check merchant_id or ip address.') };
    return null;
  }

  function requestReply(body: Record<string, unknown>) {
    const bad = merchantProblem(body);
    if (bad) return bad;
    const currency = body.currency ?? 'IRR';
    const amount = Number(body.amount);
    const problems: Record<string, string>[] = [];
    if (currency !== 'IRR' && currency !== 'IRT') problems.push({ currency: 'must be IRR or IRT' });
    if (!Number.isSafeInteger(amount) || amount < 1) problems.push({ amount: 'The amount must be an integer.' });
    if (typeof body.callback_url !== 'string' || !/^https?:\/\//.test(body.callback_url)) problems.push({ callback_url: 'The callback url is required.' });
    if (typeof body.description !== 'string' || !body.description || body.description.length > 500) problems.push({ description: 'The description is required (at most 500 characters).' });
    if (problems.length) return { status: 400, body: failure(-9, 'The input params invalid, validation error.', problems) };
    const rials = currency === 'IRT' ? amount * 10 : amount;
    if (rials < MIN_RIALS) return { status: 400, body: failure(-9, 'The input params invalid, validation error.', [{ amount: 'Amount should be at least 1000 Rials.' }]) };
    if (rials > MAX_RIALS) return { status: 400, body: failure(-41, 'Maximum amount is 100,000,000 tomans.') };
    const authority = `A${'0'.repeat(11)}${randomBytes(12).toString('hex')}`;
    sessions.set(authority, {
      authority, merchantId, amountRials: rials, callbackUrl: body.callback_url as string, description: body.description as string,
      metadata: (body.metadata as Record<string, unknown>) ?? {}, status: 'new', paidRials: null, verified: false, reversed: false, refId: null, cardPan: null,
    });
    return { status: 200, body: { data: { code: 100, message: 'Success', authority, fee_type: 'Merchant', fee: 0 }, errors: [] } };
  }

  function verifyReply(body: Record<string, unknown>) {
    const bad = merchantProblem(body);
    if (bad) return bad;
    const s = typeof body.authority === 'string' ? sessions.get(body.authority) : undefined;
    if (!s) return { status: 404, body: failure(-54, 'Invalid authority.') };
    if (s.merchantId !== body.merchant_id) return { status: 403, body: failure(-53, 'Session is not this merchant_id session') };
    if (s.status !== 'paid' || s.reversed) return { status: 400, body: failure(-51, 'Session is not valid, session is not active paid try.') };
    if (Number(body.amount) !== s.paidRials) return { status: 400, body: failure(-50, 'Session is not valid, amounts values is not the same.') };
    const first = !s.verified;
    s.verified = true;
    return { status: 200, body: { data: { code: first ? 100 : 101, message: first ? 'Paid' : 'Verified', card_hash: 'F'.repeat(64), card_pan: s.cardPan, ref_id: s.refId, fee_type: 'Merchant', fee: 0 }, errors: [] } };
  }

  function reverseReply(body: Record<string, unknown>) {
    const bad = merchantProblem(body);
    if (bad) return bad;
    const s = typeof body.authority === 'string' ? sessions.get(body.authority) : undefined;
    if (!s) return { status: 404, body: failure(-54, 'Invalid authority.') };
    if (!s.verified || s.reversed) return { status: 400, body: failure(-61, 'Session is not in success status.') };
    s.reversed = true;
    return { status: 200, body: { data: { code: 100, message: 'Reversed' }, errors: [] } };
  }

  function startPayPage(authority: string, outcome: string | null, res: http.ServerResponse) {
    fake.calls.startPay++;
    const s = sessions.get(authority);
    if (!s) return send(res, 404, '<html><body>Invalid authority</body></html>', 'text/html');
    if (outcome !== 'OK' && outcome !== 'NOK') {
      return send(res, 200, `<html><body><p>${s.description}: ${s.amountRials} IRR</p><a href="?outcome=OK">Pay</a> <a href="?outcome=NOK">Cancel</a></body></html>`, 'text/html');
    }
    if (s.status === 'new') {
      s.status = outcome === 'OK' ? 'paid' : 'cancelled';
      if (s.status === 'paid') {
        s.paidRials = s.amountRials + fake.tamperPaidRials;
        s.refId = randomInt(100_000_000, 2_000_000_000);
        s.cardPan = `502229******${String(randomInt(0, 10_000)).padStart(4, '0')}`;
      }
    }
    const back = new URL(s.callbackUrl);
    back.searchParams.set('Authority', authority);
    back.searchParams.set('Status', s.status === 'paid' ? 'OK' : 'NOK');
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}`;
  fake.pay = async (authority, outcome) => {
    const res = await fetch(`${fake.baseUrl}/pg/StartPay/${authority}?outcome=${outcome}`, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status !== 302 || !location) throw new Error(`StartPay answered ${res.status}`);
    return location;
  };
  fake.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return fake;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { text += c; if (text.length > 100_000) req.destroy(); });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}
