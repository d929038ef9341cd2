import { z } from 'zod';
import { tariffSchema } from '../catalog/settings.definitions.js';

// Ranges are checked by the service (COORDINATES_INVALID), so a bad point answers with its own code.
export const latLng = z.object({ lat: z.number(), lng: z.number() }).strict();
const serviceCode = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);

export const quoteBody = z.object({
  serviceCode,
  cityId: z.string().max(64).optional(),
  origin: latLng,
  destination: latLng,
  stops: z.array(latLng).max(10).optional(),
  scheduledAt: z.string().datetime({ offset: true }).optional(),
  promoCode: z.string().max(40).optional(),
  waitingMinutes: z.number().int().min(0).max(120).optional(),
}).strict();
export type QuoteBody = z.infer<typeof quoteBody>;

const localized = z.object({ fa: z.string(), ar: z.string(), en: z.string() });
const point = z.object({ lat: z.number(), lng: z.number() });
export const breakdownReply = z.object({
  baseRials: z.string(), distanceRials: z.string(), timeRials: z.string(), zoneSurchargeRials: z.string(), waitingRials: z.string(),
  timeMultiplier: z.number(), demandMultiplier: z.number(), minimumApplied: z.boolean(),
  subtotalRials: z.string(), discountRials: z.string(), totalRials: z.string(),
  previousRials: z.string().optional(), changeRials: z.string().optional(),
});
export const quoteReply = z.object({
  id: z.string(), serviceCode: z.string(), serviceKind: z.string(), cityId: z.string(),
  origin: point, destination: point, stops: z.array(point), distanceMeters: z.number(), durationSeconds: z.number(),
  breakdown: breakdownReply, priceRials: z.string(), expiresAt: z.string(), scheduledAt: z.string().nullable(), waitingMinutes: z.number(),
  promotion: z.object({ id: z.string(), title: localized.nullable() }).nullable(),
  usedAt: z.string().nullable(), changeOfOrderId: z.string().nullable(),
});
export const quoteIdParam = z.object({ id: z.string().max(64) }).strict();

export const tariffParams = z.object({ cityId: z.string().max(64), serviceCode }).strict();
export const tariffBody = z.object({ tariff: tariffSchema, reason: z.string().trim().min(1).max(500) }).strict();
export const tariffReply = z.object({
  cityId: z.string(), serviceCode: z.string(), source: z.enum(['city', 'global', 'default']), tariff: tariffSchema,
  effective: z.object({ commissionPercent: z.number(), cancellationFeeRials: z.string(), waitingFeePerMinuteRials: z.string(), freeWaitingMinutes: z.number(), quoteTtlSeconds: z.number() }),
});
export const demandQuery = z.object({ cityId: z.string().max(64) }).strict();
export const demandReply = z.object({
  cityId: z.string(), resolution: z.number(), kRing: z.number(), cap: z.number(), signals: z.boolean(),
  cells: z.array(z.object({ cell: z.string(), open: z.number(), idle: z.number(), multiplier: z.number() })),
});
