/**
 * Calls of the rides-and-parcels APIs (issue 4): quotes, orders, provider work, trip extras and
 * ops. Shapes follow the issue 4 contract; amounts stay strings of Rials until they are shown.
 */
import type { z } from 'zod';
import { request } from '../../api';
import type { LatLng } from '../../components/map';
import type * as P from '../../../../src/modules/pricing/pricing.schemas';
import type * as O from '../../../../src/modules/orders/orders.schemas';
import type * as T from '../../../../src/modules/tracking/tracking.schemas';
import type * as X from '../../../../src/modules/trips/trips.schemas';

export type ServiceCode = 'car_ride' | 'moto_ride' | 'moto_parcel' | 'van_parcel';
export const RIDE_SERVICES: readonly ServiceCode[] = ['car_ride', 'moto_ride', 'moto_parcel', 'van_parcel'];
export const isParcelService = (code: string) => code.endsWith('_parcel');

export type Breakdown = z.infer<typeof P.breakdownReply>;
export type Quote = z.infer<typeof P.quoteReply>;
export type Order = z.infer<typeof O.orderReply>;
export type OrderEvent = NonNullable<Order['history']>[number];
export type Offer = z.infer<typeof O.offerReply>;
export type ParcelInput = z.input<typeof O.parcelBody>;
export type CreateOrderBody = z.input<typeof O.createOrderBody>;
export type PodBody = z.input<typeof O.podBody>;
export type ProviderMe = z.infer<typeof T.providerMeReply>;
export type OpsLive = z.infer<typeof T.opsLiveReply>;
export type ChatMessage = z.infer<typeof X.messageReply>;
export type OrderStatus = 'scheduled' | 'requested' | 'offered' | 'accepted' | 'arrived' | 'in_progress' | 'completed'
  | 'cancelled' | 'no_show' | 'expired' | 'returning' | 'returned';

type Query = Record<string, string | number | undefined | null>;
const get = <T,>(path: string, query?: Query) => request<T>('GET', path, { query });
const post = <T,>(path: string, body?: unknown, key?: string) =>
  request<T>('POST', path, { body: body ?? {}, headers: key ? { 'idempotency-key': key } : undefined });
const id = (s: string) => encodeURIComponent(s);

/** Lists come as a bare array or as `{ items }` depending on the route; callers want the array. */
export const itemsOf = <T,>(r: unknown): T[] => (Array.isArray(r) ? r : ((r as { items?: T[] })?.items ?? [])) as T[];

export const ridesApi = {
  quote: (body: { serviceCode: string; cityId?: string; origin: LatLng; destination: LatLng; promoCode?: string; scheduledAt?: string }) => post<Quote>('/v1/quotes', body),
  order: (body: CreateOrderBody, key: string) => post<Order>('/v1/orders', body, key),
  orders: (q: { status?: string; before?: string; limit?: number } = {}) => get<unknown>('/v1/orders', q).then(itemsOf<Order>),
  get: (orderId: string) => get<Order>(`/v1/orders/${id(orderId)}`),
  cancel: (orderId: string, reason: string) => post<Order>(`/v1/orders/${id(orderId)}/cancel`, { reason }),
  requestChange: (orderId: string, body: { newDestination?: LatLng; addStop?: LatLng; waitingMinutes?: number }) => post<z.infer<typeof O.quoteReply>>(`/v1/orders/${id(orderId)}/changes`, body),
  confirmChange: (orderId: string, quoteId: string) => post<Order>(`/v1/orders/${id(orderId)}/changes/${id(quoteId)}/confirm`),
  rate: (orderId: string, stars: number, comment?: string) => post<unknown>(`/v1/orders/${id(orderId)}/rating`, { stars, ...(comment ? { comment } : {}) }),
  ratings: (orderId: string) => get<z.infer<typeof X.orderRatingsReply>>(`/v1/orders/${id(orderId)}/rating`),
  messages: (orderId: string) => get<unknown>(`/v1/orders/${id(orderId)}/messages`).then(itemsOf<ChatMessage>),
  send: (orderId: string, text: string) => post<ChatMessage>(`/v1/orders/${id(orderId)}/messages`, { text }),
  share: (orderId: string) => post<z.infer<typeof X.shareReply>>(`/v1/orders/${id(orderId)}/share`),
  call: (orderId: string) => post<z.infer<typeof X.callReply>>(`/v1/orders/${id(orderId)}/call`),
};

export const providerApi = {
  me: () => get<ProviderMe>('/v1/provider/me'),
  online: (p: LatLng) => post<ProviderMe['presence']>('/v1/provider/online', { lat: p.lat, lng: p.lng }),
  offline: () => post<ProviderMe['presence']>('/v1/provider/offline'),
  locations: (points: Array<LatLng & { at: string }>) => post<{ accepted: number; rejected: number }>('/v1/provider/locations', { points }),
  offer: () => get<{ offer: Offer | null }>('/v1/provider/offers').then((r) => r.offer),
  accept: (offerId: string) => post<Order>(`/v1/provider/offers/${id(offerId)}/accept`),
  reject: (offerId: string) => post<unknown>(`/v1/provider/offers/${id(offerId)}/reject`),
  current: () => get<{ order: Order | null }>('/v1/provider/orders/current').then((r) => r.order),
  step: (orderId: string, step: 'arrived' | 'start' | 'no-show') => post<Order>(`/v1/provider/orders/${id(orderId)}/${step}`),
  startReturn: (orderId: string, reason: 'recipient_refused' | 'recipient_absent') => post<Order>(`/v1/provider/orders/${id(orderId)}/return`, { reason }),
  returned: (orderId: string, outcome: 'delivered_to_sender' | 'sender_refused') => post<Order>(`/v1/provider/orders/${id(orderId)}/returned`, { outcome }),
  complete: (orderId: string, pod?: PodBody) => post<Order>(`/v1/provider/orders/${id(orderId)}/complete`, pod ? { pod } : {}),
  deliveryCode: (orderId: string) => post<{ sentTo: string; expiresAt: string }>(`/v1/provider/orders/${id(orderId)}/delivery-code`),
};

/** OPS-3 figures of a city's orders over the last days (GET /v1/ops/dashboard). */
export interface OpsDashboard {
  cityId: string; timeZone: string; from: string; to: string; unit: 'hour' | 'day';
  totals: { orders: number; completed: number; cancelled: number; open: number; expired: number; cancelledPercent: number; completedFareRials: string };
  acceptSecondsMedian: number | null;
  byStatus: Array<{ status: string; orders: number }>;
  byService: Array<{ serviceCode: string; orders: number; completed: number }>;
  buckets: Array<{ at: string; created: number; completed: number; cancelled: number }>;
}

export const opsRidesApi = {
  live: (cityId: string) => get<OpsLive>('/v1/ops/live', { cityId }),
  dashboard: (cityId: string, days: number) => get<OpsDashboard>('/v1/ops/dashboard', { cityId, days }),
  orders: (q: { status?: string; q?: string; limit?: number }) => get<unknown>('/v1/ops/orders', q).then(itemsOf<Order>),
  order: (orderId: string) => get<Order>(`/v1/ops/orders/${id(orderId)}`),
  reassign: (orderId: string, reason: string, providerId?: string) => post<Order>(`/v1/ops/orders/${id(orderId)}/reassign`, { reason, ...(providerId ? { providerId } : {}) }),
  cancel: (orderId: string, reason: string) => post<Order>(`/v1/ops/orders/${id(orderId)}/cancel`, { reason }),
};
