import { z } from 'zod';
import { DOCUMENT_TYPES } from './onboarding.tables.js';

// Zod schemas of the onboarding API. Shapes are checked here; rules (plate, eligibility, dates) in the service with stable codes.

const text = (max: number) => z.string().min(1).max(max);
const ymd = z.string().max(10).describe('YYYY-MM-DD (Gregorian)');
export const fleetTypeSchema = z.enum(['motorcycle', 'car', 'van', 'truck', 'assistant']);
export const documentTypeSchema = z.enum(DOCUMENT_TYPES);

export const applicationBody = z.object({
  cityId: z.string().max(64).optional().describe('Defaults to the city in the profile'),
  fleetType: fleetTypeSchema,
  motorcycleKind: z.enum(['parcel', 'taxi', 'both']).optional().describe('Motorcycles: parcel courier, motorcycle taxi or both'),
  vehicle: z.object({
    make: text(60), model: text(60), modelYear: z.number().int().min(1300).max(2200).describe('Gregorian or Jalali (13xx/14xx)'),
    plate: text(40).describe('Iranian plate, e.g. "12 ب 345 ایران 67"; motorcycles "123-45678"'),
    colour: text(30), seats: z.number().int().min(1).max(60).describe('Seats from the vehicle card'),
  }).strict().optional(),
  moving: z.object({
    unionLicenceNumber: z.string().min(3).max(30), unionLicenceExpiresOn: ymd, companyName: z.string().min(2).max(120),
    companyRegistration: z.string().min(3).max(30), crewSize: z.number().int().min(1).max(50),
  }).strict().optional().describe('Moving companies (fleet type truck), PRV-9'),
  skills: z.array(z.string().max(40)).max(30).optional().describe('Errand assistants: errand category codes, PRV-10'),
  rulesAccepted: z.boolean(),
}).strict();

export const uploadBody = z.object({
  type: documentTypeSchema,
  fileName: z.string().max(200),
  contentBase64: z.string().max(12_000_000),
  expiresOn: ymd.nullable().optional().describe('Required for licences and insurance'),
}).strict();

export const idParam = z.object({ id: z.string().min(3).max(64) }).strict();
export const userIdParam = z.object({ userId: z.string().min(3).max(64) }).strict();
export const reasonBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export const guaranteeBody = z.object({
  amountRials: z.string().regex(/^[1-9]\d{0,15}$/).optional().describe('Defaults to onboarding.guaranteeAmountRials'),
  serial: z.string().trim().min(1).max(60),
  receivedOn: ymd,
}).strict();
export const listQuery = z.object({
  status: z.enum(['submitted', 'activated', 'rejected']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
}).strict();

export const vehicleView = z.object({
  make: z.string().optional(), model: z.string().optional(), year: z.number().optional(), plate: z.string().optional(),
  colour: z.string().optional(), capacitySeats: z.number().optional(),
});
export const applicationView = z.object({
  id: z.string(), userId: z.string(), cityId: z.string(), status: z.enum(['submitted', 'activated', 'rejected']),
  fleetType: fleetTypeSchema, motorcycleKind: z.enum(['parcel', 'taxi', 'both']).nullable(), serviceCodes: z.array(z.string()),
  vehicle: vehicleView, moving: z.object({ unionLicenceNumber: z.string(), unionLicenceExpiresOn: z.string(), companyName: z.string(), companyRegistration: z.string(), crewSize: z.number() }).nullable(),
  skills: z.array(z.string()), rulesAcceptedAt: z.string(), rejectionReason: z.string().nullable(), decidedAt: z.string().nullable(), createdAt: z.string(),
});
export const documentView = z.object({
  id: z.string(), userId: z.string(), type: documentTypeSchema, status: z.enum(['pending', 'approved', 'rejected', 'replaced']),
  expired: z.boolean(), expiresOn: z.string().nullable(), rejectionReason: z.string().nullable(), reviewedAt: z.string().nullable(), createdAt: z.string(),
});
export const guaranteeView = z.object({
  amountRials: z.string(), serial: z.string(), receivedOn: z.string(), receivedBy: z.string(), status: z.enum(['held', 'returned']), returnedAt: z.string().nullable(),
});
export const checklistView = z.object({
  complete: z.boolean(),
  items: z.array(z.object({
    key: z.enum(['profile', 'rules', 'terms', 'documents', 'guarantee']), ok: z.boolean(), types: z.array(documentTypeSchema).optional(),
    state: z.enum(['approved', 'pending', 'rejected', 'expired', 'missing']).optional(), reason: z.string().nullable().optional(),
  })),
});
export const onboardingView = z.object({
  application: applicationView.nullable(), documents: z.array(documentView), guarantee: guaranteeView.nullable(), checklist: checklistView.nullable(),
  /** PRV-1: document types required for the applicant's fleet type (each inner list: any one). */
  requiredDocuments: z.array(z.array(documentTypeSchema)),
});
export const opsOnboardingView = onboardingView.extend({
  user: z.object({ id: z.string(), mobile: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(), nationalId: z.string().nullable(), roles: z.array(z.string()), providerKind: z.string().nullable() }),
  provider: z.object({ status: z.enum(['active', 'inactive']), fleetType: z.string(), serviceCodes: z.array(z.string()) }).nullable(),
  defaultGuaranteeRials: z.string(),
});
export const applicationListView = z.object({
  items: z.array(applicationView.extend({ name: z.string(), mobile: z.string(), guaranteeHeld: z.boolean() })),
});
export const documentList = z.object({ items: z.array(documentView) });
export const expiryRunView = z.object({ reminded: z.number(), deactivated: z.number() });
