import type { DbOrTx } from '../../platform/db.js';
import { xpoFxRates } from './payment-orders.tables.js';

/** Demo rates (XPO-3), valid for a year from seeding, so a fresh demo can quote at once; ops replace them. */
const DEMO_RATES: Array<[string, string]> = [['USD', '1050000'], ['EUR', '1150000'], ['GBP', '1330000'], ['AED', '286000'], ['TRY', '25000'], ['CAD', '760000']];

export async function seedPaymentOrdersDemo(tx: DbOrTx, now: Date): Promise<void> {
  const until = new Date(now.getTime() + 365 * 86_400_000);
  await tx.insert(xpoFxRates).values(DEMO_RATES.map(([currency, rate]) => ({
    id: `fxr_demo_${currency.toLowerCase()}`, currency, rialsPerUnit: rate, validFrom: now, validUntil: until, createdBy: null, createdAt: now,
  })));
}
