import type { Db, DbOrTx } from '../../platform/db.js';
import { notFound, validation } from '../../platform/errors.js';
import type { Actor, AuditService } from '../ops/audit.service.js';
import { accountIdOf, withinTransaction, type LedgerService } from './ledger.service.js';
import { platformAccount, userAccount, type AccountBalance, type AccountKind, type AccountRef } from './ledger.types.js';
import { walletRepo, type AccountView, type StatementLine } from './wallet.repo.js';
import { WalletErrors as E } from './wallet.errors.js';

/** The accounts a user sees as "my wallet" (PAY-1); provider wallet only for providers. */
export type MyAccount = 'wallet' | 'gift' | 'provider';
const MY_KINDS: Record<MyAccount, 'customer_wallet' | 'customer_gift' | 'provider_wallet'> = { wallet: 'customer_wallet', gift: 'customer_gift', provider: 'provider_wallet' };

export interface StatementPage { items: StatementLine[]; nextCursor: string | null }

export interface AdjustmentInput {
  account: AccountRef;
  direction: 'credit' | 'debit';
  amountRials: bigint;
  /** The platform account on the other side; suspense unless finance says otherwise. */
  counterparty: AccountKind;
  reason: string;
}

export interface AdjustmentResult { transferId: string; replayed: boolean; createdAt: string; account: AccountView }

const CURSOR = /^txn_[0-9a-hjkmnp-tv-z]{26}$/;

/** Balances, statements and finance adjustments over the ledger (PAY-1, FRD-3). */
export class WalletService {
  constructor(
    private readonly db: Db,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly userExists: (userId: string) => Promise<boolean>,
  ) {}

  /** The caller's balances: wallet and gift credit; the provider wallet too for providers. */
  async myBalances(user: { id: string; roles: string[] }): Promise<Partial<Record<MyAccount, AccountBalance>>> {
    const out: Partial<Record<MyAccount, AccountBalance>> = {
      wallet: await this.ledger.balance(this.db, userAccount(user.id, 'customer_wallet')),
      gift: await this.ledger.balance(this.db, userAccount(user.id, 'customer_gift')),
    };
    if (user.roles.includes('provider')) out.provider = await this.ledger.balance(this.db, userAccount(user.id, 'provider_wallet'));
    return out;
  }

  /** One of the caller's own accounts, newest entries first. */
  async myStatement(user: { id: string; roles: string[] }, which: MyAccount, cursor: string | undefined, limit: number): Promise<StatementPage> {
    if (which === 'provider' && !user.roles.includes('provider')) throw validation(E.NOT_A_PROVIDER, 'Only providers have a provider wallet');
    return this.page(accountIdOf(userAccount(user.id, MY_KINDS[which])), cursor, limit);
  }

  /** Ops: every ledger account of an owner (a user, a company, or 'platform'). */
  accountsOf(ownerId: string): Promise<AccountView[]> {
    return walletRepo.accountsOfOwner(this.db, ownerId);
  }

  /** Ops: any account's statement. */
  async accountStatement(accountId: string, cursor: string | undefined, limit: number): Promise<{ account: AccountView } & StatementPage> {
    const account = await walletRepo.accountById(this.db, accountId);
    if (!account) throw notFound(E.ACCOUNT_NOT_FOUND, 'No such ledger account', { accountId });
    return { account, ...(await this.page(accountId, cursor, limit)) };
  }

  /**
   * Finance: a manual adjustment with a reason, posted as a new transfer (never an edit) and
   * audited in the same transaction (FRD-3). The same Idempotency-Key replays the first result.
   */
  async adjust(actor: Actor & { id: string }, input: AdjustmentInput, idempotencyKey: string): Promise<AdjustmentResult> {
    if (input.account.ownerType === 'user' && !(await this.userExists(input.account.ownerId))) {
      throw notFound(E.ACCOUNT_NOT_FOUND, 'No such user', { ownerId: input.account.ownerId });
    }
    assertAdjustmentAllowed(input.account.kind, input.direction, input.counterparty);
    const other = platformAccount(input.counterparty);
    const leg = input.direction === 'credit'
      ? { from: other, to: input.account, amountRials: input.amountRials }
      : { from: input.account, to: other, amountRials: input.amountRials };
    return withinTransaction(this.db, async (tx) => {
      const t = await this.ledger.transfer(tx, {
        idempotencyKey: `adjustment:${actor.id}:${idempotencyKey}`, reason: 'adjustment.manual', memo: input.reason, legs: [leg],
      });
      const accountId = accountIdOf(input.account);
      if (!t.replayed) {
        await this.audit.record(tx, actor, {
          action: 'ledger.adjustment', targetType: 'ledger_account', targetId: accountId, reason: input.reason,
          after: { transferId: t.id, direction: input.direction, amountRials: input.amountRials, counterparty: input.counterparty, account: input.account },
        });
      }
      const account = await walletRepo.accountById(tx, accountId);
      return { transferId: t.id, replayed: t.replayed, createdAt: t.createdAt, account: account! };
    });
  }

  private async page(accountId: string, cursor: string | undefined, limit: number): Promise<StatementPage> {
    if (cursor !== undefined && !CURSOR.test(cursor)) throw validation(E.CURSOR_INVALID, 'The cursor is not one this API gave out');
    const items = await walletRepo.statement(this.db as DbOrTx, accountId, cursor, limit);
    return { items, nextCursor: items.length === limit ? items[items.length - 1].transferId : null };
  }
}

/**
 * PAY-1 / PAY-4: customer money never leaves as cash. Gift credit moves only against promotion
 * expense or suspense; wallet credit is never debited to the bank or cash accounts.
 */
function assertAdjustmentAllowed(kind: string, direction: 'credit' | 'debit', counterparty: string): void {
  if (kind === 'customer_gift' && counterparty !== 'promotion_expense' && counterparty !== 'suspense') {
    throw validation(E.ADJUSTMENT_NOT_ALLOWED, 'Gift credit can only be adjusted against promotion expense or suspense (it is never cashable)', { counterparty });
  }
  if (kind === 'customer_wallet' && direction === 'debit' && (counterparty === 'bank' || counterparty === 'cash_clearing')) {
    throw validation(E.ADJUSTMENT_NOT_ALLOWED, 'Customer wallet credit is for platform services only and is never paid out in cash', { counterparty });
  }
}
