import type { Logger } from 'pino';
import type { Locale } from '../../platform/i18n.js';

export interface OutgoingSms { to: string; body: string }
export interface OutgoingEmail { to: string; subject: string; body: string; locale?: Locale }
export interface SendResult { providerMessageId?: string }

/**
 * Adapters deliver one message or throw. A plain Error means "not delivered, retry later"; a
 * PermanentDeliveryError means retrying cannot help (the gateway refused this very message), so
 * the outbox gives it up at once and ops can see why.
 */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/** An SMS provider. A thrown error means "not delivered"; see PermanentDeliveryError. */
export interface SmsAdapter {
  readonly name: string;
  send(msg: OutgoingSms): Promise<SendResult>;
}

export interface EmailAdapter {
  readonly name: string;
  send(msg: OutgoingEmail): Promise<SendResult>;
}

/** Demo mode: the outbox row itself is the message in the demo SMS inbox. */
export class DemoSmsAdapter implements SmsAdapter {
  readonly name = 'demo';
  async send(): Promise<SendResult> { return {}; }
}

export class ConsoleSmsAdapter implements SmsAdapter {
  readonly name = 'console';
  constructor(private readonly log: Logger) {}
  async send(msg: OutgoingSms): Promise<SendResult> {
    this.log.info({ to: msg.to, body: msg.body }, 'SMS (console adapter)');
    return {};
  }
}

export class DemoEmailAdapter implements EmailAdapter {
  readonly name = 'demo';
  async send(): Promise<SendResult> { return {}; }
}

/** Adapter time-outs stay well under the outbox claim (30 s), so a slow provider never lets a second worker reclaim a message still being sent. */
const DEFAULT_TIMEOUT_MS = 10_000;

/** Kavenegar `return.status` values that refuse the message itself: 411 bad receptor, 413 empty or too long, 422 characters it cannot process. */
const KAVENEGAR_PERMANENT = new Set([411, 413, 422]);

interface KavenegarReply {
  return?: { status?: number; message?: string };
  entries?: Array<{ messageid?: number | string; status?: number }> | null;
}

export interface KavenegarOptions { baseUrl: string; apiKey: string; sender?: string; timeoutMs?: number }

/**
 * Kavenegar's public REST protocol: POST (form) `/v1/{API_KEY}/sms/send.json` with receptor,
 * message and optional sender; `verify/lookup.json` for templates registered in its panel. The
 * reply's `return.status` is 200 on success; errors come with the same HTTP status (403 bad key,
 * 411 bad receptor, 418 no credit, 409 busy ...). Error texts never contain the API key.
 */
export class KavenegarSmsAdapter implements SmsAdapter {
  readonly name = 'kavenegar';
  constructor(private readonly opts: KavenegarOptions) {}

  async send(msg: OutgoingSms): Promise<SendResult> {
    const params: Record<string, string> = { receptor: msg.to, message: msg.body };
    if (this.opts.sender) params.sender = this.opts.sender;
    return this.call('sms/send', params);
  }

  /** Sends a verify template (e.g. an OTP) with up to three one-word tokens; `type: 'call'` reads it out. */
  async lookup(input: { to: string; template: string; tokens: [string, string?, string?]; type?: 'sms' | 'call' }): Promise<SendResult> {
    const [token, token2, token3] = input.tokens;
    const params: Record<string, string> = { receptor: input.to, template: input.template, token, type: input.type ?? 'sms' };
    if (token2 !== undefined) params.token2 = token2;
    if (token3 !== undefined) params.token3 = token3;
    return this.call('verify/lookup', params);
  }

  private async call(endpoint: 'sms/send' | 'verify/lookup', params: Record<string, string>): Promise<SendResult> {
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const url = `${this.opts.baseUrl.replace(/\/+$/, '')}/v1/${encodeURIComponent(this.opts.apiKey)}/${endpoint}.json`;
    let httpStatus: number;
    let text: string;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
        body: new URLSearchParams(params),
        signal: AbortSignal.timeout(timeoutMs),
      });
      httpStatus = res.status;
      text = await res.text();
    } catch (err) {
      throw new Error(`kavenegar: ${describeNetworkError(err, timeoutMs)}`);
    }
    let reply: KavenegarReply;
    try {
      reply = JSON.parse(text) as KavenegarReply;
    } catch {
      throw new Error(`kavenegar: HTTP ${httpStatus} with a body that is not JSON`);
    }
    const status = reply?.return?.status;
    if (status !== 200) {
      const message = `kavenegar: status ${status ?? 'missing'} (HTTP ${httpStatus}): ${reply?.return?.message ?? 'no message'}`;
      throw status !== undefined && KAVENEGAR_PERMANENT.has(status) ? new PermanentDeliveryError(message) : new Error(message);
    }
    // Status 200 means accepted; a missing id must not make the outbox send it again.
    const id = reply.entries?.[0]?.messageid;
    return { providerMessageId: id === undefined ? undefined : String(id) };
  }
}

/** A short, secret-free reason for a failed HTTP call (fetch errors hide the cause one level down). */
function describeNetworkError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (e?.cause?.code) return `connection failed (${e.cause.code})`;
  return `request failed (${e?.name ?? 'Error'}: ${e?.message ?? String(err)})`;
}

export interface SmtpOptions { url: string; from: string; timeoutMs?: number }

/** SMTP through nodemailer (receipts and password-reset links); sends plain text and a right-to-left aware HTML part. */
export class SmtpEmailAdapter implements EmailAdapter {
  readonly name = 'smtp';
  private transport: import('nodemailer').Transporter | undefined;
  constructor(private readonly opts: SmtpOptions) {}

  async send(msg: OutgoingEmail): Promise<SendResult> {
    const transport = await this.getTransport();
    try {
      const info = await transport.sendMail({
        from: this.opts.from, to: msg.to, subject: msg.subject, text: msg.body, html: emailHtml(msg.body, msg.locale),
        headers: msg.locale ? { 'Content-Language': msg.locale } : undefined,
      });
      if ((info.rejected ?? []).length) throw new Error(`recipient refused: ${info.response ?? ''}`);
      return { providerMessageId: info.messageId };
    } catch (err) {
      const e = err as { message?: string; code?: string };
      throw new Error(`smtp: ${e.code ? `${e.code} ` : ''}${e.message ?? String(err)}`.slice(0, 500));
    }
  }

  private async getTransport() {
    if (!this.transport) {
      const nodemailer = await import('nodemailer');
      const t = this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      this.transport = nodemailer.default.createTransport({
        url: this.opts.url, connectionTimeout: t, greetingTimeout: t, socketTimeout: t,
        // Message bodies come from our templates; never let a parameter make nodemailer read a file or URL.
        disableFileAccess: true, disableUrlAccess: true,
      } as Parameters<typeof nodemailer.default.createTransport>[0]);
    }
    return this.transport;
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The text as HTML: escaped, links clickable, lines kept, right-to-left for Persian and Arabic. */
export function emailHtml(text: string, locale: Locale = 'fa'): string {
  const dir = locale === 'en' ? 'ltr' : 'rtl';
  const body = text
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])
    .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}" dir="ltr">${url}</a>`)
    .replace(/\n/g, '<br>\n');
  return `<!doctype html><html lang="${locale}" dir="${dir}"><body style="font-family:Vazirmatn,Tahoma,Arial,sans-serif;line-height:1.7"><div dir="${dir}">${body}</div></body></html>`;
}
