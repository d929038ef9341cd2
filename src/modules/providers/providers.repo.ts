import { and, eq, inArray } from 'drizzle-orm';
import { prepared, type DbOrTx, type Slots } from '../../platform/db.js';
import { providers, type NewProviderRow, type ProviderRow } from './providers.tables.js';

// Read at every acceptance and offer view of a provider whose cached profile has expired.
const byId = prepared((db, p: Slots<{ userId: string }>) => db.select().from(providers).where(eq(providers.userId, p.userId)).limit(1));

export async function providerById(db: DbOrTx, userId: string): Promise<ProviderRow | undefined> {
  const [row] = await byId(db, { userId });
  return row;
}

export async function providersByIds(db: DbOrTx, ids: string[]): Promise<ProviderRow[]> {
  if (!ids.length) return [];
  return db.select().from(providers).where(inArray(providers.userId, ids));
}

export async function insertProviders(db: DbOrTx, rows: NewProviderRow[]): Promise<void> {
  if (rows.length) await db.insert(providers).values(rows).onConflictDoNothing();
}

/** Partial update of a profile; returns the row after, or undefined when there is none. */
export async function updateProvider(db: DbOrTx, userId: string, set: Partial<NewProviderRow>): Promise<ProviderRow | undefined> {
  const [row] = await db.update(providers).set(set).where(eq(providers.userId, userId)).returning();
  return row;
}

/** Guarded status change: only from the expected status (two deciders cannot both act). */
export async function setProviderStatus(db: DbOrTx, userId: string, from: ProviderRow['status'], set: Pick<NewProviderRow, 'status' | 'statusReason'>): Promise<ProviderRow | undefined> {
  const [row] = await db.update(providers).set(set).where(and(eq(providers.userId, userId), eq(providers.status, from))).returning();
  return row;
}
