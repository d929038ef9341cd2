import { AppError } from '../../platform/errors.js';

/** What Peyk asks a gateway to collect. Amounts are Rials. */
export interface CreatePaymentInput {
  paymentId: string;
  amountRials: bigint;
  callbackUrl: string;
  description: string;
  mobile?: string | null;
  email?: string | null;
  orderId?: string;
}

export interface CreatedPayment {
  /** The gateway's id of this payment session. */
  authority: string;
  /** Where the customer's browser goes to pay. */
  redirectUrl: string;
}

export type VerifyResult =
  | { status: 'verified_now' | 'verified_before'; refId: string; cardPanMasked: string | null; gatewayCode: string; amountRials?: bigint }
  | { status: 'failed'; reason: 'not_paid' | 'amount_mismatch' | 'unknown_authority'; gatewayCode: string; message: string };

export interface RefundResult { refunded: boolean; gatewayCode: string; message: string }

/**
 * PAY-1: a card payment gateway (Shaparak PSP). A callback from the customer's browser proves
 * nothing; only `verify` tells whether money was taken.
 * Transport problems (timeouts, 5xx, unexpected replies) throw AppError type 'unavailable':
 * the caller keeps the payment pending and verifies again later.
 */
export interface PaymentGateway {
  readonly name: 'zarinpal' | 'sandbox';
  create(input: CreatePaymentInput): Promise<CreatedPayment>;
  verify(input: { authority: string; amountRials: bigint }): Promise<VerifyResult>;
  /** Gives the money back where the gateway supports it (Zarinpal: reverse within its window). */
  refund?(input: { authority: string; amountRials: bigint }): Promise<RefundResult>;
}

export const gatewayTimeout = (gateway: string, step: string) =>
  new AppError('unavailable', 'PAYMENT_GATEWAY_TIMEOUT', 'The payment gateway did not answer in time; try again in a moment', { gateway, step });
export const gatewayUnavailable = (gateway: string, step: string, detail?: string) =>
  new AppError('unavailable', 'PAYMENT_GATEWAY_UNAVAILABLE', 'The payment gateway cannot be reached; try again in a moment', { gateway, step, ...(detail ? { detail } : {}) });
export const gatewayRejected = (gateway: string, step: string, gatewayCode: string, message: string) =>
  new AppError('unavailable', 'PAYMENT_GATEWAY_REJECTED', 'The payment gateway refused the request; try again later', { gateway, step, gatewayCode, gatewayMessage: message });

/** Keeps the first 6 and last 4 digits of a card number, whatever the gateway sent. */
export function maskPan(pan: unknown): string | null {
  if (typeof pan !== 'string' || !pan.trim()) return null;
  const chars = pan.replace(/[\s-]/g, '');
  if (chars.length < 10) return '*'.repeat(chars.length);
  return chars.slice(0, 6) + chars.slice(6, -4).replace(/./g, '*') + chars.slice(-4);
}

/** Gateways take plain JSON numbers; amounts beyond 2^53 cannot be sent safely. */
export function toGatewayAmount(rials: bigint): number {
  const n = Number(rials);
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError('amount out of range for the gateway');
  return n;
}
