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
/** RWD-8: what one rewards tier gives (dispatch priority, percentage points off the commission). */
const tierBenefit = z.object({ dispatchPriority: z.number().int().min(0).max(100), commissionDiscountPercent: percent }).strict();
const G = ['global'] as const;
const GC = ['global', 'city'] as const;
const GCS = ['global', 'city', 'service'] as const;

/** ORD-2 tariff of one service in one city; the optional fields fall back to the order./payments. settings. */
const multiplier = z.number().min(0.1).max(10);
export const tariffSchema = z.object({
  baseRials: rials, perKmRials: rials, perMinuteRials: rials, minimumRials: rials, waitingPerMinuteRials: rials,
  /** 24 values, local hour 0..23 in the city's time zone */
  hourMultipliers: z.array(multiplier).length(24),
  /** 7 values, 0 = Sunday ... 6 = Saturday, in the city's time zone */
  weekdayMultipliers: z.array(multiplier).length(7),
  commissionPercent: percent.optional(),
  cancellationFeeRials: rials.optional(),
  freeWaitingMinutes: z.number().int().min(0).max(60).optional(),
  quoteTtlSeconds: z.number().int().min(30).max(3600).optional(),
}).strict();
export type Tariff = z.infer<typeof tariffSchema>;
// Tabriz-like: morning and evening peaks, a late-night premium, Thursday evening busier, Friday calmer.
const HOURS = [1.15, 1.15, 1.15, 1.15, 1.15, 1, 1, 1.2, 1.2, 1.1, 1, 1, 1, 1, 1, 1, 1.1, 1.2, 1.2, 1.2, 1.1, 1, 1, 1.1];
const WEEKDAYS = [1, 1, 1, 1, 1.05, 0.95, 1];
const tariffOf = (base: number, perKm: number, perMinute: number, minimum: number, waiting: number): Tariff => ({
  baseRials: String(base), perKmRials: String(perKm), perMinuteRials: String(perMinute), minimumRials: String(minimum),
  waitingPerMinuteRials: String(waiting), hourMultipliers: HOURS, weekdayMultipliers: WEEKDAYS,
});
const DEFAULT_TARIFFS: Record<string, Tariff> = {
  car_ride: tariffOf(150_000, 45_000, 8_000, 300_000, 10_000),
  moto_ride: tariffOf(80_000, 25_000, 4_000, 150_000, 5_000),
  moto_parcel: tariffOf(100_000, 28_000, 4_000, 180_000, 5_000),
  van_parcel: tariffOf(400_000, 90_000, 15_000, 800_000, 20_000),
};

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
  'kyc.maxUploadBytes': def(z.number().int().min(10_000).max(8_388_608), 2_097_152, G, ['ACC-5'], 'Largest national card photo accepted, in bytes'),
  'kyc.requirementDeadlineDays': def(z.number().int().min(1).max(365), 7, G, ['ACC-5'], 'Days a user has to verify when ops demand it (unless ops give a date)'),
  'companies.logoMaxBytes': def(z.number().int().min(10_000).max(8_388_608), 524_288, G, ['ACC-3'], 'Largest company logo accepted, in bytes'),

  'reviews.slaMinutes': def(z.record(z.string().regex(/^[a-z_]{2,40}$/), z.number().int().min(1).max(30 * 24 * 60)), {
    provider_application: 2880, provider_document: 1440, change_request: 1440, guarantee_return: 2880, equipment_order: 1440,
    kyc: 1440, company: 2880, payment_order: 120, errand: 240, claim: 4320, complaint: 2880,
  }, G, ['OPS-1'], 'Minutes an item may wait in a review queue before it counts as late, per queue kind'),
  'reviews.claimTtlMinutes': def(z.number().int().min(1).max(24 * 60), 60, G, ['OPS-1'], 'A claim on a review item lapses after this long, so a forgotten claim does not block the queue'),

  'provider.guaranteeRials': def(rials, '200000000', GC, ['PRV-3'], 'Guarantee (promissory note) amount: 20,000,000 Toman'),
  'provider.documentExpiryReminderDays': def(z.number().int().min(0).max(90), 14, G, ['PRV-2'], 'Days before expiry to remind a provider'),
  'provider.guaranteeReturnEquipmentChargePercent': def(percent, 50, G, ['PRV-5'], 'Share of sign-up equipment price charged when taking back the guarantee'),
  'provider.penaltyRials': def(rials, '50000000', G, ['PAY-6'], 'Liquidated damages for false statements: 5,000,000 Toman'),
  'claims.fileWithinDays': def(z.number().int().min(1).max(365), 7, G, ['CLM-1'], 'Days after delivery (or return) a sender may file a parcel damage claim'),
  'claims.maxPhotos': def(z.number().int().min(1).max(10), 5, G, ['CLM-1'], 'Photos one damage claim may carry'),
  'claims.maxUploadBytes': def(z.number().int().min(10_000).max(4_000_000), 2_000_000, G, ['CLM-1'], 'Largest damage photo accepted, in bytes (JPEG or PNG)'),

  'order.quoteTtlSeconds': def(seconds, 300, GCS, ['ORD-2'], 'A quote is valid for this long'),
  'order.freeWaitSeconds': def(seconds, 300, GCS, ['ORD-5'], 'The provider waits this long at pickup for free'),
  'order.cancellationFeeRials': def(rials, '150000', GCS, ['ORD-6'], 'Fee for cancelling after acceptance or arrival'),
  'parcel.maxDeclaredValueRials': def(rials, '50000000', GCS, ['ORD-8'], 'Declared value cap: 5,000,000 Toman'),
  'parcel.holdDays': def(z.number().int().min(0).max(60), 7, GC, ['ORD-10'], 'Days a provider holds a parcel the sender refused'),
  'order.passengerCapacity': def(z.record(z.string(), z.number().int().min(0).max(60)), { car_ride: 4, moto_ride: 1 }, GC, ['ORD-4'], 'Passenger seats per ride service code (a service not listed carries 1)'),
  'order.scheduleLeadMinutes': def(z.number().int().min(0).max(24 * 60), 15, GCS, ['ORD-17'], 'Dispatch of a scheduled order starts this many minutes before its time'),
  'order.scheduleMaxDays': def(z.number().int().min(1).max(90), 7, GC, ['ORD-17'], 'How far ahead an order may be scheduled'),
  'order.maxPaidWaitMinutes': def(z.number().int().min(0).max(240), 30, GCS, ['ORD-5'], 'Paid waiting time a customer may add to one order in total'),
  'parcel.forbiddenCategories': def(z.array(z.string().min(1).max(40)), ['cheques', 'bills_of_exchange', 'promissory_notes', 'securities', 'antiques', 'precious_items', 'alcohol', 'drugs', 'weapons', 'gambling_devices'], G, ['ORD-8'], 'Parcel content categories refused at order time'),
  'parcel.deliveryCodeTtlSeconds': def(seconds, 3600, G, ['ORD-9'], 'A delivery code SMSed to the recipient is valid this long'),
  'dispatch.searchLimitSeconds': def(seconds, 120, GCS, ['ORD-11'], 'An order no provider accepted within this time expires (the customer sees why)'),
  'dispatch.retrySeconds': def(z.number().int().min(1).max(600), 5, GCS, ['ORD-11'], 'With no candidate, search again after this long (until the search limit)'),
  'dispatch.offerFanout': def(z.number().int().min(1).max(500), 1, GCS, ['ORD-11'], 'Providers offered an order at once per round (1: one at a time; the first to accept wins)'),
  'dispatch.maxPickupKm': def(z.number().min(0.1).max(100), 10, GCS, ['ORD-11'], 'Candidates farther than this from the pickup are not offered the order'),
  'dispatch.offerTimeoutSeconds': def(seconds, 15, GCS, ['ORD-11'], 'Seconds a provider has to accept an offer'),
  'dispatch.maxSpeedKmh': def(z.number().min(1).max(1000), 200, G, ['PRV-11'], 'Location jumps faster than this are rejected'),
  'dispatch.mode': def(z.enum(['offer', 'batch']), 'offer', GC, ['ORD-11'], 'offer: each order goes to its best candidate in turn; batch: open orders are assigned together every batch interval (min total pickup)'),
  'dispatch.batchIntervalSeconds': def(z.number().int().min(1).max(300), 5, GC, ['ORD-11'], 'In batch mode, seconds between two assignment rounds'),
  'dispatch.batchParcelNoBoxPenaltyKm': def(z.number().min(0).max(100), 2, GCS, ['PRV-7'], 'In batch mode, a parcel counts this many extra pickup km for a courier without a delivery box'),
  'fraud.selfDealingFareMultiplier': def(z.number().int().min(1).max(20), 4, G, ['FRD-1'], 'Fare multiple charged for self-dealing'),
  'trips.contactWindowSeconds': def(seconds, 86400, GC, ['ORD-15', 'ORD-18'], 'Chat and masked calls stay open this long after a trip ends'),
  'trips.lostItemWindowSeconds': def(seconds, 7 * 86400, GC, ['ORD-15'], 'A lost item can be reported this long after a trip ends (it reopens the chat)'),
  'trips.maskedCallSessionSeconds': def(z.number().int().min(60).max(86400), 1800, G, ['ORD-18'], 'A relay number connects the two parties for this long'),
  'trips.ratingCommentMaxLength': def(z.number().int().min(0).max(2000), 500, G, ['ORD-14'], 'Longest rating comment, in characters'),
  'trips.shareMaxSeconds': def(z.number().int().min(600).max(7 * 86400), 12 * 3600, G, ['ORD-13'], 'A trip share link expires after this at the latest'),
  'trips.shareGraceSeconds': def(seconds, 300, G, ['ORD-13'], 'A share link keeps working this long after the trip ends'),
  'trips.shareEtaSpeedKmh': def(z.number().min(1).max(200), 25, GC, ['ORD-13'], 'Average speed behind the ETA shown on a share link'),
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
  'rewards.peakWindows': def(z.array(z.object({ days: z.array(z.number().int().min(0).max(6)).min(1), from: hhmm, to: hhmm }).strict()).max(20), [
    { days: [0, 1, 2, 3, 4], from: '06:00', to: '09:00' }, { days: [0, 1, 2, 3, 4], from: '15:00', to: '19:00' }, { days: [5], from: '19:00', to: '24:00' },
  ], GC, ['RWD-3'], 'Peak windows in local time, evaluated at trip start (0 = Sunday ... 6 = Saturday; to is exclusive)'),
  'rewards.tierBenefits': def(z.object({ blue: tierBenefit, gold: tierBenefit, platinum: tierBenefit, diamond: tierBenefit }).strict(), {
    blue: { dispatchPriority: 0, commissionDiscountPercent: 0 }, gold: { dispatchPriority: 1, commissionDiscountPercent: 1 },
    platinum: { dispatchPriority: 2, commissionDiscountPercent: 2 }, diamond: { dispatchPriority: 3, commissionDiscountPercent: 3 },
  }, G, ['RWD-8'], 'Benefits per tier: dispatch priority (higher first) and percentage points off the commission'),
  'rewards.orderKinds': def(z.array(z.enum(['ride', 'parcel', 'moving', 'errand'])), ['ride', 'parcel'], G, ['RWD-3'], 'Order kinds whose completed trips earn points'),

  'onboarding.maxUploadBytes': def(z.number().int().min(10_000).max(8_000_000), 2_000_000, G, ['PRV-2'], 'Largest document file a provider may upload (bytes, before base64)'),
  'onboarding.expiryReminderDays': def(z.number().int().min(1).max(90), 14, G, ['PRV-2'], 'Days before a document expires that the provider is reminded by SMS (once per document)'),
  'onboarding.guaranteeAmountRials': def(rials, '200000000', GC, ['PRV-3'], 'Default promissory-note guarantee (20,000,000 Toman)'),
  'onboarding.requiredDocuments': def(z.record(z.enum(['motorcycle', 'car', 'van', 'truck', 'assistant']), z.array(z.array(z.enum(['national_card', 'birth_certificate', 'vehicle_card', 'ownership_sheet', 'driving_licence', 'motorcycle_licence', 'insurance', 'union_licence', 'other'])).min(1))), {
    motorcycle: [['national_card', 'birth_certificate'], ['vehicle_card', 'ownership_sheet'], ['motorcycle_licence'], ['insurance']],
    car: [['national_card', 'birth_certificate'], ['vehicle_card', 'ownership_sheet'], ['driving_licence'], ['insurance']],
    van: [['national_card', 'birth_certificate'], ['vehicle_card', 'ownership_sheet'], ['driving_licence'], ['insurance']],
    truck: [['national_card', 'birth_certificate'], ['vehicle_card', 'ownership_sheet'], ['driving_licence'], ['insurance'], ['union_licence']],
    assistant: [['national_card', 'birth_certificate']],
  }, G, ['PRV-1', 'PRV-2', 'PRV-3'], 'Documents required per fleet type: each inner list is satisfied by an approved document of any one of its types'),
  'onboarding.vehicleRules': def(z.record(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/), z.object({ makes: z.array(z.string().min(1).max(60)).max(200), models: z.array(z.string().min(3).max(121)).max(500), minModelYear: z.number().int().min(1950).max(2100).nullable(), maxAgeYears: z.number().int().min(0).max(80).nullable() }).strict()), {
    car_ride: { makes: [], models: [], minModelYear: 2008, maxAgeYears: null },
    moto_ride: { makes: [], models: [], minModelYear: null, maxAgeYears: 10 },
  }, G, ['PRV-8'], 'Vehicle eligibility per service code: allowed makes, "make/model" pairs (empty = any), minimum model year or maximum age (Gregorian years)'),
  'errands.businessHours': def(z.object({ days: z.array(z.number().int().min(0).max(6)), from: hhmm, to: hhmm }), { days: [6, 0, 1, 2, 3], from: '08:00', to: '16:00' }, GC, ['ERR-2'], 'Phone channel hours (0 = Sunday, 6 = Saturday)'),
  'errands.minLeadDays': def(z.number().int().min(0), 1, G, ['ERR-1'], 'Minimum lead time in days'),
  'errands.followUpFeeRials': def(rials, '200000', GC, ['ERR-7'], 'Kept when an errand is cancelled after assignment, before the assistant is dispatched'),
  'errands.costSoFarPercent': def(z.object({ dispatched: percent, in_progress: percent }).strict(), { dispatched: 20, in_progress: 50 }, GC, ['ERR-7'], 'Cost so far by rule (percent of the price) when the assistant recorded none'),
  'errands.maxWantedDays': def(z.number().int().min(1).max(365), 60, G, ['ERR-1'], 'How far ahead a wanted date may be'),
  'errands.documentMaxBytes': def(z.number().int().min(1024).max(20_000_000), 5_000_000, G, ['ERR-4'], 'Largest uploaded errand document'),
  'paymentOrders.slaWorkingHours': def(z.number().min(0), 2, G, ['XPO-5'], 'Working hours to fulfil a paid, verified order'),
  'paymentOrders.workingHours': def(z.object({ days: z.array(z.number().int().min(0).max(6)).max(7), from: hhmm, to: hhmm }).strict(), { days: [6, 0, 1, 2, 3], from: '09:00', to: '17:00' }, G, ['XPO-5'], 'Fulfilment desk hours in Asia/Tehran (0 = Sunday, 6 = Saturday); the SLA clock runs only inside them'),
  'paymentOrders.holidays': def(z.array(z.string().regex(/^\d{4}\/\d{2}\/\d{2}$/)).max(400), ['1405/01/01', '1405/01/02', '1405/01/03', '1405/01/04', '1405/01/12', '1405/01/13', '1405/03/14', '1405/03/15', '1405/11/22', '1405/12/29'], G, ['XPO-5'], 'Jalali holidays (YYYY/MM/DD) on which the SLA clock stops'),
  'paymentOrders.feeTiers': def(z.array(z.object({ upToRials: rials.nullable(), fixedRials: rials, percent }).strict()).min(1).max(20), [
    { upToRials: '50000000', fixedRials: '1500000', percent: 0 }, { upToRials: '300000000', fixedRials: '2500000', percent: 1 }, { upToRials: null, fixedRials: '5000000', percent: 1.5 },
  ], G, ['XPO-3'], 'Service fee by converted amount: the first tier whose upToRials covers it (null = no limit) applies: fixed + percent of the amount'),
  'paymentOrders.currencies': def(z.array(z.string().regex(/^[A-Z]{3}$/)).min(1).max(40), ['USD', 'EUR', 'GBP', 'AED', 'TRY', 'CAD'], G, ['XPO-2'], 'Currencies customers may pay in'),
  'paymentOrders.quoteTtlSeconds': def(z.number().int().min(60).max(86400), 900, G, ['XPO-3'], 'A quote is honoured for this long (never past its rate\'s validity)'),
  'paymentOrders.minOrderRials': def(rials, '1000000', G, ['XPO-3'], 'Smallest order total'),
  'paymentOrders.maxOrderRials': def(rials, '1000000000', G, ['XPO-3'], 'Largest order total (the gateway cap)'),
  'paymentOrders.maxCartItems': def(z.number().int().min(1).max(50), 10, G, ['XPO-4'], 'Orders one cart may hold'),
  'paymentOrders.receiptMaxBytes': def(z.number().int().min(1024).max(6 * 1024 * 1024), 5 * 1024 * 1024, G, ['XPO-5'], 'Largest receipt file (PDF, PNG or JPEG)'),
  'paymentOrders.escalationMobiles': def(z.array(z.string().regex(/^09\d{9}$/)).max(20), [], G, ['XPO-5'], 'Ops mobiles told by SMS when an order breaches its SLA'),

  'pricing.tariffs': def(z.record(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/), tariffSchema), DEFAULT_TARIFFS, GC, ['ORD-2', 'ORD-5', 'ORD-6', 'PAY-3'], 'Tariff per service code (Rials): a city override replaces the global entry of the services it names'),
  'pricing.roadFactor': def(z.number().min(1).max(3), 1.3, GC, ['ORD-2'], 'Road distance = great-circle distance x this factor, when no routing server answers'),
  'pricing.speedKmh': def(z.number().min(5).max(120), 24, GC, ['ORD-2'], 'Average travel speed in the city, for durations without a routing server'),
  'pricing.roundingRials': def(rials, '1000', G, ['ORD-2'], 'Fares are rounded up to a multiple of this'),
  'pricing.maxStops': def(z.number().int().min(0).max(10), 3, G, ['ORD-3'], 'Intermediate stops allowed in one job'),
  'pricing.demandH3Resolution': def(z.number().int().min(5).max(10), 8, G, ['ORD-2'], 'H3 resolution of demand cells'),
  'pricing.demandKRing': def(z.number().int().min(0).max(3), 1, G, ['ORD-2'], 'Neighbouring rings of cells counted with a cell'),
  'pricing.demandSensitivity': def(z.number().min(0).max(5), 0.5, GC, ['ORD-2'], 'Multiplier = 1 + this x (open requests / idle providers - 1) when demand exceeds supply'),
  'pricing.demandMultiplierCap': def(z.number().min(1).max(5), 2, GC, ['ORD-2'], 'Highest demand multiplier'),
} as const satisfies Record<string, SettingDefinition<any>>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'] extends infer D
  ? D extends string ? string : D extends number ? number : D extends boolean ? boolean : D
  : never;

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS, key);
}
