/** The order model shared by every kind: statuses, kinds, and the transition table per kind. */
export type OrderKind = 'ride' | 'parcel' | 'moving' | 'errand';
export type OrderStatus = 'scheduled' | 'requested' | 'offered' | 'accepted' | 'arrived' | 'in_progress' | 'completed' | 'cancelled'
  | 'no_show' | 'expired' | 'returning' | 'returned';
export type ActorRole = 'customer' | 'provider' | 'ops' | 'system';

export const ORDER_KINDS: readonly OrderKind[] = ['ride', 'parcel', 'moving', 'errand'];
export const TERMINAL: ReadonlySet<OrderStatus> = new Set(['completed', 'cancelled', 'no_show', 'expired', 'returned']);
/** Statuses in which the order occupies its provider (one active job per provider). */
export const ACTIVE_JOB: readonly OrderStatus[] = ['accepted', 'arrived', 'in_progress', 'returning'];
/** Statuses of an order still looking for a provider. */
export const SEARCHING: readonly OrderStatus[] = ['requested', 'offered'];

type Table = Partial<Record<OrderStatus, readonly OrderStatus[]>>;

const BASE: Table = {
  scheduled: ['requested', 'cancelled'],
  requested: ['offered', 'cancelled', 'expired'],
  // offered -> requested: every offer of a round was rejected or timed out, search goes on.
  offered: ['accepted', 'requested', 'cancelled', 'expired'],
  // accepted -> requested: ops hand-over (PRV-12) or provider drop-out puts the job back to dispatch.
  accepted: ['arrived', 'in_progress', 'cancelled', 'requested', 'accepted'],
  arrived: ['in_progress', 'cancelled', 'no_show', 'requested', 'arrived'],
  in_progress: ['completed', 'cancelled', 'in_progress'],
};

/** ORD-10: a parcel may go back to its sender; moving and errands reuse the ride/parcel table for now. */
export const TRANSITIONS: Record<OrderKind, Table> = {
  ride: BASE,
  parcel: { ...BASE, in_progress: [...BASE.in_progress!, 'returning'], returning: ['returned', 'returning'] },
  moving: BASE,
  errand: BASE,
};

export function canTransition(kind: OrderKind, from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[kind][from]?.includes(to) ?? false;
}

/** The statuses an order of `kind` may move to `to` from. */
export function sourcesOf(kind: OrderKind, to: OrderStatus): OrderStatus[] {
  return (Object.entries(TRANSITIONS[kind]) as Array<[OrderStatus, readonly OrderStatus[]]>).filter(([, tos]) => tos.includes(to)).map(([from]) => from);
}

export interface LatLngJson { lat: number; lng: number }

export interface ParcelDetails {
  category: string;
  contents: string | null;
  contentsVisible: boolean;
  declaredValueRials: string;
  recipient: { name: string; mobile: string; address: string };
  identityCheck: boolean;
  unusualCargo: string | null;
}

export interface ProofOfDelivery {
  method: 'code' | 'signature';
  fileId: string | null;
  signerName: string | null;
  damage: string | null;
  recipientPaid: boolean | null;
  at: string;
}
