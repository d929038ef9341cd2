import type { ApplicationRow, DocumentRow, GuaranteeRow } from './onboarding.tables.js';

export const applicationJson = (a: ApplicationRow) => ({
  id: a.id, userId: a.userId, cityId: a.cityId, status: a.status, fleetType: a.fleetType, motorcycleKind: a.motorcycleKind ?? null,
  serviceCodes: a.serviceCodes, vehicle: a.vehicle ?? {}, moving: a.moving ?? null, skills: a.skills, rulesAcceptedAt: a.rulesAcceptedAt.toISOString(),
  rejectionReason: a.rejectionReason, decidedAt: a.decidedAt?.toISOString() ?? null, createdAt: a.createdAt.toISOString(),
});

export const documentJson = (d: DocumentRow, today: string) => ({
  id: d.id, userId: d.userId, type: d.type, status: d.status, expired: Boolean(d.expiresOn && d.expiresOn < today), expiresOn: d.expiresOn,
  rejectionReason: d.rejectionReason, reviewedAt: d.reviewedAt?.toISOString() ?? null, createdAt: d.createdAt.toISOString(),
});

export const guaranteeJson = (g: GuaranteeRow) => ({
  amountRials: g.amountRials.toString(), serial: g.serial, receivedOn: g.receivedOn, receivedBy: g.receivedBy, status: g.status,
  returnedAt: g.returnedAt?.toISOString() ?? null,
});
