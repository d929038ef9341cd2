/**
 * A local fake of Kavenegar's public REST API (https://kavenegar.com/rest.html), for adapter and
 * outbox tests. It speaks the same protocol:
 *   GET or POST (form) /v1/{API_KEY}/sms/send.json       receptor (comma list), message, sender?
 *   GET or POST (form) /v1/{API_KEY}/verify/lookup.json  receptor, template, token, token2?, token3?,
 *                                                         token10?, token20?, type? (sms|call)
 * Replies are `{ return: { status, message }, entries }`; an error's HTTP status equals its
 * `return.status` (400 missing parameter, 401 account disabled, 403 bad API key, 405 wrong HTTP
 * method, 411 bad receptor, 412 bad sender, 413 empty/too long message, 418 no credit,
 * 424 unknown template, 428 call with non-numeric token, 431 bad token).
 *
 * Switches simulate a provider outage: `goDown()` closes the port (connection refused),
 * `mode = 'http-error'` answers 5xx with an HTML page, `'busy'` answers Kavenegar's own 409,
 * `'garbage'` answers 200 with a body that is not JSON, `'slow'` answers after `slowMs`.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type KavenegarFakeMode = 'up' | 'http-error' | 'busy' | 'garbage' | 'slow';

/** A message the fake accepted (what a real gateway would hand to the operator). */
export interface FakeSms {
  messageid: number;
  receptor: string;
  sender: string;
  message: string;
  cost: number;
  date: number;
  /** 'send' for sms/send, the template name for verify/lookup. */
  via: string;
}

/** Every request the fake saw, accepted or not (the API key is recorded so tests can check it). */
export interface FakeRequest { method: string; path: string; apiKey: string; endpoint: string; params: Record<string, string> }

const MESSAGES: Record<number, string> = {
  200: 'تایید شد',
  400: 'پارامترها ناقص هستند',
  401: 'حساب کاربری غیرفعال شده است',
  403: 'کد شناسائی API-Key معتبر نمی‌باشد',
  404: 'متدی با این نام پیدا نشده است',
  405: 'متد فراخوانی Get یا Post اشتباه است',
  409: 'سرور قادر به پاسخگوئی نیست بعدا تلاش کنید',
  411: 'دریافت کننده نامعتبر است',
  412: 'ارسال کننده نامعتبر است',
  413: 'پیام خالی است و یا طول پیام بیش از حد مجاز می‌باشد',
  418: 'اعتبار حساب شما کافی نیست',
  424: 'الگوی مورد نظر پیدا نشد',
  428: 'ارسال کد از طریق تماس تلفنی امکان پذیر نیست',
  431: 'ساختار کد صحیح نمی‌باشد',
};

class KavenegarReject extends Error {
  constructor(readonly status: number) { super(MESSAGES[status] ?? `error ${status}`); }
}

/** Iranian mobile forms Kavenegar accepts as a receptor. */
const IRAN_MOBILE = /^(?:\+98|0098|98|0)9\d{9}$/;
const MAX_UNICODE_CHARS = 268;
const MAX_LATIN_CHARS = 612;

export interface KavenegarFakeOptions {
  apiKey?: string;
  /** Lines the account owns; the first is the default sender. */
  senders?: string[];
  /** Account credit in Rials. */
  credit?: number;
  /** Cost of one SMS part in Rials. */
  costPerPart?: number;
  /** Verify templates: name -> text with %token, %token2, %token3, %token10, %token20. */
  templates?: Record<string, string>;
}

export class FakeKavenegar {
  readonly apiKey: string;
  readonly senders: string[];
  credit: number;
  readonly costPerPart: number;
  readonly templates: Record<string, string>;
  mode: KavenegarFakeMode = 'up';
  httpErrorStatus = 502;
  slowMs = 2_000;
  accountDisabled = false;
  readonly messages: FakeSms[] = [];
  readonly requests: FakeRequest[] = [];
  private nextMessageId = 8_792_343;
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(opts: KavenegarFakeOptions = {}) {
    this.apiKey = opts.apiKey ?? 'TEST-API-KEY-1234';
    this.senders = opts.senders ?? ['10004346', '2000500666'];
    this.credit = opts.credit ?? 1_000_000;
    this.costPerPart = opts.costPerPart ?? 120;
    this.templates = opts.templates ?? { 'peyk-otp': 'پیک: کد ورود شما %token' };
  }

  /** Base URL to give the adapter, e.g. http://127.0.0.1:41234 */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening on 127.0.0.1 on a random port (or the port it had, after goDown). */
  async start(): Promise<this> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Closes the port: the adapter then gets "connection refused". */
  async goDown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port, answering normally. */
  async comeBack(): Promise<void> {
    this.mode = 'up';
    if (!this.server) await this.start();
  }

  async close(): Promise<void> {
    await this.goDown();
  }

