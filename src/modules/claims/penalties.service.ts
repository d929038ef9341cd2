import { inTransaction } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db.js';
import { forbidden, notFound, validation } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { isLocale } from '../../platform/i18n.js';
import { formatToman } from '../../platform/money.js';
import type { Actor } from '../ops/audit.service.js';
import { MAX_LEG_RIALS, platformAccount, userAccount } from '../wallet/index.js';
import { ClaimErrors as E } from './claims.errors.js';
import { mayPenalize, type ClaimsDeps } from './claims.deps.js';
import { claimsRepo as repo } from './claims.repo.js';
import type { PenaltyRow, PenaltySource } from './claims.tables.js';

export interface PenaltyInput { providerId: string; amountRials?: bigint | null; reason: string; collect?: 'balance' | 'link' }

/**
 * PAY-6 liquidated damages: one ledger transfer from the provider's wallet (which may go negative,
 * like other provider charges, PAY-5) to penalty revenue, audited; the provider gets an SMS.
 */
export class PenaltiesService {
  constructor(private readonly d: ClaimsDeps) {}

  /** The default amount (setting `provider.penaltyRials`, 5,000,000 Toman). */
  defaultRials(): bigint {
    return this.d.settings.rials('provider.penaltyRials');
  }

  /**
   * Posts a penalty inside the caller's transaction (complaints, claims and errands call this).
   * Callers check who may penalize (see `mayPenalize`); the provider must exist.
   */
  async penalize(tx: DbOrTx, actor: Actor, providerId: string, amountRials: bigint, reason: string,
    source: { type: PenaltySource; id: string | null } = { type: 'manual', id: null }, after?: AfterCommit): Promise<PenaltyRow> {
    if (amountRials <= 0n || amountRials > MAX_LEG_RIALS) throw validation(E.PENALTY_AMOUNT_INVALID, 'The penalty must be a positive amount', { field: 'amountRials' });
    const text = reason.trim();
    if (text.length < 3) throw validation(E.PENALTY_AMOUNT_INVALID, 'Give the reason of the penalty', { field: 'reason' });
    if (!(await this.d.providers.getIn(tx, providerId))) throw notFound(E.PROVIDER_NOT_FOUND, 'No such provider', { field: 'providerId' });
    const now = this.d.platform.clock.now();
    const id = newId('chg', now.getTime());
    const transfer = await this.d.ledger.transfer(tx, {
      idempotencyKey: source.id ? `penalty:${source.type}:${source.id}` : `penalty:${id}`, reason: 'penalty.charge', reference: { type: 'penalty', id },
      legs: [{ from: userAccount(providerId, 'provider_wallet'), to: platformAccount('penalty_revenue'), amountRials }], memo: text,
    });
    const row: PenaltyRow = { id, providerId, amountRials, reason: text, sourceType: source.type, sourceId: source.id, transferId: transfer.id, createdBy: actor.id, createdAt: now };
    await repo.insertPenalty(tx, row);
    await this.d.audit.record(tx, actor, {
      action: 'penalty.record', targetType: 'user', targetId: providerId, reason: text,
      after: { penaltyId: id, amountRials: String(amountRials), source: source.type, sourceId: source.id, transferId: transfer.id },
    });
    const user = await repo.contactOf(tx, providerId);
    if (user) {
      const locale = isLocale(user.locale) ? user.locale : 'fa';
      await this.d.notifications.enqueue(tx, { channel: 'sms', to: user.mobile, userId: user.id, template: 'penalty.recorded', locale, params: { amount: formatToman(amountRials, locale), reason: text } }, after);
    }
    return row;
  }

  /** The route's entry: role check, default amount, own transaction, then an optional payment link. */
  async record(actor: Actor, input: PenaltyInput): Promise<PenaltyRow> {
    if (!mayPenalize(actor.roles)) throw forbidden(E.PENALTY_ROLE_REQUIRED, 'Only an ops admin or finance may record a penalty');
    const amount = input.amountRials ?? this.defaultRials();
    const row = await inTransaction(this.d.platform, (tx, after) => this.penalize(tx, actor, input.providerId, amount, input.reason, undefined, after));
    // PAY-5: the charge is on the balance; a link lets the provider pay it off by card at once.
    if (input.collect === 'link') {
      await this.d.links.create(actor, { userId: input.providerId, amountRials: amount, reason: 'debt', description: `Penalty: ${row.reason}` });
    }
    return row;
  }

  list(providerId: string | undefined): Promise<PenaltyRow[]> {
    return providerId ? repo.penaltiesOf(this.d.platform.db, providerId) : repo.recentPenalties(this.d.platform.db, 100);
  }
}
