import { z } from 'zod';

const id = z.string().min(3).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const note = z.string().trim().max(500).optional();
const documentIds = z.array(id).max(10).describe('ids of your uploaded documents (POST /v1/provider/documents)');

export const idParam = z.object({ id }).strict();
export const requestStatus = z.enum(['submitted', 'approved', 'rejected', 'cancelled']);
export const vehicleBody = z.object({
  make: text(60), model: text(60), modelYear: z.number().int().min(1300).max(2200).describe('Gregorian or Jalali (13xx/14xx)'),
  plate: text(40), colour: text(30), seats: z.number().int().min(1).max(60),
}).strict();

export const mobileCodeBody = z.object({ mobile: z.string().min(1).max(32) }).strict();
export const mobileCodeReply = z.object({ mobile: z.string(), expiresInSeconds: z.number(), resendInSeconds: z.number() });

export const submitBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mobile'), newMobile: z.string().min(1).max(32), code: z.string().regex(/^\d{6}$/), note }).strict(),
  z.object({ type: z.literal('fleet'), fleetType: z.enum(['motorcycle', 'van', 'car']), motorcycleKind: z.enum(['parcel', 'taxi', 'both']).optional(), vehicle: vehicleBody.optional(), documentIds: documentIds.default([]), note }).strict(),
  z.object({ type: z.literal('vehicle'), vehicle: vehicleBody, documentIds: documentIds.min(1), note }).strict(),
  z.object({ type: z.literal('documents'), documentIds: documentIds.min(1), note }).strict(),
]);

export const listQuery = z.object({ status: requestStatus.optional() }).strict();
export const rejectBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict();

const vehicleView = z.object({ make: z.string().optional(), model: z.string().optional(), year: z.number().optional(), plate: z.string().optional(), colour: z.string().optional(), capacitySeats: z.number().optional() });
const eventView = z.object({ status: z.string(), note: z.string().nullable(), at: z.string(), actorId: z.string().nullable() });
export const requestView = z.object({
  id: z.string(), userId: z.string(), type: z.enum(['mobile', 'fleet', 'vehicle', 'documents']), status: requestStatus,
  payload: z.object({ newMobile: z.string().optional(), fleetType: z.string().optional(), motorcycleKind: z.string().nullable().optional(), serviceCodes: z.array(z.string()).optional(), vehicle: vehicleView.optional() }),
  documentIds: z.array(z.string()), note: z.string().nullable(), rejectReason: z.string().nullable(), decidedAt: z.string().nullable(), createdAt: z.string(),
});
export const requestDetail = requestView.extend({ events: z.array(eventView) });
export const opsRequestDetail = requestDetail.extend({
  documents: z.array(z.object({ id: z.string(), type: z.string(), status: z.string(), expiresOn: z.string().nullable() })),
});
