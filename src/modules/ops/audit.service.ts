import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import type { Clock } from '../../platform/time.js';
import { auditLog } from './ops.tables.js';

/** Who did something, as the audit log records it. */
export interface Actor {
  id: string | null;
  roles: string[];
  ip?: string;
}

export interface AuditEntryInput {
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface AuditQuery {
  actorId?: string;
  targetType?: string;
  targetId?: string;
  action?: string;
  before?: string; // cursor: entries older than this id
  limit: number;
}

/** OPS-4 / FRD-3: an append-only record of every ops action (the table refuses UPDATE and DELETE). */
export class AuditService {
  constructor(private readonly clock: Clock) {}

  /** Records an entry inside the caller's transaction, so the action and its record commit together. */
  async record(tx: DbOrTx, actor: Actor, entry: AuditEntryInput): Promise<string> {
    const id = newId('aud');
    await tx.insert(auditLog).values({
      id,
      actorId: actor.id,
      actorRoles: actor.roles,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      before: toJson(entry.before),
      after: toJson(entry.after),
      reason: entry.reason ?? null,
      ip: actor.ip ?? null,
      createdAt: this.clock.now(),
    });
    return id;
  }

  async search(db: DbOrTx, q: AuditQuery) {
    const where: SQL[] = [];
    if (q.actorId) where.push(eq(auditLog.actorId, q.actorId));
    if (q.targetType) where.push(eq(auditLog.targetType, q.targetType));
    if (q.targetId) where.push(eq(auditLog.targetId, q.targetId));
    if (q.action) where.push(eq(auditLog.action, q.action));
    if (q.before) where.push(lt(auditLog.id, q.before));
    const rows = await db.select().from(auditLog).where(where.length ? and(...where) : undefined).orderBy(desc(auditLog.id)).limit(q.limit);
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  }
}

/** JSON-safe copy: bigints become strings, dates ISO strings. */
function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
