import type { DbOrTx } from '../../platform/db.js';
import { shopItems } from './shop.tables.js';

/** A small demo catalogue (PRV-6): the delivery box sets the PRV-7 flag when delivered. */
export async function seedShopDemo(tx: DbOrTx, now: Date): Promise<void> {
  await tx.insert(shopItems).values([
    { id: 'shi_demo_box', code: 'box', nameFa: 'باکس حمل مرسوله', nameEn: 'Delivery box', priceRials: 25_000_000n, inStock: true, active: true, isBox: true, sort: 1, createdAt: now, updatedAt: now },
    { id: 'shi_demo_jacket', code: 'jacket', nameFa: 'کاپشن پیک', nameEn: 'Courier jacket', priceRials: 18_000_000n, inStock: true, active: true, isBox: false, sort: 2, createdAt: now, updatedAt: now },
    { id: 'shi_demo_helmet', code: 'helmet', nameFa: 'کلاه ایمنی', nameEn: 'Helmet', priceRials: 12_000_000n, inStock: true, active: true, isBox: false, sort: 3, createdAt: now, updatedAt: now },
  ]);
}
