import {
  gatewayRejected, gatewayTimeout, gatewayUnavailable, maskPan, toGatewayAmount,
  type CreatePaymentInput, type CreatedPayment, type PaymentGateway, type RefundResult, type VerifyResult,
} from './gateway.js';

export interface ZarinpalOptions {
  /** e.g. https://payment.zarinpal.com or https://sandbox.zarinpal.com (no trailing slash). */
  baseUrl: string;
  merchantId: string;
  timeoutMs: number;
}

/** A v4 reply: `data` on success, `errors` (code < 0) on failure; the other one is [] or {}. */
interface ZarinpalReply {
  data?: { code?: number; message?: string; authority?: string; ref_id?: number | string; card_pan?: string } | unknown[];
  errors?: { code?: number; message?: string } | unknown[];
}

const NOT_PAID = -51;
const AMOUNT_MISMATCH = -50;
/** Not this merchant's session / invalid authority / no such payment. */
const UNKNOWN_AUTHORITY = new Set([-53, -54, -55]);
const DESCRIPTION_MAX = 500;

/**
 * PAY-1: Zarinpal's public REST v4 protocol. Amounts go in Rials with currency IRR.
 * request.json -> authority -> StartPay/{authority} -> callback ?Authority=&Status=OK|NOK -> verify.json.
 */
export class ZarinpalGateway implements PaymentGateway {
  readonly name = 'zarinpal' as const;
  constructor(private readonly opts: ZarinpalOptions) {}

  async create(input: CreatePaymentInput): Promise<CreatedPayment> {
    const metadata: Record<string, string> = { order_id: input.orderId ?? input.paymentId };
    if (input.mobile) metadata.mobile = input.mobile;
    if (input.email) metadata.email = input.email;
    const reply = await this.post('request', {
      merchant_id: this.opts.merchantId,
      amount: toGatewayAmount(input.amountRials),
      currency: 'IRR',
      callback_url: input.callbackUrl,
      description: input.description.slice(0, DESCRIPTION_MAX),
      metadata,
    });
    const data = dataOf(reply);
    if (data?.code === 100 && typeof data.authority === 'string' && /^[\w-]{1,64}$/.test(data.authority)) {
      return { authority: data.authority, redirectUrl: `${this.opts.baseUrl}/pg/StartPay/${encodeURIComponent(data.authority)}` };
    }
    const err = errorsOf(reply);
    throw gatewayRejected(this.name, 'request', String(err?.code ?? data?.code ?? 'none'), err?.message ?? 'no authority in reply');
  }

  async verify(input: { authority: string; amountRials: bigint }): Promise<VerifyResult> {
    const reply = await this.post('verify', { merchant_id: this.opts.merchantId, amount: toGatewayAmount(input.amountRials), authority: input.authority });
    const data = dataOf(reply);
    if ((data?.code === 100 || data?.code === 101) && data.ref_id !== undefined && data.ref_id !== null) {
      return { status: data.code === 100 ? 'verified_now' : 'verified_before', refId: String(data.ref_id), cardPanMasked: maskPan(data.card_pan), gatewayCode: String(data.code) };
    }
    const err = errorsOf(reply);
    const code = err?.code;
    const message = err?.message ?? 'no message';
    if (code === NOT_PAID) return { status: 'failed', reason: 'not_paid', gatewayCode: String(code), message };
    if (code === AMOUNT_MISMATCH) return { status: 'failed', reason: 'amount_mismatch', gatewayCode: String(code), message };
    if (code !== undefined && UNKNOWN_AUTHORITY.has(code)) return { status: 'failed', reason: 'unknown_authority', gatewayCode: String(code), message };
    // Anything else (-9 validation, -10 terminal, -12 too many attempts, -52 ...) says nothing about the money: retry later.
    throw gatewayRejected(this.name, 'verify', String(code ?? data?.code ?? 'none'), message);
  }

  /** Zarinpal reverses a verified payment within its window (about 30 minutes); later refunds go through its panel. */
  async refund(input: { authority: string; amountRials: bigint }): Promise<RefundResult> {
    const reply = await this.post('reverse', { merchant_id: this.opts.merchantId, authority: input.authority });
    const data = dataOf(reply);
    if (data?.code === 100) return { refunded: true, gatewayCode: '100', message: data.message ?? 'reversed' };
    const err = errorsOf(reply);
    return { refunded: false, gatewayCode: String(err?.code ?? data?.code ?? 'none'), message: err?.message ?? 'not reversed' };
  }

  private async post(step: 'request' | 'verify' | 'reverse', body: unknown): Promise<ZarinpalReply> {
    let res: Response;
    try {
      res = await fetch(`${this.opts.baseUrl}/pg/v4/payment/${step}.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      if (isTimeout(err)) throw gatewayTimeout(this.name, step);
      throw gatewayUnavailable(this.name, step, err instanceof Error ? err.message : String(err));
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      if (isTimeout(err)) throw gatewayTimeout(this.name, step);
      throw gatewayUnavailable(this.name, step, 'reply cut short');
    }
    // Zarinpal answers errors with 4xx and a JSON body; a 5xx or a non-JSON body is an outage.
    if (res.status >= 500) throw gatewayUnavailable(this.name, step, `HTTP ${res.status}`);
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object') return parsed as ZarinpalReply;
    } catch { /* fall through */ }
    throw gatewayUnavailable(this.name, step, `HTTP ${res.status}, not JSON`);
  }
}

function dataOf(reply: ZarinpalReply) {
  return reply.data && !Array.isArray(reply.data) ? reply.data : undefined;
}

function errorsOf(reply: ZarinpalReply) {
  return reply.errors && !Array.isArray(reply.errors) ? reply.errors : undefined;
}

function isTimeout(err: unknown): boolean {
  const e = err as { name?: string; cause?: { name?: string } } | undefined;
  return e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError';
}
