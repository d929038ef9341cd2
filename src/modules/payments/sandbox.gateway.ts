import { randomBytes, randomInt } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import type { Clock } from '../../platform/time.js';
import type { CreatePaymentInput, CreatedPayment, PaymentGateway, RefundResult, VerifyResult } from './gateway.js';
import { sandboxSessions } from './payments.tables.js';

export type SandboxSession = typeof sandboxSessions.$inferSelect;

/**
 * PAY-1 demo: a gateway served by Peyk itself. It keeps sessions as a real gateway does, shows a
 * payment page where the user presses pay or cancel, redirects to the callback with
 * Authority/Status, and has its own verify step (first verify "now", later ones "before").
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox' as const;
  constructor(private readonly db: Db, private readonly clock: Clock, private readonly publicUrl: string) {}

  async create(input: CreatePaymentInput): Promise<CreatedPayment> {
    const authority = `S${randomBytes(17).toString('hex')}`;
    await this.db.insert(sandboxSessions).values({
      authority, amountRials: input.amountRials, callbackUrl: input.callbackUrl, description: input.description.slice(0, 500),
      status: 'pending', createdAt: this.clock.now(),
    });
    return { authority, redirectUrl: `${this.publicUrl}/sandbox-gateway/${authority}` };
  }

  async verify(input: { authority: string; amountRials: bigint }): Promise<VerifyResult> {
    const session = await this.session(input.authority);
    if (!session) return { status: 'failed', reason: 'unknown_authority', gatewayCode: 'UNKNOWN_AUTHORITY', message: 'No such session' };
    if (session.amountRials !== input.amountRials) return { status: 'failed', reason: 'amount_mismatch', gatewayCode: 'AMOUNT_MISMATCH', message: 'Amount differs from the paid amount' };
    if (session.status !== 'paid' || session.refundedAt) return { status: 'failed', reason: 'not_paid', gatewayCode: 'NOT_PAID', message: 'The session was not paid' };
    // The first verify wins the guarded update; every later one is "verified before".
    const first = await this.db.update(sandboxSessions).set({ verifiedAt: this.clock.now() })
      .where(and(eq(sandboxSessions.authority, input.authority), isNull(sandboxSessions.verifiedAt))).returning();
    return { status: first.length ? 'verified_now' : 'verified_before', refId: session.refId!, cardPanMasked: session.cardPanMasked, gatewayCode: first.length ? '100' : '101', amountRials: session.amountRials };
  }

  async refund(input: { authority: string; amountRials: bigint }): Promise<RefundResult> {
    const rows = await this.db.update(sandboxSessions).set({ refundedAt: this.clock.now() })
      .where(and(eq(sandboxSessions.authority, input.authority), eq(sandboxSessions.status, 'paid'), isNull(sandboxSessions.refundedAt),
        eq(sandboxSessions.amountRials, input.amountRials))).returning();
    return rows.length ? { refunded: true, gatewayCode: '100', message: 'refunded' } : { refunded: false, gatewayCode: 'NOT_REFUNDABLE', message: 'not paid, already refunded or another amount' };
  }

  session(authority: string): Promise<SandboxSession | undefined> {
    return this.db.select().from(sandboxSessions).where(eq(sandboxSessions.authority, authority)).limit(1).then((r) => r[0]);
  }

  /** The user's choice on the payment page; a second choice keeps the first one. Returns the callback URL. */
  async decide(authority: string, decision: 'pay' | 'cancel'): Promise<string | null> {
    const paid = decision === 'pay';
    await this.db.update(sandboxSessions).set({
      status: paid ? 'paid' : 'cancelled', decidedAt: this.clock.now(),
      refId: paid ? String(randomInt(100_000_000, 999_999_999)) : null,
      cardPanMasked: paid ? `603799******${String(randomInt(0, 10_000)).padStart(4, '0')}` : null,
    }).where(and(eq(sandboxSessions.authority, authority), eq(sandboxSessions.status, 'pending')));
    const session = await this.session(authority);
    if (!session) return null;
    const url = new URL(session.callbackUrl);
    url.searchParams.set('Authority', authority);
    url.searchParams.set('Status', session.status === 'paid' ? 'OK' : 'NOK');
    return url.toString();
  }
}
