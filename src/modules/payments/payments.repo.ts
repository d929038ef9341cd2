import { and, desc, eq, inArray, lt, or, isNull, isNotNull, sql, type SQL } from 'drizzle-orm';
import { definedKeys, preparedBy, rowSlots, rowValues, type DbOrTx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { paymentEvents, paymentLinks, payments, receipts, type PaymentLinkRow, type ReceiptRow, type PaymentRow, type PaymentStatus } from './payments.tables.js';

/** Drizzle queries of the payments module; no business rules here. */
export const paymentsRepo = {
  byId: async (db: DbOrTx, id: string): Promise<PaymentRow | undefined> =>
    (await db.select().from(payments).where(eq(payments.id, id)).limit(1))[0],

  insert: async (db: DbOrTx, row: typeof payments.$inferInsert) => (await db.insert(payments).values(row).returning())[0],

  /** Guarded transition: changes the row only from one of the expected statuses (races lose cleanly). */
  transition: async (db: DbOrTx, id: string, from: PaymentStatus[], set: Partial<typeof payments.$inferInsert>) =>
    (await db.update(payments).set(set).where(and(eq(payments.id, id), inArray(payments.status, from))).returning())[0],

  update: async (db: DbOrTx, id: string, set: Partial<typeof payments.$inferInsert>) =>
    (await db.update(payments).set(set).where(eq(payments.id, id)).returning())[0],

  countVerifyAttempt: async (db: DbOrTx, id: string, at: Date) =>
    db.update(payments).set({ verifyAttempts: sql`${payments.verifyAttempts} + 1`, updatedAt: at }).where(eq(payments.id, id)),

  list: async (db: DbOrTx, q: { userId?: string; status?: PaymentStatus; linkId?: string; before?: string; limit: number }) => {
    const where: SQL[] = [];
    if (q.userId) where.push(eq(payments.userId, q.userId));
    if (q.status) where.push(eq(payments.status, q.status));
    if (q.linkId) where.push(eq(payments.linkId, q.linkId));
    if (q.before) where.push(lt(payments.id, q.before));
    return db.select().from(payments).where(where.length ? and(...where) : undefined).orderBy(desc(payments.id)).limit(q.limit);
  },

  /** Pending payments worth asking the gateway about: a verify failed after an OK callback, or no callback came at all. */
  dueForReconcile: async (db: DbOrTx, q: { retryBefore: Date; abandonedBefore: Date; limit: number }) =>
    db.select().from(payments).where(and(eq(payments.status, 'pending'), or(
      and(isNotNull(payments.callbackAt), lt(payments.updatedAt, q.retryBefore)),
      and(isNull(payments.callbackAt), lt(payments.createdAt, q.abandonedBefore)),
    ))).orderBy(payments.updatedAt).limit(q.limit),

  addEvent: async (db: DbOrTx, paymentId: string, kind: string, data: Record<string, unknown>, at: Date) =>
    db.insert(paymentEvents).values({ id: newId('evt', at.getTime()), paymentId, kind, data, createdAt: at }),

  events: async (db: DbOrTx, paymentId: string) =>
    db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, paymentId)).orderBy(paymentEvents.createdAt, paymentEvents.id),
};

export const linksRepo = {
  byId: async (db: DbOrTx, id: string): Promise<PaymentLinkRow | undefined> =>
    (await db.select().from(paymentLinks).where(eq(paymentLinks.id, id)).limit(1))[0],
  byCode: async (db: DbOrTx, code: string): Promise<PaymentLinkRow | undefined> =>
    (await db.select().from(paymentLinks).where(eq(paymentLinks.code, code)).limit(1))[0],
  insert: async (db: DbOrTx, row: typeof paymentLinks.$inferInsert) => (await db.insert(paymentLinks).values(row).returning())[0],
  update: async (db: DbOrTx, id: string, set: Partial<typeof paymentLinks.$inferInsert>) =>
    (await db.update(paymentLinks).set(set).where(eq(paymentLinks.id, id)).returning())[0],
  /** Guarded: only an open link changes. */
  closeIfOpen: async (db: DbOrTx, id: string, set: Partial<typeof paymentLinks.$inferInsert>) =>
    (await db.update(paymentLinks).set(set).where(and(eq(paymentLinks.id, id), eq(paymentLinks.status, 'open'))).returning())[0],
  list: async (db: DbOrTx, q: { userId?: string; status?: 'open' | 'paid' | 'cancelled'; before?: string; limit: number }) => {
    const where: SQL[] = [];
    if (q.userId) where.push(eq(paymentLinks.userId, q.userId));
    if (q.status) where.push(eq(paymentLinks.status, q.status));
    if (q.before) where.push(lt(paymentLinks.id, q.before));
    return db.select().from(paymentLinks).where(where.length ? and(...where) : undefined).orderBy(desc(paymentLinks.id)).limit(q.limit);
  },
};

const insertReceipt = preparedBy<Omit<typeof receipts.$inferInsert, 'number'>, ReceiptRow[]>(
  (row) => definedKeys(row).join(','),
  (db, p, row) => db.insert(receipts)
    .values({ ...rowSlots(p, row, ''), number: sql`'R' || lpad(nextval('receipt_number_seq')::text, 8, '0')` as unknown as string })
    .onConflictDoNothing({ target: receipts.ledgerTransferId }).returning(),
  (row) => rowValues(receipts, row, ''),
);

export const receiptsRepo = {
  byId: async (db: DbOrTx, id: string) => (await db.select().from(receipts).where(eq(receipts.id, id)).limit(1))[0],
  byTransfer: async (db: DbOrTx, ledgerTransferId: string) =>
    (await db.select().from(receipts).where(eq(receipts.ledgerTransferId, ledgerTransferId)).limit(1))[0],
  /** Inserts once per ledger transfer; the number comes from a sequence (gaps are fine, duplicates impossible). */
  insertOnce: async (db: DbOrTx, row: Omit<typeof receipts.$inferInsert, 'number'>) => {
    const inserted = await insertReceipt(db, row);
    return inserted[0] ?? (await db.select().from(receipts).where(eq(receipts.ledgerTransferId, row.ledgerTransferId)).limit(1))[0];
  },
  list: async (db: DbOrTx, q: { userId: string; before?: string; limit: number }) =>
    db.select().from(receipts).where(q.before ? and(eq(receipts.userId, q.userId), lt(receipts.id, q.before)) : eq(receipts.userId, q.userId))
      .orderBy(desc(receipts.id)).limit(q.limit),
};