  /** Messages accepted for one receptor (in any of the accepted number forms). */
  messagesTo(mobile: string): FakeSms[] {
    const tail = mobile.slice(-10);
    return this.messages.filter((m) => m.receptor.slice(-10) === tail);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const params = Object.fromEntries(url.searchParams);
    if (req.method === 'POST') Object.assign(params, Object.fromEntries(new URLSearchParams(await readBody(req))));
    const m = /^\/v1\/([^/]+)\/(\w+)\/(\w+)\.json\/?$/.exec(url.pathname);
    const apiKey = m ? decodeURIComponent(m[1]) : '';
    const endpoint = m ? `${m[2]}/${m[3]}` : url.pathname;
    this.requests.push({ method: req.method ?? '', path: url.pathname, apiKey, endpoint, params });

    if (this.mode === 'http-error') return sendRaw(res, this.httpErrorStatus, 'text/html', `<html><body><h1>${this.httpErrorStatus} Bad Gateway</h1></body></html>`);
    if (this.mode === 'garbage') return sendRaw(res, 200, 'text/html', '<html>maintenance</html>');
    if (this.mode === 'busy') return sendReturn(res, 409);
    if (this.mode === 'slow') {
      await new Promise((r) => setTimeout(r, this.slowMs));
      // A client that gave up has gone; the gateway never queued its message.
      if (req.socket.destroyed || res.destroyed) return;
    }
    try {
      if (!m) throw new KavenegarReject(404);
      if (req.method !== 'GET' && req.method !== 'POST') throw new KavenegarReject(405);
      if (apiKey !== this.apiKey) throw new KavenegarReject(403);
      if (this.accountDisabled) throw new KavenegarReject(401);
      const entries = endpoint === 'sms/send' ? this.send(params)
        : endpoint === 'verify/lookup' ? this.lookup(params)
          : (() => { throw new KavenegarReject(404); })();
      sendJson(res, 200, { return: { status: 200, message: MESSAGES[200] }, entries: entries.map(toEntry) });
    } catch (err) {
      if (err instanceof KavenegarReject) return sendReturn(res, err.status);
      throw err;
    }
  }

  private send(p: Record<string, string>): FakeSms[] {
    if (p.receptor === undefined || p.message === undefined) throw new KavenegarReject(400);
    const receptors = p.receptor.split(',').map((r) => r.trim());
    if (!receptors.length || receptors.some((r) => !IRAN_MOBILE.test(r))) throw new KavenegarReject(411);
    const sender = p.sender ?? this.senders[0];
    if (!this.senders.includes(sender)) throw new KavenegarReject(412);
    checkLength(p.message);
    return this.accept(receptors, sender, p.message, 'send');
  }

  private lookup(p: Record<string, string>): FakeSms[] {
    if (!p.receptor || !p.template || p.token === undefined) throw new KavenegarReject(400);
    if (!IRAN_MOBILE.test(p.receptor)) throw new KavenegarReject(411);
    const text = this.templates[p.template];
    if (text === undefined) throw new KavenegarReject(424);
    // token, token2 and token3 must be one word; token10 and token20 may hold a few spaces.
    for (const k of ['token', 'token2', 'token3'] as const) {
      if (p[k] !== undefined && (p[k] === '' || /[\s_,]/.test(p[k]))) throw new KavenegarReject(431);
    }
    if (p.type === 'call' && !/^\d+$/.test(p.token)) throw new KavenegarReject(428);
    const message = text.replace(/%(token20|token10|token3|token2|token)/g, (_m, k: string) => p[k] ?? '');
    return this.accept([p.receptor], this.senders[0], message, p.template);
  }

  private accept(receptors: string[], sender: string, message: string, via: string): FakeSms[] {
    const cost = smsParts(message) * this.costPerPart;
    if (this.credit < cost * receptors.length) throw new KavenegarReject(418);
    return receptors.map((receptor) => {
      this.credit -= cost;
      const sms: FakeSms = { messageid: this.nextMessageId++, receptor, sender, message, cost, date: Math.floor(Date.now() / 1000), via };
      this.messages.push(sms);
      return sms;
    });
  }
}

/** The reply entry for an accepted message: status 1 = queued for sending. */
function toEntry({ via: _via, ...sms }: FakeSms) {
  return { ...sms, status: 1, statustext: 'در صف ارسال' };
}

function checkLength(message: string): void {
  const unicode = /[^\x00-\x7f]/.test(message);
  if (!message.length || message.length > (unicode ? MAX_UNICODE_CHARS : MAX_LATIN_CHARS)) throw new KavenegarReject(413);
}

/** SMS parts: 70 UCS-2 characters (67 when split) or 160 GSM characters (153 when split). */
function smsParts(message: string): number {
  const unicode = /[^\x00-\x7f]/.test(message);
  const [single, multi] = unicode ? [70, 67] : [160, 153];
  return message.length <= single ? 1 : Math.ceil(message.length / multi);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendReturn(res: http.ServerResponse, status: number): void {
  sendJson(res, status, { return: { status, message: MESSAGES[status] ?? '' }, entries: null });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  sendRaw(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function sendRaw(res: http.ServerResponse, status: number, type: string, body: string): void {
  if (res.destroyed) return;
  // No keep-alive: after goDown() the next call is refused, not sent down a dead kept-alive socket.
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

/** Starts a fake Kavenegar on 127.0.0.1:<random port>. */
export async function startFakeKavenegar(opts: KavenegarFakeOptions = {}): Promise<FakeKavenegar> {
  return new FakeKavenegar(opts).start();
}
