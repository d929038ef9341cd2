import { z } from 'zod';

/** A policy number or rule from SPEC.md: its schema, its default and who may scope it. */
export interface SettingDefinition<T = unknown> {
  schema: z.ZodType<T>;
  default: T;
  scopes: ReadonlyArray<'global' | 'city' | 'service'>;
  /** SPEC rule ids this setting implements. */
  rules: string[];
  description: string;
}

const rials = z.string().regex(/^\d{1,18}$/, 'an integer amount of Rials as a string');
const seconds = z.number().int().min(0).max(365 * 86400);
const percent = z.number().min(0).max(100);
const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/);
const G = ['global'] as const;
const GC = ['global', 'city'] as const;
const GCS = ['global', 'city', 'service'] as const;

function def<T>(schema: z.ZodType<T>, value: T, scopes: ReadonlyArray<'global' | 'city' | 'service'>, rules: string[], description: string): SettingDefinition<T> {
  return { schema, default: value, scopes, rules, description };
}

/** Every policy default of SPEC.md, editable by ops (OPS-2). Money is Rials (1 Toman = 10 Rials). */
export const SETTINGS = {
  'otp.ttlSeconds': def(seconds, 120, G, ['ACC-1'], 'A login code expires after this many seconds'),
  'otp.maxAttempts': def(z.number().int().min(1).max(20), 5, G, ['ACC-1'], 'Wrong tries allowed per code'),
  'otp.resendSeconds': def(seconds, 60, G, ['ACC-1'], 'Minimum gap between two codes to one mobile'),
  'otp.maxPerHour': def(z.number().int().min(1).max(100), 5, G, ['ACC-1'], 'Codes per mobile per hour'),
  'otp.maxPerIpPerHour': def(z.number().int().min(1).max(10000), 30, G, ['ACC-1'], 'Codes requested from one IP per hour'),
  'account.minAgeYears': def(z.number().int().min(0).max(120), 18, GC, ['ACC-1'], 'Minimum age in full years for a customer account'),
  'account.passwordMinLength': def(z.number().int().min(8).max(128), 8, G, ['ACC-4'], 'Minimum password length'),
  'account.passwordResetTtlSeconds': def(seconds, 900, G, ['ACC-4'], 'A password reset code or link expires after this'),
  'account.passwordMaxFailures': def(z.number().int().min(1).max(100), 5, G, ['ACC-4'], 'Failed password sign-ins per mobile before the lockout'),
  'account.passwordLockoutSeconds': def(z.number().int().min(60).max(86400), 900, G, ['ACC-4'], 'Window counting failed password sign-ins, and the lockout after too many'),
  'terms.requireAcceptanceBeforeOrder': def(z.boolean(), true, GC, ['ACC-9'], 'A new terms version must be accepted before the next order'),
  'kyc.requiredForPaymentOrders': def(z.boolean(), true, G, ['ACC-5', 'XPO-4'], 'KYC before cross-border payment orders'),

  'provider.guaranteeRials': def(rials, '200000000', GC, ['PRV-3'], 'Guarantee (promissory note) amount: 20,000,000 Toman'),
  'provider.documentExpiryReminderDays': def(z.number().int().min(0).max(90), 14, G, ['PRV-2'], 'Days before expiry to remind a provider'),
  'provider.guaranteeReturnEquipmentChargePercent': def(percent, 50, G, ['PRV-5'], 'Share of sign-up equipment price charged when taking back the guarantee'),
  'provider.penaltyRials': def(rials, '50000000', G, ['PAY-6'], 'Liquidated damages for false statements: 5,000,000 Toman'),

  'order.quoteTtlSeconds': def(seconds, 300, GCS, ['ORD-2'], 'A quote is valid for this long'),
  'order.freeWaitSeconds': def(seconds, 300, GCS, ['ORD-5'], 'The provider waits this long at pickup for free'),
  'order.cancellationFeeRials': def(rials, '150000', GCS, ['ORD-6'], 'Fee for cancelling after acceptance or arrival'),
  'parcel.maxDeclaredValueRials': def(rials, '50000000', GCS, ['ORD-8'], 'Declared value cap: 5,000,000 Toman'),
  'parcel.holdDays': def(z.number().int().min(0).max(60), 7, GC, ['ORD-10'], 'Days a provider holds a parcel the sender refused'),
  'dispatch.offerTimeoutSeconds': def(seconds, 15, GCS, ['ORD-11'], 'Seconds a provider has to accept an offer'),
  'dispatch.maxSpeedKmh': def(z.number().min(1).max(1000), 200, G, ['PRV-11'], 'Location jumps faster than this are rejected'),
  'fraud.selfDealingFareMultiplier': def(z.number().int().min(1).max(20), 4, G, ['FRD-1'], 'Fare multiple charged for self-dealing'),
  'payments.commissionPercent': def(percent, 15, GCS, ['PAY-3'], 'Platform commission per service'),
  'payments.topupMinRials': def(rials, '100000', G, ['PAY-1'], 'Smallest wallet top-up: 10,000 Toman'),
  'payments.topupMaxRials': def(rials, '1000000000', G, ['PAY-1'], 'Largest wallet top-up: 100,000,000 Toman (the gateway cap)'),
  'payments.reconcileAfterSeconds': def(seconds, 60, G, ['PAY-1'], 'A pending payment whose verify failed is verified again after this'),
  'payments.abandonAfterSeconds': def(seconds, 1800, G, ['PAY-1'], 'A payment with no callback is checked with the gateway after this'),
  'payments.linkTtlSeconds': def(seconds, 7 * 86400, G, ['PAY-5'], 'A payment link sent by SMS expires after this'),
  'payments.linkMaxRials': def(rials, '1000000000', G, ['PAY-5'], 'Largest charge a payment link may carry (the gateway cap)'),

  'promotions.defaultPerUserLimit': def(z.number().int().min(1).max(10000).nullable(), 1, G, ['PAY-4'], 'Uses per customer of a discount offer when ops do not set a limit (null: no limit)'),
  'promotions.giftExpiryJobSeconds': def(z.number().int().min(10).max(86400), 600, G, ['PAY-4'], 'How often expired gift credit is reversed'),

  'rewards.seasonMonths': def(z.array(z.number().int().min(1).max(12)), [2, 5, 8, 11], G, ['RWD-2'], 'First Gregorian month of each season'),
  'rewards.pointsPerTrip': def(z.number().int().min(0), 1, G, ['RWD-3'], 'Points per completed trip'),
  'rewards.peakBonusPoints': def(z.number().int().min(0), 3, G, ['RWD-3'], 'Extra points for a trip started in a peak window'),
  'rewards.tierThresholds': def(z.object({ gold: z.number().int(), platinum: z.number().int(), diamond: z.number().int() }), { gold: 100, platinum: 400, diamond: 800 }, G, ['RWD-5'], 'Points needed per tier'),
  'rewards.minRating': def(z.number().min(1).max(5), 4.8, G, ['RWD-5'], 'Minimum rating for Gold and above'),
  'rewards.maxCancellationPercent': def(percent, 4, G, ['RWD-5'], 'Maximum cancellation rate for Gold and above'),
  'rewards.ratingWindowTrips': def(z.number().int().min(1), 500, G, ['RWD-6'], 'Rated trips in the rating average'),
  'rewards.cancellationWindowDays': def(z.number().int().min(1), 30, G, ['RWD-6'], 'Days in the cancellation-rate window'),

  'errands.businessHours': def(z.object({ days: z.array(z.number().int().min(0).max(6)), from: hhmm, to: hhmm }), { days: [6, 0, 1, 2, 3], from: '08:00', to: '16:00' }, GC, ['ERR-2'], 'Phone channel hours (0 = Sunday, 6 = Saturday)'),
  'errands.minLeadDays': def(z.number().int().min(0), 1, G, ['ERR-1'], 'Minimum lead time in days'),
  'paymentOrders.slaWorkingHours': def(z.number().min(0), 2, G, ['XPO-5'], 'Working hours to fulfil a paid, verified order'),
} as const satisfies Record<string, SettingDefinition<any>>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'] extends infer D
  ? D extends string ? string : D extends number ? number : D extends boolean ? boolean : D
  : never;

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS, key);
}
