import type { RequestDetail } from './provider-requests.service.js';
import type { ChangeRequestRow } from './provider-requests.tables.js';

export const requestJson = (r: ChangeRequestRow) => ({
  id: r.id, userId: r.userId, type: r.type, status: r.status, payload: r.payload, documentIds: r.documentIds, note: r.note,
  rejectReason: r.rejectReason, decidedAt: r.decidedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
});

/** The provider sees the timeline but not which agent acted. */
export const detailJson = (d: RequestDetail, staff: boolean) => ({
  ...requestJson(d.row), events: d.events.map((e) => ({ status: e.status, note: e.note, at: e.createdAt.toISOString(), actorId: staff ? e.actorId : null })),
});
