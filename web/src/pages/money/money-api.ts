/**
 * Calls of the wallet, payments and promotions APIs (issue 3), typed from the servers' own zod
 * schemas. Amounts stay strings of Rials until they are shown.
 */
import type { z } from 'zod';
import { request } from '../../api';
import type * as W from '../../../../src/modules/wallet/wallet.schemas';
import type * as P from '../../../../src/modules/payments/payments.schemas';
import type * as R from '../../../../src/modules/promotions/promotions.schemas';

export type MyWallet = z.infer<typeof W.myWalletReply>;
export type Balance = z.infer<typeof W.balanceView>;
export type StatementLine = z.infer<typeof W.statementLine>;
export type StatementPage = z.infer<typeof W.statementReply>;
export type LedgerAccount = z.infer<typeof W.accountView>;
export type AccountStatement = z.infer<typeof W.accountStatementReply>;
export type AdjustmentBody = z.input<typeof W.adjustmentBody>;
export type AdjustmentReply = z.infer<typeof W.adjustmentReply>;
export type Settlement = z.infer<typeof W.settlementView>;
export type SettlementStatus = z.infer<typeof W.settlementStatus>;
export type Payment = z.infer<typeof P.paymentView>;
export type StartedPayment = z.infer<typeof P.startedReply>;
export type Receipt = z.infer<typeof P.receiptView>;
export type LinkReason = z.infer<typeof P.linkReason>;
export type LinkStatus = z.infer<typeof P.linkStatus>;
export type PaymentLink = z.infer<typeof P.linkOpsView>;
export type PublicLink = z.infer<typeof P.linkPublicView>;
export type CreateLinkBody = z.input<typeof P.createLinkBody>;
export type Promotion = z.infer<typeof R.promotionOpsReply>;
export type PromotionDetail = z.infer<typeof R.promotionDetailReply>;
export type PromotionCreate = z.input<typeof R.promotionCreateBody>;
export type PromotionStats = z.infer<typeof R.statsReply>;
export type PromotionSearch = Partial<z.input<typeof R.promotionSearchQuery>>;
export type Offer = z.infer<typeof R.offerReply>;
export type GiftGrant = z.infer<typeof R.giftGrantReply>;
export type ApplyReply = z.infer<typeof R.applyReply>;
export type Benefit = z.infer<typeof R.benefitReply>;
export type MyAccount = 'wallet' | 'gift' | 'provider';

type Query = Record<string, string | number | undefined | null>;
const get = <T,>(path: string, query?: Query, auth = true) => request<T>('GET', path, { query, auth });
const post = <T,>(path: string, body?: unknown, opts: { key?: string; auth?: boolean } = {}) =>
  request<T>('POST', path, { body, auth: opts.auth, headers: opts.key ? { 'idempotency-key': opts.key } : undefined });
const id = (s: string) => encodeURIComponent(s);

/** A fresh Idempotency-Key for one attempt of a form: a double tap or a retry moves money once. */
export const newIdempotencyKey = () => `web-${crypto.randomUUID()}`;

export const moneyApi = {
  wallet: () => get<MyWallet>('/v1/wallet'),
  statement: (account: MyAccount, cursor?: string, limit = 20) => get<StatementPage>('/v1/wallet/statement', { account, cursor, limit }),
  topupLimits: () => get<{ minRials: string; maxRials: string; gateway: string }>('/v1/wallet/topups/limits'),
  topup: (amountRials: string, wallet: 'customer' | 'provider', key: string) => post<StartedPayment>('/v1/wallet/topups', { amountRials, wallet }, { key }),
  payment: (paymentId: string) => get<Payment>(`/v1/payments/${id(paymentId)}`),
  verifyPayment: (paymentId: string) => post<Payment>(`/v1/payments/${id(paymentId)}/verify`),
  receipts: (before?: string, limit = 20) => get<{ items: Receipt[]; nextBefore: string | null }>('/v1/receipts', { before, limit }),
  receipt: (receiptId: string) => get<Receipt>(`/v1/receipts/${id(receiptId)}`),
  settlements: (before?: string, limit = 20) => get<{ items: Settlement[]; nextBefore: string | null }>('/v1/wallet/settlements', { before, limit }),
  requestSettlement: (amountRials: string, key: string) => post<Settlement>('/v1/wallet/settlements', { amountRials }, { key }),
  myLinks: (status?: 'open' | 'paid' | 'cancelled') => get<{ items: PaymentLink[]; nextBefore: string | null }>('/v1/me/payment-links', { status, limit: 20 }),
  publicLink: (code: string) => get<PublicLink>(`/v1/payment-links/${id(code)}`, undefined, false),
  payLink: (code: string) => post<StartedPayment>(`/v1/payment-links/${id(code)}/pay`, undefined, { auth: false }),
  promotions: {
    mine: () => get<{ offers: Offer[]; giftCredits: GiftGrant[] }>('/v1/promotions/mine'),
    claim: (body: { code?: string; promotionId?: string }, key: string) => post<GiftGrant>('/v1/promotions/claim', body, { key }),
    apply: (body: { serviceCode: string; amountRials: string; code?: string }) => post<ApplyReply>('/v1/promotions/apply', body),
  },
  ops: {
    accounts: (ownerId: string) => get<LedgerAccount[]>('/v1/ops/ledger/accounts', { ownerId }),
    accountStatement: (accountId: string, cursor?: string, limit = 30) => get<AccountStatement>(`/v1/ops/ledger/accounts/${id(accountId)}/statement`, { cursor, limit }),
    adjust: (body: AdjustmentBody, key: string) => post<AdjustmentReply>('/v1/ops/ledger/adjustments', body, { key }),
    settlements: (q: { status?: SettlementStatus; before?: string; limit?: number }) => get<{ items: Settlement[]; nextBefore: string | null }>('/v1/ops/settlements', q),
    approveSettlement: (sid: string) => post<Settlement>(`/v1/ops/settlements/${id(sid)}/approve`),
    rejectSettlement: (sid: string, reason: string) => post<Settlement>(`/v1/ops/settlements/${id(sid)}/reject`, { reason }),
    paySettlement: (sid: string, bankReference: string) => post<Settlement>(`/v1/ops/settlements/${id(sid)}/paid`, { bankReference }),
    promotions: (q: PromotionSearch) => get<{ total: number; items: Promotion[] }>('/v1/ops/promotions', q as Query),
    promotion: (pid: string) => get<PromotionDetail>(`/v1/ops/promotions/${id(pid)}`),
    createPromotion: (body: PromotionCreate) => post<PromotionDetail>('/v1/ops/promotions', body),
    changePromotion: (pid: string, action: 'suspend' | 'resume' | 'cancel', reason: string) => post<Promotion>(`/v1/ops/promotions/${id(pid)}/${action}`, { reason }),
    promotionStats: (pid: string) => get<PromotionStats>(`/v1/ops/promotions/${id(pid)}/stats`),
    links: (q: { userId?: string; status?: 'open' | 'paid' | 'cancelled'; before?: string; limit?: number }) => get<{ items: PaymentLink[]; nextBefore: string | null }>('/v1/ops/payment-links', q),
    createLink: (body: CreateLinkBody) => post<PaymentLink>('/v1/ops/payment-links', body),
    cancelLink: (lid: string, reason: string) => post<PaymentLink>(`/v1/ops/payment-links/${id(lid)}/cancel`, { reason }),
  },
};

/** Toman typed by a person (ASCII digits) as Rials for the API; 1 Toman = 10 Rials. */
export const tomanToRials = (toman: string) => (BigInt(toman) * 10n).toString();
