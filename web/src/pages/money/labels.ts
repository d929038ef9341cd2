import type { MessageKey } from '../../i18n';

/** Ledger reason codes (set by the modules that post transfers) as words; unknown ones read "Transaction". */
export const REASON_LABEL: Record<string, MessageKey> = {
  'wallet.topup': 'reason.walletTopup',
  'charge.payment_link': 'reason.paymentLink',
  'charge.payment_link_unapplied': 'reason.paymentLinkUnapplied',
  'charge.from_balance': 'reason.fromBalance',
  'adjustment.manual': 'reason.adjustment',
  'settlement.payout': 'reason.settlement',
  'promotion.gift': 'reason.gift',
  'claim.compensation': 'reason.claimCompensation',
  'penalty.charge': 'reason.penalty',
  'promotion.gift_expired': 'reason.giftExpired',
};
export const reasonLabel = (reason: string): MessageKey => REASON_LABEL[reason] ?? 'reason.other';

export const LINE_STATUS_LABEL: Record<string, MessageKey> = { pending: 'line.pending', voided: 'line.voided', posted: 'line.posted' };

export const SETTLEMENT_LABEL: Record<string, MessageKey> = {
  requested: 'settlement.requested', approved: 'settlement.approved', rejected: 'settlement.rejected', paid: 'settlement.paid',
};
export const SETTLEMENT_TONE = { requested: 'warn', approved: 'brand', rejected: 'bad', paid: 'good' } as const;

export const PAYMENT_STATUS_LABEL: Record<string, MessageKey> = {
  pending: 'payment.status.pending', succeeded: 'payment.status.succeeded', failed: 'payment.status.failed', rejected: 'payment.status.rejected',
};

export const PURPOSE_LABEL: Record<string, MessageKey> = {
  wallet_topup: 'purpose.walletTopup', payment_link: 'purpose.paymentLink', charge_from_balance: 'purpose.fromBalance',
  order_fare: 'purpose.orderFare', order_fare_cash: 'purpose.orderFareCash', order_fare_company: 'purpose.orderFareCompany',
  order_cancellation_fee: 'purpose.cancellationFee', order_no_show_fee: 'purpose.noShowFee',
};
export const purposeLabel = (purpose: string): MessageKey => PURPOSE_LABEL[purpose] ?? 'purpose.other';

export const GATEWAY_LABEL: Record<string, MessageKey> = { sandbox: 'gateway.sandbox', zarinpal: 'gateway.zarinpal' };

export const LINK_REASONS = ['equipment', 'penalty', 'commission', 'debt', 'guarantee_return', 'other'] as const;
export const LINK_REASON_LABEL: Record<string, MessageKey> = {
  equipment: 'linkReason.equipment', penalty: 'linkReason.penalty', commission: 'linkReason.commission',
  debt: 'linkReason.debt', guarantee_return: 'linkReason.guaranteeReturn', other: 'linkReason.other',
};
export const LINK_STATUS_LABEL: Record<string, MessageKey> = { open: 'link.status.open', paid: 'link.status.paid', cancelled: 'link.status.cancelled', expired: 'link.status.expired' };
export const LINK_STATUS_TONE = { open: 'warn', paid: 'good', cancelled: 'neutral', expired: 'neutral' } as const;

export const ACCOUNT_KIND_LABEL: Record<string, MessageKey> = {
  customer_wallet: 'kind.customer_wallet', customer_gift: 'kind.customer_gift', provider_wallet: 'kind.provider_wallet', company_wallet: 'kind.company_wallet',
  platform_revenue: 'kind.platform_revenue', gateway_clearing: 'kind.gateway_clearing', promotion_expense: 'kind.promotion_expense',
  penalty_revenue: 'kind.penalty_revenue', settlement_payable: 'kind.settlement_payable', bank: 'kind.bank', cash_clearing: 'kind.cash_clearing',
  refunds_payable: 'kind.refunds_payable', suspense: 'kind.suspense',
};
/** The platform accounts finance may put on the other side of a manual adjustment. */
export const COUNTERPARTY_KINDS = ['suspense', 'platform_revenue', 'promotion_expense', 'penalty_revenue', 'refunds_payable', 'bank', 'cash_clearing', 'gateway_clearing'] as const;
/** The accounts a user or company owns; platform accounts are opened for ownerId "platform". */
export const OWNER_KINDS = { user: ['customer_wallet', 'customer_gift', 'provider_wallet'], company: ['company_wallet'] } as const;

export const PROMO_STATUS_LABEL: Record<string, MessageKey> = { active: 'promo.status.active', suspended: 'promo.status.suspended', cancelled: 'promo.status.cancelled' };
export const PROMO_STATUS_TONE = { active: 'good', suspended: 'warn', cancelled: 'neutral' } as const;
export const BENEFIT_LABEL: Record<string, MessageKey> = { percent: 'promo.benefit.percent', fixed: 'promo.benefit.fixed', gift_credit: 'promo.benefit.gift_credit' };
export const OFFER_STATE_LABEL: Record<string, MessageKey> = { available: 'offer.available', upcoming: 'offer.upcoming', used_up: 'offer.usedUp', claimed: 'offer.claimed' };
export const OFFER_STATE_TONE = { available: 'good', upcoming: 'brand', used_up: 'neutral', claimed: 'neutral' } as const;
