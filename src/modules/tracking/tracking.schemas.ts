import { z } from 'zod';

export const MAX_POINTS_PER_BATCH = 500;

export const latLng = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict();
export const locationPoint = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  /** When the device took the fix (ISO 8601). */
  at: z.iso.datetime({ offset: true }),
}).strict();
export const locationsBody = z.object({ points: z.array(locationPoint).min(1).max(MAX_POINTS_PER_BATCH) }).strict();
export type LocationPoint = z.infer<typeof locationPoint>;

export const presenceReply = z.object({
  providerId: z.string(),
  cityId: z.string(),
  state: z.enum(['offline', 'idle', 'busy']),
  orderId: z.string().nullable(),
  position: z.object({ lat: z.number(), lng: z.number(), at: z.string() }).nullable(),
});
export const ingestReply = z.object({ accepted: z.number().int(), rejected: z.number().int() });

export const vehicleReply = z.object({
  make: z.string().optional(), model: z.string().optional(), year: z.number().optional(), plate: z.string().optional(),
  colour: z.string().optional(), capacitySeats: z.number().optional(),
});
export const providerMeReply = z.object({
  profile: z.object({
    userId: z.string(), cityId: z.string(), fleetType: z.enum(['car', 'motorcycle', 'van', 'truck', 'assistant']), serviceCodes: z.array(z.string()),
    vehicle: vehicleReply, hasBox: z.boolean(), priority: z.number().int(), status: z.enum(['active', 'inactive']),
  }),
  presence: presenceReply,
});

export const opsLiveQuery = z.object({ cityId: z.string().min(1).max(64) }).strict();
export const opsLiveReply = z.object({
  cityId: z.string(),
  online: z.number().int(),
  idle: z.number().int(),
  busy: z.number().int(),
  providers: z.array(z.object({
    providerId: z.string(), state: z.enum(['idle', 'busy']), orderId: z.string().nullable(), lat: z.number(), lng: z.number(), at: z.string(),
    fleetType: z.string(), serviceCodes: z.array(z.string()), hasBox: z.boolean(),
  })),
});
