import { isRealDate, jalaliToGregorian } from '../../platform/time.js';
import type { FleetType } from '../providers/index.js';
import type { DocumentRow, DocumentType, GuaranteeRow } from './onboarding.tables.js';

/** What a document requirement looks like to the provider and to ops (PRV-3 checklist). */
export type RequirementState = 'approved' | 'pending' | 'rejected' | 'expired' | 'missing';

export interface ChecklistItem {
  key: 'profile' | 'rules' | 'terms' | 'documents' | 'guarantee';
  ok: boolean;
  /** For key 'documents': any one of these types satisfies the requirement. */
  types?: DocumentType[];
  state?: RequirementState;
  /** The rejection reason of the latest rejected document of the requirement. */
  reason?: string | null;
}

export interface Checklist {
  items: ChecklistItem[];
  /** Every item is satisfied: ops may activate. */
  complete: boolean;
}

const usable = (d: DocumentRow, today: string) => d.status === 'approved' && (!d.expiresOn || d.expiresOn >= today);

/** One requirement (a group of alternative types) against the user's documents, newest first. */
export function requirementState(types: readonly DocumentType[], docs: readonly DocumentRow[], today: string): { state: RequirementState; reason: string | null } {
  const mine = docs.filter((d) => types.includes(d.type));
  if (mine.some((d) => usable(d, today))) return { state: 'approved', reason: null };
  if (mine.some((d) => d.status === 'pending')) return { state: 'pending', reason: null };
  const latest = mine[0];
  if (latest?.status === 'rejected') return { state: 'rejected', reason: latest.rejectionReason };
  if (mine.some((d) => d.status === 'approved')) return { state: 'expired', reason: null };
  return { state: 'missing', reason: null };
}

/** The required groups not satisfied by an approved, unexpired document (PRV-2 deactivation). */
export function unmetRequirements(required: ReadonlyArray<readonly DocumentType[]>, docs: readonly DocumentRow[], today: string): DocumentType[][] {
  return required.filter((types) => requirementState(types, docs, today).state !== 'approved').map((t) => [...t]);
}

export function buildChecklist(input: {
  profileComplete: boolean; rulesAccepted: boolean; termsAccepted: boolean;
  required: ReadonlyArray<readonly DocumentType[]>; docs: readonly DocumentRow[];
  guarantee: GuaranteeRow | undefined | null; today: string;
}): Checklist {
  const items: ChecklistItem[] = [
    { key: 'profile', ok: input.profileComplete },
    { key: 'rules', ok: input.rulesAccepted },
    { key: 'terms', ok: input.termsAccepted },
    ...input.required.map((types): ChecklistItem => {
      const s = requirementState(types, input.docs, input.today);
      return { key: 'documents', ok: s.state === 'approved', types: [...types], state: s.state, reason: s.reason };
    }),
    { key: 'guarantee', ok: input.guarantee?.status === 'held' },
  ];
  return { items, complete: items.every((i) => i.ok) };
}

/** PRV-1: services a fleet type (and motorcycle kind) works in. */
export function serviceCodesFor(fleetType: FleetType, motorcycleKind: 'parcel' | 'taxi' | 'both' | null | undefined): string[] {
  switch (fleetType) {
    case 'motorcycle': return motorcycleKind === 'taxi' ? ['moto_ride'] : motorcycleKind === 'both' ? ['moto_parcel', 'moto_ride'] : ['moto_parcel'];
    case 'car': return ['car_ride'];
    case 'van': return ['van_parcel'];
    case 'truck': return ['moving'];
    case 'assistant': return ['errand'];
  }
}

/** ACC-7 provider kind granted at activation. */
export function providerKindFor(fleetType: FleetType, motorcycleKind: 'parcel' | 'taxi' | 'both' | null | undefined): 'driver' | 'courier' | 'mover_company' | 'assistant' {
  switch (fleetType) {
    case 'motorcycle': return motorcycleKind === 'taxi' ? 'driver' : 'courier';
    case 'car': return 'driver';
    case 'van': return 'courier';
    case 'truck': return 'mover_company';
    case 'assistant': return 'assistant';
  }
}

/** Names of document types in SMS texts. */
export const DOCUMENT_NAMES: Record<DocumentType, { fa: string; ar: string; en: string }> = {
  national_card: { fa: 'کارت ملی', ar: 'البطاقة الوطنية', en: 'national ID card' },
  birth_certificate: { fa: 'شناسنامه', ar: 'شهادة الميلاد', en: 'birth certificate' },
  vehicle_card: { fa: 'کارت خودرو', ar: 'بطاقة المركبة', en: 'vehicle card' },
  ownership_sheet: { fa: 'برگ سبز', ar: 'سند الملكية', en: 'ownership sheet' },
  driving_licence: { fa: 'گواهینامه رانندگی', ar: 'رخصة القيادة', en: 'driving licence' },
  motorcycle_licence: { fa: 'گواهینامه موتورسیکلت', ar: 'رخصة الدراجة النارية', en: 'motorcycle licence' },
  insurance: { fa: 'بیمه‌نامه', ar: 'وثيقة التأمين', en: 'insurance' },
  union_licence: { fa: 'پروانه اتحادیه', ar: 'ترخيص النقابة', en: 'union licence' },
  other: { fa: 'مدرک دیگر', ar: 'مستند آخر', en: 'other document' },
};

/** Types that carry an expiry date (PRV-2). */
export const EXPIRING_TYPES: readonly DocumentType[] = ['driving_licence', 'motorcycle_licence', 'insurance', 'union_licence'];

/** A requirement whose only approved documents have expired (PRV-2: this deactivates a provider). */
export function hasExpiredRequirement(required: ReadonlyArray<readonly DocumentType[]>, docs: readonly DocumentRow[], today: string): DocumentType | null {
  for (const types of required) {
    const mine = docs.filter((d) => types.includes(d.type));
    if (mine.some((d) => usable(d, today))) continue;
    const expired = mine.find((d) => d.status === 'approved');
    if (expired) return expired.type;
  }
  return null;
}

/** A day as the API accepts it: Gregorian YYYY-MM-DD or Jalali YYYY/MM/DD (as the web sends in Persian); null when not a real day. */
export function gregorianDay(text: string | null | undefined): string | null {
  if (!text) return null;
  if (/^\d{4}\/\d{2}\/\d{2}$/.test(text)) return jalaliToGregorian(text);
  return isRealDate(text) ? text : null;
}
