import { and, desc, eq, gt, ilike, isNull, lt, or, sql, count } from 'drizzle-orm';
import { prepared, queryRows, type DbOrTx, type Slots } from '../../platform/db.js';
import { guestRiders, otpCodes, refreshTokens, termsAcceptances, termsVersions, userDevices, users, passwordResets } from './identity.tables.js';

export type UserRow = typeof users.$inferSelect;

// Read on the first authenticated request of every user whose cached row has expired (see UserCache).
const userById = prepared((db, p: Slots<{ id: string }>) => db.select().from(users).where(eq(users.id, p.id)).limit(1));

/** Drizzle queries of the identity module; no business rules here. */
export const identityRepo = {
  userById: async (db: DbOrTx, id: string): Promise<UserRow | undefined> => (await userById(db, { id }))[0],
  userByMobile: async (db: DbOrTx, mobile: string) => (await db.select().from(users).where(eq(users.mobile, mobile)).limit(1))[0],
  userByEmail: async (db: DbOrTx, email: string) => (await db.select().from(users).where(eq(users.email, email)).limit(1))[0],
  userByNationalId: async (db: DbOrTx, nid: string) => (await db.select().from(users).where(eq(users.nationalId, nid)).limit(1))[0],
  /** The time zone of an active city, or undefined when there is no such city (a read of catalog reference data). */
  cityTimeZone: async (db: DbOrTx, cityId: string) =>
    (await queryRows<{ tz: string }>(db, sql`SELECT time_zone AS tz FROM cities WHERE id = ${cityId} AND active`))[0]?.tz,

  insertUser: async (db: DbOrTx, row: typeof users.$inferInsert) => (await db.insert(users).values(row).returning())[0],
  /** Inserts unless the mobile exists; returns the row either way (two first sign-ins at once). */
  insertUserIfAbsent: async (db: DbOrTx, row: typeof users.$inferInsert) => {
    const inserted = await db.insert(users).values(row).onConflictDoNothing({ target: users.mobile }).returning();
    return inserted[0] ?? (await db.select().from(users).where(eq(users.mobile, row.mobile)).limit(1))[0];
  },
  updateUser: async (db: DbOrTx, id: string, set: Partial<typeof users.$inferInsert>) =>
    (await db.update(users).set(set).where(eq(users.id, id)).returning())[0],
  /** Guarded status change: only when the account is in the expected status. */
  setStatus: async (db: DbOrTx, id: string, expected: 'active' | 'blocked', set: Partial<typeof users.$inferInsert>) =>
    (await db.update(users).set(set).where(and(eq(users.id, id), eq(users.status, expected))).returning())[0],
  searchUsers: async (db: DbOrTx, q: { text?: string; role?: string; status?: 'active' | 'blocked'; limit: number; offset: number }) => {
    const conds = [];
    if (q.text) {
      const like = `%${q.text.replace(/[%_\\]/g, '\\$&')}%`;
      conds.push(or(ilike(users.mobile, like), ilike(users.nationalId, like), ilike(users.firstName, like), ilike(users.lastName, like), eq(users.id, q.text)));
    }
    if (q.role) conds.push(sql`${q.role} = ANY(${users.roles})`);
    if (q.status) conds.push(eq(users.status, q.status));
    const where = conds.length ? and(...conds) : undefined;
    const [rows, total] = await Promise.all([
      db.select().from(users).where(where).orderBy(desc(users.createdAt), desc(users.id)).limit(q.limit).offset(q.offset),
      db.select({ n: count() }).from(users).where(where),
    ]);
    return { rows, total: Number(total[0]?.n ?? 0) };
  },

  /** Codes sent after `since` (strictly, so a retry-after of N seconds is honoured at exactly N). */
  otpSendStats: async (db: DbOrTx, mobile: string, ip: string | null, since: Date) => {
    const [lastRow] = await db.select({ createdAt: otpCodes.createdAt }).from(otpCodes).where(eq(otpCodes.mobile, mobile)).orderBy(desc(otpCodes.createdAt)).limit(1);
    const [perMobile] = await db.select({ n: count() }).from(otpCodes).where(and(eq(otpCodes.mobile, mobile), gt(otpCodes.createdAt, since)));
    const perIp = ip ? (await db.select({ n: count() }).from(otpCodes).where(and(eq(otpCodes.ip, ip), gt(otpCodes.createdAt, since))))[0] : { n: 0 };
    const oldestInWindow = await db.select({ createdAt: otpCodes.createdAt }).from(otpCodes).where(and(eq(otpCodes.mobile, mobile), gt(otpCodes.createdAt, since))).orderBy(otpCodes.createdAt).limit(1);
    return { last: lastRow?.createdAt, perMobile: Number(perMobile.n), perIp: Number(perIp.n), oldestInWindow: oldestInWindow[0]?.createdAt };
  },
  insertOtp: (db: DbOrTx, row: typeof otpCodes.$inferInsert) => db.insert(otpCodes).values(row),
  /** Older unused codes of a mobile stop working when a new one is sent. */
  retireOtps: (db: DbOrTx, mobile: string, purpose: string, at: Date) =>
    db.update(otpCodes).set({ consumedAt: at }).where(and(eq(otpCodes.mobile, mobile), eq(otpCodes.purpose, purpose), isNull(otpCodes.consumedAt))),
  latestOtp: async (db: DbOrTx, mobile: string, purpose: string) =>
    (await db.select().from(otpCodes).where(and(eq(otpCodes.mobile, mobile), eq(otpCodes.purpose, purpose))).orderBy(desc(otpCodes.createdAt), desc(otpCodes.id)).limit(1))[0],
  /**
   * Reserves one try of a code before it is compared, only while tries remain; returns the new count,
   * or undefined when none remain. Guesses sent in parallel therefore cannot exceed the limit.
   */
  reserveOtpAttempt: async (db: DbOrTx, id: string, max: number) =>
    (await db.update(otpCodes).set({ attempts: sql`${otpCodes.attempts} + 1` }).where(and(eq(otpCodes.id, id), lt(otpCodes.attempts, max))).returning({ attempts: otpCodes.attempts }))[0]?.attempts,
  /** Single use: only one caller can consume a code. */
  consumeOtp: async (db: DbOrTx, id: string, at: Date) =>
    (await db.update(otpCodes).set({ consumedAt: at }).where(and(eq(otpCodes.id, id), isNull(otpCodes.consumedAt))).returning({ id: otpCodes.id })).length === 1,

  insertRefresh: (db: DbOrTx, row: typeof refreshTokens.$inferInsert) => db.insert(refreshTokens).values(row),
  refreshByHash: async (db: DbOrTx, hash: string) => (await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash)).limit(1))[0],
  /** Guarded rotation: only one concurrent refresh of the same token wins. */
  rotateRefresh: async (db: DbOrTx, id: string, at: Date) =>
    (await db.update(refreshTokens).set({ rotatedAt: at }).where(and(eq(refreshTokens.id, id), isNull(refreshTokens.rotatedAt), isNull(refreshTokens.revokedAt))).returning({ id: refreshTokens.id })).length === 1,
  revokeFamily: (db: DbOrTx, familyId: string, at: Date) =>
    db.update(refreshTokens).set({ revokedAt: at }).where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt))),
  revokeAllOfUser: (db: DbOrTx, userId: string, at: Date) =>
    db.update(refreshTokens).set({ revokedAt: at }).where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt))),

  insertReset: (db: DbOrTx, row: typeof passwordResets.$inferInsert) => db.insert(passwordResets).values(row),
  latestReset: async (db: DbOrTx, userId: string) =>
    (await db.select().from(passwordResets).where(eq(passwordResets.userId, userId)).orderBy(desc(passwordResets.createdAt)).limit(1))[0],
  resetByHash: async (db: DbOrTx, hash: string) => (await db.select().from(passwordResets).where(eq(passwordResets.tokenHash, hash)).limit(1))[0],
  bumpResetAttempts: (db: DbOrTx, id: string) => db.update(passwordResets).set({ attempts: sql`${passwordResets.attempts} + 1` }).where(eq(passwordResets.id, id)),
  useReset: async (db: DbOrTx, id: string, at: Date) =>
    (await db.update(passwordResets).set({ usedAt: at }).where(and(eq(passwordResets.id, id), isNull(passwordResets.usedAt))).returning({ id: passwordResets.id })).length === 1,

  currentTerms: async (db: DbOrTx) => (await db.select().from(termsVersions).orderBy(desc(termsVersions.version)).limit(1))[0],
  insertTerms: (db: DbOrTx, row: typeof termsVersions.$inferInsert) => db.insert(termsVersions).values(row),
  hasAccepted: async (db: DbOrTx, userId: string, version: number) =>
    (await db.select({ v: termsAcceptances.version }).from(termsAcceptances).where(and(eq(termsAcceptances.userId, userId), eq(termsAcceptances.version, version))).limit(1)).length === 1,
  accept: (db: DbOrTx, userId: string, version: number, at: Date) =>
    db.insert(termsAcceptances).values({ userId, version, acceptedAt: at }).onConflictDoNothing(),

  guests: (db: DbOrTx, ownerId: string) => db.select().from(guestRiders).where(eq(guestRiders.ownerId, ownerId)).orderBy(desc(guestRiders.createdAt)),
  upsertGuest: async (db: DbOrTx, row: typeof guestRiders.$inferInsert) =>
    (await db.insert(guestRiders).values(row).onConflictDoUpdate({ target: [guestRiders.ownerId, guestRiders.mobile], set: { name: row.name } }).returning())[0],
  deleteGuest: async (db: DbOrTx, ownerId: string, id: string) =>
    (await db.delete(guestRiders).where(and(eq(guestRiders.id, id), eq(guestRiders.ownerId, ownerId))).returning({ id: guestRiders.id })).length === 1,

  touchDevice: (db: DbOrTx, userId: string, deviceId: string, at: Date) =>
    db.insert(userDevices).values({ userId, deviceId, firstSeenAt: at, lastSeenAt: at })
      .onConflictDoUpdate({ target: [userDevices.userId, userDevices.deviceId], set: { lastSeenAt: at } }),
};
