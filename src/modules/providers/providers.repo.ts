import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { providers, type NewProviderRow, type ProviderRow } from './providers.tables.js';

export async function providerById(db: DbOrTx, userId: string): Promise<ProviderRow | undefined> {
  const [row] = await db.select().from(providers).where(eq(providers.userId, userId)).limit(1);
  return row;
}

export async function providersByIds(db: DbOrTx, ids: string[]): Promise<ProviderRow[]> {
  if (!ids.length) return [];
  return db.select().from(providers).where(inArray(providers.userId, ids));
}

export async function insertProviders(db: DbOrTx, rows: NewProviderRow[]): Promise<void> {
  if (rows.length) await db.insert(providers).values(rows).onConflictDoNothing();
}
