import type { Platform } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { LatLng } from '../../platform/geo/geometry.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { UserCache } from '../identity/index.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { AuditService } from '../ops/audit.service.js';
import type { LedgerService } from '../wallet/index.js';
import type { MaskedCallProvider } from './masked-call.js';
import { TripErrors as E } from './trips.errors.js';

/**
 * What trips need of an order; the orders module's row has these fields, so `OrdersService`
 * (its `get`) is a `TripOrderSource` as it is.
 */
export interface TripOrder {
  id: string;
  kind: string;
  status: string;
  cityId: string;
  serviceCode: string;
  customerId: string;
  providerId: string | null;
  origin: LatLng;
  destination: LatLng;
  priceRials: bigint;
  /** When the order reached a final status; null while it runs (see `endOf`). */
  endedAt: Date | null;
  completedAt?: Date | null;
  updatedAt?: Date;
}
export interface TripOrderSource { get(orderId: string): Promise<TripOrder | null | undefined> }

/** The live channel hub of the tracking module (`order:<id>`, `ops:<cityId>`). */
export interface LiveChannel { publish(channel: string, message: object): void }
/** The tracking module's last known provider positions. */
export interface PositionSource { position(providerId: string): { lat: number; lng: number; at: Date } | null }
/** The providers module's profiles (the vehicle card). */
export interface VehicleSource {
  get(userId: string): Promise<{ vehicle: { make?: string; model?: string; colour?: string; plate?: string } } | null | undefined>;
}

/** Seams of other modules that may be wired after the trips module is built. */
export interface TripLinks { live?: LiveChannel; positions?: PositionSource; vehicles?: VehicleSource }

export interface TripsDeps {
  platform: Platform;
  settings: SettingsService;
  users: UserCache;
  ledger: LedgerService;
  audit: AuditService;
  notifications: NotificationsService;
  orders: TripOrderSource;
  calls: MaskedCallProvider;
  links: TripLinks;
}

/** Statuses in which a provider is on the job. */
export const ACTIVE_STATUSES: ReadonlySet<string> = new Set(['accepted', 'arrived', 'in_progress', 'returning']);
/** Final statuses. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'cancelled', 'no_show', 'expired', 'returned']);
export const OPS_ROLES_READ = ['ops_agent', 'ops_admin'];

export type PartyRole = 'customer' | 'provider';
export interface Viewer { id: string; roles: string[] }

const orderNotFound = () => notFound(E.ORDER_NOT_FOUND, 'No such order');

/**
 * The order and the caller's side of it. Anyone else (including a provider the order was handed
 * away from, PRV-12) gets ORDER_NOT_FOUND, as for an order that does not exist; ops only where
 * `allowOps` says so.
 */
export async function orderOfParty(d: Pick<TripsDeps, 'orders'>, viewer: Viewer, orderId: string, allowOps = false): Promise<{ order: TripOrder; role: PartyRole | 'ops' }> {
  const order = await d.orders.get(orderId);
  if (!order) throw orderNotFound();
  if (order.customerId === viewer.id) return { order, role: 'customer' };
  if (order.providerId !== null && order.providerId === viewer.id) return { order, role: 'provider' };
  if (allowOps && viewer.roles.some((r) => OPS_ROLES_READ.includes(r))) return { order, role: 'ops' };
  throw orderNotFound();
}

/** The other party of an order, seen from one side. */
export function counterpart(order: TripOrder, role: PartyRole): string | null {
  return role === 'customer' ? order.providerId : order.customerId;
}

export const secondsSince = (now: Date, then: Date) => (now.getTime() - then.getTime()) / 1000;

/**
 * When a finished order ended: its end time, else its completion time (the orders module stamps
 * only completed_at on completion), else its last change. Null while it runs.
 */
export function endOf(order: TripOrder): Date | null {
  if (!FINAL_STATUSES.has(order.status)) return null;
  return order.endedAt ?? order.completedAt ?? order.updatedAt ?? null;
}
