/** Who owns a ledger account. Platform accounts have ownerId 'platform'. */
export type OwnerType = 'user' | 'company' | 'platform';

export type AccountKind =
  | 'customer_wallet'    // user; may go negative (PAY-2)
  | 'customer_gift'      // user; gift credit from promotions, never negative, never cashable (PAY-4)
  | 'provider_wallet'    // user with provider role; may go negative (provider owes commission/charges, PAY-3/5/6)
  | 'company_wallet'     // company (ACC-3); may go negative
  | 'platform_revenue' | 'gateway_clearing' | 'promotion_expense' | 'penalty_revenue'
  | 'settlement_payable' | 'bank' | 'cash_clearing' | 'refunds_payable' | 'suspense';

export interface AccountRef { ownerType: OwnerType; ownerId: string; kind: AccountKind }

/** `from` is debited (its balance decreases), `to` is credited; amountRials > 0n. */
export interface TransferLeg { from: AccountRef; to: AccountRef; amountRials: bigint }

export interface TransferInput {
  /** Unique forever. Same key + same content returns the first transfer (replayed: true); other content -> IDEMPOTENCY_KEY_REUSED. */
  idempotencyKey: string;
  /** Reason code, e.g. 'wallet.topup', 'order.fare', 'promotion.gift', 'settlement.payout', 'adjustment.manual'. */
  reason: string;
  reference?: { type: string; id: string };
  legs: TransferLeg[];
  memo?: string;
  /** A hold: reserves the amounts (counted in `available`, not in `balance`) until post or void. */
  pending?: boolean;
  /**
   * Refuse the transfer if any debited account's available balance would go below zero, even
   * where the account's policy allows negative (e.g. a settlement payout of a positive balance).
   */
  forbidOverdraft?: boolean;
}

export type TransferStatus = 'posted' | 'pending' | 'voided';

export interface TransferResult { id: string; status: TransferStatus; replayed: boolean; createdAt: string }

export interface AccountBalance { balanceRials: bigint; pendingRials: bigint; availableRials: bigint }

export const PLATFORM_OWNER_ID = 'platform';

interface KindPolicy { ownerType: OwnerType; allowNegative: boolean; /** Rows the balance is spread over (hot accounts). */ shards: number }

/** The policy of every account kind; stored on the account row when it is opened. */
export const ACCOUNT_KINDS: Record<AccountKind, KindPolicy> = {
  customer_wallet: { ownerType: 'user', allowNegative: true, shards: 1 },
  customer_gift: { ownerType: 'user', allowNegative: false, shards: 1 },
  provider_wallet: { ownerType: 'user', allowNegative: true, shards: 1 },
  company_wallet: { ownerType: 'company', allowNegative: true, shards: 1 },
  // Platform accounts are the other side of every customer movement, so each may run negative
  // (e.g. gateway_clearing is negative by what the gateways owe us) and they are hot.
  platform_revenue: { ownerType: 'platform', allowNegative: true, shards: 32 },
  gateway_clearing: { ownerType: 'platform', allowNegative: true, shards: 32 },
  promotion_expense: { ownerType: 'platform', allowNegative: true, shards: 32 },
  penalty_revenue: { ownerType: 'platform', allowNegative: true, shards: 32 },
  settlement_payable: { ownerType: 'platform', allowNegative: true, shards: 32 },
  bank: { ownerType: 'platform', allowNegative: true, shards: 32 },
  cash_clearing: { ownerType: 'platform', allowNegative: true, shards: 32 },
  refunds_payable: { ownerType: 'platform', allowNegative: true, shards: 32 },
  suspense: { ownerType: 'platform', allowNegative: true, shards: 32 },
};

export const ACCOUNT_KIND_NAMES = Object.keys(ACCOUNT_KINDS) as AccountKind[];

export const isAccountKind = (k: string): k is AccountKind => Object.prototype.hasOwnProperty.call(ACCOUNT_KINDS, k);

/** Shorthands for callers: `userAccount(id, 'customer_wallet')`, `platformAccount('platform_revenue')`. */
export const userAccount = (userId: string, kind: 'customer_wallet' | 'customer_gift' | 'provider_wallet'): AccountRef => ({ ownerType: 'user', ownerId: userId, kind });
export const companyAccount = (companyId: string): AccountRef => ({ ownerType: 'company', ownerId: companyId, kind: 'company_wallet' });
export const platformAccount = (kind: AccountKind): AccountRef => ({ ownerType: 'platform', ownerId: PLATFORM_OWNER_ID, kind });
