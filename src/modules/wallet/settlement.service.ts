import type { Db, DbOrTx } from '../../platform/db.js';
import { conflict, forbidden, invariant, notFound } from '../../platform/errors.js';
import type { Clock } from '../../platform/time.js';
import type { Actor, AuditService } from '../ops/audit.service.js';
import { derivedId, withinTransaction, type LedgerService } from './ledger.service.js';
import { platformAccount, userAccount } from './ledger.types.js';
import { walletRepo, type SettlementRow } from './wallet.repo.js';
import { WalletErrors as E } from './wallet.errors.js';

export type SettlementStatus = SettlementRow['status'];
interface Caller { id: string; roles: string[] }

const isFinance = (roles: string[]) => roles.includes('finance');

/**
 * PAY-3: a provider asks for payout of (part of) a positive balance. The amount is held at once
 * (a pending transfer provider_wallet -> bank that only succeeds while the available balance
 * covers it); finance approves, then marks it paid with the bank reference (the hold posts) or
 * rejects it with a reason (the hold is voided). Every decision is audited (FRD-3).
 */
export class SettlementService {
  constructor(private readonly db: Db, private readonly ledger: LedgerService, private readonly audit: AuditService, private readonly clock: Clock) {}

  /** Requests a payout; the same Idempotency-Key returns the first request (same amount) or 409. */
  async request(provider: Caller, amountRials: bigint, idempotencyKey: string): Promise<{ settlement: SettlementRow; replayed: boolean }> {
    if (!provider.roles.includes('provider')) throw forbidden(E.NOT_A_PROVIDER, 'Only providers can request a settlement');
    // The id follows from the key, so a retry names the same request and its hold stays identical.
    const id = derivedId('req', `settlement\u0000${provider.id}\u0000${idempotencyKey}`);
    return withinTransaction(this.db, async (tx) => {
      const hold = await this.ledger.transfer(tx, {
        idempotencyKey: `settlement:${provider.id}:${idempotencyKey}`, reason: 'settlement.payout', reference: { type: 'settlement', id },
        pending: true, forbidOverdraft: true,
        legs: [{ from: userAccount(provider.id, 'provider_wallet'), to: platformAccount('bank'), amountRials }],
      });
      if (!hold.replayed) {
        const now = this.clock.now();
        await walletRepo.insertSettlement(tx, { id, providerId: provider.id, amountRials, status: 'requested', holdTransferId: hold.id, createdAt: now, updatedAt: now });
      }
      return { settlement: (await walletRepo.settlementById(tx, id))!, replayed: hold.replayed };
    });
  }

  /** One settlement: its provider or finance only (a provider cannot see another's). */
  async getFor(who: Caller, id: string): Promise<SettlementRow> {
    const row = await walletRepo.settlementById(this.db, id);
    // Someone else's request reads as missing, so ids cannot be probed.
    if (!row || (row.providerId !== who.id && !isFinance(who.roles))) throw notFound(E.SETTLEMENT_NOT_FOUND, 'No such settlement request', { id });
    return row;
  }

  list(q: { providerId?: string; status?: SettlementStatus; before?: string; limit: number }): Promise<SettlementRow[]> {
    return walletRepo.listSettlements(this.db, q);
  }

  /** requested -> approved. Approving an approved request again changes nothing. */
  approve(actor: Actor & { id: string }, id: string): Promise<SettlementRow> {
    return this.decide(actor, id, 'approved', ['requested'], (r) => r.status === 'approved', async () => undefined, null);
  }

  /** requested | approved -> rejected: the hold is voided and the money is available again. */
  reject(actor: Actor & { id: string }, id: string, reason: string): Promise<SettlementRow> {
    return this.decide(actor, id, 'rejected', ['requested', 'approved'], (r) => r.status === 'rejected' && r.rejectReason === reason,
      (tx, row) => this.ledger.voidPending(tx, row.holdTransferId, `settlement:${row.id}:void`), reason, { rejectReason: reason });
  }

  /** approved -> paid: the hold posts (provider_wallet -> bank) with the bank's reference. */
  markPaid(actor: Actor & { id: string }, id: string, bankReference: string): Promise<SettlementRow> {
    return this.decide(actor, id, 'paid', ['approved'], (r) => r.status === 'paid' && r.bankReference === bankReference,
      (tx, row) => this.ledger.postPending(tx, row.holdTransferId, `settlement:${row.id}:post`), null, { bankReference });
  }

  /**
   * A guarded transition and its ledger effect in one transaction. A repeat of the decision that
   * was already taken (same content) returns the request unchanged; any other late call is a 409.
   */
  private decide(
    actor: Actor & { id: string }, id: string, to: SettlementStatus, from: SettlementStatus[], isRepeat: (r: SettlementRow) => boolean,
    effect: (tx: DbOrTx, row: SettlementRow) => Promise<unknown>, reason: string | null, extra: Partial<SettlementRow> = {},
  ): Promise<SettlementRow> {
    return withinTransaction(this.db, async (tx) => {
      const current = await walletRepo.settlementById(tx, id, true);
      if (!current) throw notFound(E.SETTLEMENT_NOT_FOUND, 'No such settlement request', { id });
      if (!from.includes(current.status)) {
        if (isRepeat(current)) return current;
        throw conflict(E.SETTLEMENT_STATE, `The settlement request is ${current.status}; it cannot become ${to}`, { status: current.status });
      }
      const now = this.clock.now();
      const stamp = to === 'paid' ? { paidBy: actor.id, paidAt: now } : { decidedBy: actor.id, decidedAt: now };
      const row = await walletRepo.transitionSettlement(tx, id, from, { status: to, updatedAt: now, ...stamp, ...extra });
      invariant(row, 'a locked settlement request changed under us');
      await effect(tx, row);
      await this.audit.record(tx, actor, {
        action: `settlement.${to}`, targetType: 'settlement_request', targetId: id, reason,
        before: { status: current.status }, after: { status: to, amountRials: row.amountRials, providerId: row.providerId, ...extra },
      });
      return row;
    });
  }
}
