import type { DbOrTx } from '../../platform/db.js';
import { errandAssistants, errandServices, type Names } from './errands.tables.js';

const n = (fa: string, ar: string, en: string): Names => ({ fa, ar, en });
const NATIONAL_CARD = n('کارت ملی', 'البطاقة الوطنية', 'National ID card');

/** ERR-1 / ERR-6: a small demo catalogue, and the demo assistant's skills (PRV-10). */
export async function seedErrandsDemo(tx: DbOrTx, now: Date, assistantId: string | null): Promise<void> {
  await tx.insert(errandServices).values([
    {
      code: 'vehicle_transfer', category: 'vehicle', names: n('انجام امور نقل و انتقال خودرو', 'معاملات نقل ملكية السيارة', 'Vehicle transfer paperwork'),
      priceMode: 'quote', baseRials: 0n, perItemRials: 0n, leadDays: 3, powerOfAttorney: true, volumeTiers: [], active: true, sortOrder: 1, updatedAt: now,
      requiredDocuments: [NATIONAL_CARD, n('کارت خودرو', 'بطاقة السيارة', 'Vehicle card'), n('سند مالکیت', 'سند الملكية', 'Ownership deed')],
    },
    {
      code: 'bill_payment', category: 'bills', names: n('پرداخت قبض', 'دفع الفواتير', 'Bill payment'),
      priceMode: 'rule', baseRials: 500_000n, perItemRials: 100_000n, leadDays: 1, powerOfAttorney: false, active: true, sortOrder: 2, updatedAt: now,
      requiredDocuments: [n('تصویر قبض', 'صورة الفاتورة', 'Copy of the bill')],
      volumeTiers: [{ minQuantity: 5, percentOff: 10 }, { minQuantity: 10, percentOff: 20 }],
    },
    {
      code: 'document_pickup', category: 'documents', names: n('دریافت مدارک از اداره', 'استلام المستندات من الدائرة', 'Document pickup from an office'),
      priceMode: 'rule', baseRials: 1_500_000n, perItemRials: 200_000n, leadDays: 2, powerOfAttorney: false, active: true, sortOrder: 3, updatedAt: now,
      requiredDocuments: [NATIONAL_CARD, n('رسید تحویل', 'إيصال الاستلام', 'Pickup receipt')],
      volumeTiers: [{ minQuantity: 3, percentOff: 5 }],
    },
  ]);
  if (assistantId) await tx.insert(errandAssistants).values({ userId: assistantId, categories: ['vehicle', 'bills', 'documents'], active: true, updatedAt: now });
}
