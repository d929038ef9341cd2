import type { DbOrTx } from '../../platform/db.js';
import type { AuthUser } from '../../platform/http/auth.js';
import type { RedemptionHold } from '../promotions/index.js';
import type { LatLngJson } from './orders.model.js';

/**
 * What orders and dispatch need from pricing, tracking, providers and eligibility (contract of
 * issue 4). Narrow on purpose: the real services satisfy these structurally, and orders never
 * import their internals.
 */
export interface QuoteLike {
  id: string;
  userId: string;
  cityId: string;
  serviceCode: string;
  serviceKind: string;
  origin: LatLngJson;
  destination: LatLngJson;
  stops: LatLngJson[];
  distanceMeters: number;
  durationSeconds: number;
  breakdown: { subtotalRials: bigint; discountRials: bigint; totalRials: bigint };
  priceRials: bigint;
  promotionId: string | null;
  hold: RedemptionHold | null;
  expiresAt: Date;
  usedAt: Date | null;
  orderId: string | null;
  changeOfOrderId: string | null;
  scheduledAt?: string | Date | null;
  waitingMinutes?: number;
}

export interface QuoteChangeRequest {
  order: { id: string; cityId: string; serviceCode: string; origin: LatLngJson; destination: LatLngJson; stops: LatLngJson[]; priceRials: bigint; startedAt?: Date | null };
  newDestination?: LatLngJson;
  addStop?: LatLngJson;
  waitingMinutes?: number;
}

export interface PricingPort {
  quote(userId: string, req: { serviceCode: string; cityId?: string; origin: LatLngJson; destination: LatLngJson; stops?: LatLngJson[] }): Promise<QuoteLike>;
  get(userId: string, quoteId: string): Promise<QuoteLike>;
  /** `get`, possibly from memory: only `usedAt` may be stale (the consumption is guarded in the database). */
  peek(userId: string, quoteId: string): Promise<QuoteLike>;
  consume(tx: DbOrTx, input: { userId: string; quoteId: string; orderId: string }): Promise<QuoteLike>;
  /** Throws the error for a quote that a statement built with `quoteConsumeCte` could not consume. */
  consumeRefused(db: DbOrTx, input: { userId: string; quoteId: string; orderId: string }): Promise<never>;
  /** Tells pricing a statement built with `quoteConsumeCte` consumed the quote. */
  consumed(quoteId: string): void;
  quoteChange(userId: string, req: QuoteChangeRequest): Promise<QuoteLike>;
  cancellationFeeRials(cityId: string, serviceCode: string): bigint;
  commissionPercent(cityId: string, serviceCode: string): number;
  freeWaitingSeconds(cityId: string, serviceCode: string): number;
}

export interface Candidate { providerId: string; lat: number; lng: number; distanceKm: number; etaSeconds: number; hasBox: boolean; priority: number; capacitySeats?: number }

export interface LiveHubPort {
  publish(channel: string, message: object): void;
  hasSubscribers?(channel: string): boolean;
  setAuthorizer(fn: (user: AuthUser, channel: string) => Promise<boolean>): void;
}

export interface TrackingPort {
  candidates(q: { cityId: string; lat: number; lng: number; serviceCode: string; k: number; maxKm?: number; exclude?: string[] }): Candidate[];
  setBusy(providerId: string, orderId: string | null): void;
  /** The order a provider is busy with in this process's memory, if any. */
  activeOrder(providerId: string): string | null;
  position(providerId: string): { lat: number; lng: number; at: Date } | null;
  live: LiveHubPort;
}

export interface ProviderProfileLike {
  userId: string;
  cityId: string;
  serviceCodes: string[];
  vehicle: { make?: string; model?: string; year?: number; plate?: string; colour?: string; capacitySeats?: number };
  hasBox: boolean;
  priority: number;
  status: string;
}

export interface ProvidersPort {
  get(userId: string): Promise<ProviderProfileLike | null>;
  requireActive(userId: string): Promise<ProviderProfileLike>;
}

export interface EligibilityPort {
  check(input: { serviceCode: string; cityId: string; customer?: { id: string }; provider?: { id: string } }): Promise<{ allowed: boolean; reasons: Array<{ ruleId: string; code: string; message: string }> }>;
}
