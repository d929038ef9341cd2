import type { Logger } from 'pino';

export interface OutgoingSms { to: string; body: string }
export interface OutgoingEmail { to: string; subject: string; body: string }
export interface SendResult { providerMessageId?: string }

/** An SMS provider. A thrown error means "not delivered, retry later". */
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

/**
 * Kavenegar's public REST protocol: GET/POST `/v1/{API_KEY}/sms/send.json` with receptor, sender
 * and message; the reply's `return.status` is 200 on success, anything else is an error.
 */
export class KavenegarSmsAdapter implements SmsAdapter {
  readonly name = 'kavenegar';
  constructor(private readonly opts: { baseUrl: string; apiKey: string; sender?: string; timeoutMs?: number }) {}

  async send(msg: OutgoingSms): Promise<SendResult> {
    const url = `${this.opts.baseUrl.replace(/\/$/, '')}/v1/${encodeURIComponent(this.opts.apiKey)}/sms/send.json`;
    const form = new URLSearchParams({ receptor: msg.to, message: msg.body });
    if (this.opts.sender) form.set('sender', this.opts.sender);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: form,
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
    });
    let payload: { return?: { status?: number; message?: string }; entries?: Array<{ messageid?: number | string }> };
    try {
      payload = (await res.json()) as typeof payload;
    } catch {
      throw new Error(`kavenegar: HTTP ${res.status} with a body that is not JSON`);
    }
    const status = payload.return?.status;
    if (status !== 200) throw new Error(`kavenegar: status ${status ?? res.status}: ${payload.return?.message ?? 'unknown error'}`);
    const id = payload.entries?.[0]?.messageid;
    return { providerMessageId: id === undefined ? undefined : String(id) };
  }
}

/** SMTP through nodemailer (receipts and password-reset links). */
export class SmtpEmailAdapter implements EmailAdapter {
  readonly name = 'smtp';
  private transport: import('nodemailer').Transporter | undefined;
  constructor(private readonly opts: { url: string; from: string }) {}
  async send(msg: OutgoingEmail): Promise<SendResult> {
    if (!this.transport) {
      const nodemailer = await import('nodemailer');
      this.transport = nodemailer.default.createTransport(this.opts.url);
    }
    const info = await this.transport.sendMail({ from: this.opts.from, to: msg.to, subject: msg.subject, text: msg.body });
    return { providerMessageId: info.messageId };
  }
}
