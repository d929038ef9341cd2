import { formatPercent } from './promotions.rules.js';
import type { GiftGrantRow, PromotionRow } from './promotions.tables.js';
import type { LocalizedText } from '../catalog/catalog.tables.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const str = (v: bigint | null) => (v === null ? null : v.toString());

/** The terms of a promotion as anyone allowed to see it sees them (amounts as strings of Rials). */
export function termsView(p: PromotionRow) {
  return {
    id: p.id,
    code: p.code,
    trigger: p.code ? 'code' as const : 'automatic' as const,
    audience: p.audience,
    benefit: {
      type: p.benefitType,
      percent: p.percentBasisPoints === null ? null : formatPercent(p.percentBasisPoints),
      maxDiscountRials: str(p.maxDiscountRials),
      amountRials: str(p.amountRials),
      giftValidDays: p.giftValidDays,
      giftExpiresAt: iso(p.giftExpiresAt),
    },
    serviceCodes: p.serviceCodes,
    cityIds: p.cityIds,
    minOrderRials: str(p.minOrderRials),
    conditions: p.conditions as unknown[],
    startsAt: iso(p.startsAt),
    endsAt: iso(p.endsAt),
    perUserLimit: p.perUserLimit,
    title: p.title,
    description: p.description ?? null,
  };
}

/** What ops see: the terms plus status, counters and bookkeeping. Also the audit snapshot. */
export function opsView(p: PromotionRow) {
  return {
    ...termsView(p),
    status: p.status,
    totalUsageLimit: p.totalUsageLimit,
    usedCount: p.usedCount,
    version: p.version,
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function grantView(g: GiftGrantRow & { title?: LocalizedText | null }) {
  return {
    id: g.id, promotionId: g.promotionId, title: g.title ?? null, amountRials: g.amountRials.toString(), expiresAt: iso(g.expiresAt),
    status: g.status, expiredRials: str(g.expiredRials), createdAt: g.createdAt.toISOString(),
  };
}
