import type { z } from 'zod';
import { request } from '../../api';
import type * as S from '../../../../src/modules/shop/shop.schemas';
import type * as G from '../../../../src/modules/guarantees/guarantees.schemas';

export type ShopItem = z.infer<typeof S.itemView>;
export type ShopOrder = z.infer<typeof S.orderView>;
export type ShopOrderDetail = z.infer<typeof S.orderDetail>;
export type OpsShopOrder = z.infer<typeof S.opsOrderView>;
export type OpsShopOrderDetail = z.infer<typeof S.opsOrderDetail>;
export type ShopStatus = ShopOrder['status'];
export type ItemBody = z.infer<typeof S.itemBody>;
export type GuaranteeReturn = z.infer<typeof G.returnView>;
export type GuaranteeReturnDetail = z.infer<typeof G.returnDetail>;
export type GuaranteeQuote = z.infer<typeof G.quoteView>;

export const SHOP_TONE: Record<ShopStatus, 'neutral' | 'good' | 'bad' | 'warn' | 'brand'> = {
  placed: 'warn', awaiting_payment: 'warn', paid: 'brand', shipped: 'brand', delivered: 'good', cancelled: 'neutral',
};
export const RETURN_TONE: Record<GuaranteeReturn['status'], 'neutral' | 'good' | 'bad' | 'warn' | 'brand'> = {
  requested: 'warn', awaiting_payment: 'warn', ready: 'brand', shipped: 'good', rejected: 'bad', cancelled: 'neutral',
};

const id = (s: string) => encodeURIComponent(s);

export const shopApi = {
  items: () => request<ShopItem[]>('GET', '/v1/provider/shop/items'),
  order: (lines: Array<{ itemId: string; quantity: number }>) => request<ShopOrderDetail>('POST', '/v1/provider/shop/orders', { body: { lines } }),
  mine: () => request<ShopOrder[]>('GET', '/v1/provider/shop/orders'),
  get: (orderId: string) => request<ShopOrderDetail>('GET', `/v1/provider/shop/orders/${id(orderId)}`),
  cancel: (orderId: string) => request<ShopOrderDetail>('POST', `/v1/provider/shop/orders/${id(orderId)}/cancel`),
  ops: {
    items: () => request<ShopItem[]>('GET', '/v1/ops/shop/items'),
    createItem: (body: ItemBody) => request<ShopItem>('POST', '/v1/ops/shop/items', { body }),
    updateItem: (itemId: string, body: Partial<Omit<ItemBody, 'code'>>) => request<ShopItem>('PATCH', `/v1/ops/shop/items/${id(itemId)}`, { body }),
    orders: (status?: ShopStatus) => request<OpsShopOrder[]>('GET', '/v1/ops/shop/orders', { query: status ? { status } : {} }),
    order: (orderId: string) => request<OpsShopOrderDetail>('GET', `/v1/ops/shop/orders/${id(orderId)}`),
    confirm: (orderId: string, body: { collect: 'wallet' | 'link'; totalRials?: string; atSignup?: boolean }) => request<OpsShopOrderDetail>('POST', `/v1/ops/shop/orders/${id(orderId)}/confirm`, { body }),
    ship: (orderId: string, trackingNumber: string) => request<OpsShopOrderDetail>('POST', `/v1/ops/shop/orders/${id(orderId)}/ship`, { body: { trackingNumber } }),
    deliver: (orderId: string) => request<OpsShopOrderDetail>('POST', `/v1/ops/shop/orders/${id(orderId)}/deliver`),
  },
  guarantee: {
    quote: () => request<GuaranteeQuote>('GET', '/v1/provider/guarantee-return/quote'),
    mine: () => request<GuaranteeReturn[]>('GET', '/v1/provider/guarantee-returns'),
    request: (body: { choice: 'continue' | 'quit'; postalAddress: string }) => request<GuaranteeReturnDetail>('POST', '/v1/provider/guarantee-returns', { body }),
    get: (returnId: string) => request<GuaranteeReturnDetail>('GET', `/v1/provider/guarantee-returns/${id(returnId)}`),
    cancel: (returnId: string) => request<GuaranteeReturnDetail>('POST', `/v1/provider/guarantee-returns/${id(returnId)}/cancel`),
    ops: {
      list: (status?: GuaranteeReturn['status']) => request<GuaranteeReturn[]>('GET', '/v1/ops/guarantee-returns', { query: status ? { status } : {} }),
      get: (returnId: string) => request<GuaranteeReturnDetail>('GET', `/v1/ops/guarantee-returns/${id(returnId)}`),
      approve: (returnId: string, collect: 'wallet' | 'link') => request<GuaranteeReturnDetail>('POST', `/v1/ops/guarantee-returns/${id(returnId)}/approve`, { body: { collect } }),
      reject: (returnId: string, reason: string) => request<GuaranteeReturnDetail>('POST', `/v1/ops/guarantee-returns/${id(returnId)}/reject`, { body: { reason } }),
      ship: (returnId: string, trackingNumber: string) => request<GuaranteeReturnDetail>('POST', `/v1/ops/guarantee-returns/${id(returnId)}/ship`, { body: { trackingNumber } }),
    },
  },
};
