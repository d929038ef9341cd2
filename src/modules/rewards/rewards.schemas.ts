import { z } from 'zod';

const tier = z.enum(['blue', 'gold', 'platinum', 'diamond']);
const seasonId = z.string().regex(/^\d{4}-\d{2}$/, 'a season id such as 2026-11');
const benefit = z.object({ dispatchPriority: z.number(), commissionDiscountPercent: z.number() });

export const seasonQuery = z.object({ seasonId: seasonId.optional() }).strict();

export const seasonReply = z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), startsOnJalali: z.string(), endsOnJalali: z.string() });
const historyReply = z.object({ seasonId: z.string(), from: tier, to: tier, reason: z.string(), points: z.number(), at: z.string() });

export const progressReply = z.object({
  season: seasonReply, isCurrentSeason: z.boolean(), optedOut: z.boolean(),
  points: z.number(), tripPoints: z.number(), adjustmentPoints: z.number(), trips: z.number(), peakTrips: z.number(),
  tier, tierSince: z.string().nullable(), tierByPoints: tier,
  nextTier: z.object({ tier, pointsNeeded: z.number(), pointsMissing: z.number() }).nullable(),
  tiers: z.array(z.object({ tier, minPoints: z.number(), benefits: benefit })),
  benefits: benefit,
  gates: z.object({
    rating: z.object({ value: z.number().nullable(), required: z.number(), met: z.boolean(), missing: z.number() }),
    cancellation: z.object({ valuePercent: z.number(), maxPercent: z.number(), met: z.boolean(), excessPercent: z.number() }),
    met: z.boolean(), ratedTrips: z.number(), ratingWindowTrips: z.number(), accepted: z.number(), cancelled: z.number(), cancellationWindowDays: z.number(),
  }),
  pointsPerTrip: z.number(), peakBonusPoints: z.number(),
  peakCalendar: z.array(z.object({ date: z.string(), jalali: z.string(), weekday: z.number(), windows: z.array(z.object({ from: z.string(), to: z.string(), startsAt: z.string() })) })),
  history: z.array(historyReply),
});

export const optOutReply = z.object({ optedOut: z.boolean() });

export const standingReply = z.object({
  providerId: z.string(), seasonId: z.string(), points: z.number(), tripPoints: z.number(), adjustmentPoints: z.number(),
  trips: z.number(), peakTrips: z.number(), tier, tierSince: z.string(),
});

export const standingsQuery = z.object({
  seasonId: seasonId.optional(), tier: tier.optional(), q: z.string().trim().min(1).max(60).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0), limit: z.coerce.number().int().min(1).max(200).default(50),
}).strict();
export const standingsReply = z.object({ season: seasonReply, total: z.number(), items: z.array(standingReply) });

export const adjustmentReply = z.object({
  id: z.string(), providerId: z.string(), seasonId: z.string(), kind: z.enum(['adjust', 'revoke']), orderId: z.string().nullable(),
  points: z.number(), reason: z.string(), actorId: z.string().nullable(), createdAt: z.string(),
});
const reason = z.string().trim().min(3).max(500);
export const adjustBody = z.object({
  providerId: z.string().min(1).max(60), seasonId: seasonId.optional(),
  points: z.number().int().min(-100_000).max(100_000).refine((n) => n !== 0, 'points must not be 0'), reason,
}).strict();
export const revokeBody = z.object({ orderId: z.string().min(1).max(60), reason }).strict();
export const adjustmentsQuery = z.object({ providerId: z.string().max(60).optional(), seasonId: seasonId.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export const providerParam = z.object({ providerId: z.string().min(1).max(60) }).strict();
export const providerDetailReply = z.object({
  providerId: z.string(), optedOut: z.boolean(), standing: standingReply.nullable(),
  quality: z.object({ rating: z.number().nullable(), ratedTrips: z.number(), accepted: z.number(), cancelled: z.number(), cancellationPercent: z.number() }),
  history: z.array(historyReply), adjustments: z.array(adjustmentReply),
});

export const programReply = z.object({
  seasonMonths: z.array(z.number()), pointsPerTrip: z.number(), peakBonusPoints: z.number(),
  peakWindows: z.array(z.object({ days: z.array(z.number()), from: z.string(), to: z.string() })),
  tierThresholds: z.object({ gold: z.number(), platinum: z.number(), diamond: z.number() }),
  minRating: z.number(), maxCancellationPercent: z.number(), ratingWindowTrips: z.number(), cancellationWindowDays: z.number(),
  tierBenefits: z.record(z.string(), benefit), orderKinds: z.array(z.string()),
  currentSeason: seasonReply,
  seasons: z.array(seasonReply.extend({ providers: z.number() })),
});

export const recomputeBody = z.object({ seasonId, reason }).strict();
export const recomputeReply = z.object({ seasonId: z.string(), changed: z.number(), equalBefore: z.boolean() });
