/** Calls of the payment-order APIs (XPO-1..XPO-8); shapes come from the server's zod schemas. */
import type { z } from 'zod';
import { request } from '../../api';
import type * as S from '../../../../src/modules/payment-orders/payment-orders.schemas';

export type XpoCategoryInfo = z.infer<typeof S.categoriesReply>[number];
export type XpoCategory = XpoCategoryInfo['code'];
export type XpoQuote = z.infer<typeof S.quoteReply>;
export type XpoOrder = z.infer<typeof S.orderView>;
export type XpoOpsOrder = z.infer<typeof S.opsOrderView>;
export type XpoRate = z.infer<typeof S.rateView>;
export type XpoStatus = XpoOrder['status'];
export type NewOrderBody = z.input<typeof S.newOrderBody>;
export type CheckoutReply = z.infer<typeof S.checkoutReply>;

const id = (s: string) => encodeURIComponent(s);
const get = <T,>(path: string, query?: Record<string, string | undefined>) => request<T>('GET', path, { query });
const post = <T,>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} });

export const xpoApi = {
  categories: () => get<XpoCategoryInfo[]>('/v1/payment-orders/categories'),
  rates: () => get<XpoRate[]>('/v1/payment-orders/rates'),
  quote: (body: { category: XpoCategory; currency: string; amount: string }) => post<XpoQuote>('/v1/payment-orders/quote', body),
  add: (body: NewOrderBody) => post<XpoOrder>('/v1/payment-orders', body),
  mine: (status?: XpoStatus) => get<XpoOrder[]>('/v1/payment-orders', { status }),
  one: (o: string) => get<XpoOrder>(`/v1/payment-orders/${id(o)}`),
  remove: (o: string) => request<XpoOrder>('DELETE', `/v1/payment-orders/${id(o)}`),
  checkout: (method: 'wallet' | 'gateway') => post<CheckoutReply>('/v1/payment-orders/checkout', { method }),
};

export const opsXpoApi = {
  queue: (status?: string) => get<XpoOpsOrder[]>('/v1/ops/payment-orders', { status: status || undefined }),
  one: (o: string) => get<XpoOpsOrder>(`/v1/ops/payment-orders/${id(o)}`),
  claim: (o: string) => post<XpoOpsOrder>(`/v1/ops/payment-orders/${id(o)}/claim`),
  release: (o: string, reason: string) => post<XpoOpsOrder>(`/v1/ops/payment-orders/${id(o)}/release`, { reason }),
  credentials: (o: string) => post<{ username: string; password: string; advice: string }>(`/v1/ops/payment-orders/${id(o)}/credentials`),
  fulfil: (o: string, fileName: string, contentBase64: string, reference: string) => post<XpoOpsOrder>(`/v1/ops/payment-orders/${id(o)}/fulfil`, { receipt: { fileName, contentBase64 }, reference: reference || null }),
  refund: (o: string, reason: string) => post<XpoOpsOrder>(`/v1/ops/payment-orders/${id(o)}/refund`, { reason }),
  rates: () => get<XpoRate[]>('/v1/ops/fx-rates'),
  setRate: (body: { currency: string; rialsPerUnit: string; validUntil: string; reason: string }) => post<XpoRate>('/v1/ops/fx-rates', body),
};

export const STATUS_TONE: Record<XpoStatus, 'neutral' | 'good' | 'bad' | 'warn' | 'brand'> = {
  in_cart: 'neutral', removed: 'neutral', awaiting_verification: 'warn', queued: 'brand', in_progress: 'brand', fulfilled: 'good', refunded: 'bad',
};
