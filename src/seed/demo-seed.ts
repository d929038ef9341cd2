import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db.js';
import { queryRows } from '../platform/db.js';
import { cities, services, zones, type GeoJsonPolygon } from '../modules/catalog/catalog.tables.js';
import { users, termsVersions } from '../modules/identity/identity.tables.js';
import { withNationalIdCheckDigit } from '../modules/identity/national-id.js';
import { providers } from '../modules/providers/providers.tables.js';
import { seedErrandsDemo } from '../modules/errands/errands.seed.js';
import { seedShopDemo } from '../modules/shop/shop.seed.js';
import { seedPaymentOrdersDemo } from '../modules/payment-orders/payment-orders.seed.js';

/** The demo city and accounts created on first start (`npm start`), listed on the sign-in page. */
export const DEMO_ACCOUNTS = [
  { id: 'usr_demo_ops_admin', mobile: '09120000001', firstName: 'مریم', lastName: 'احمدی', roles: ['ops_admin', 'ops_agent'], label: { fa: 'مدیر عملیات', ar: 'مدير العمليات', en: 'Ops admin' } },
  { id: 'usr_demo_ops_agent', mobile: '09120000002', firstName: 'رضا', lastName: 'کریمی', roles: ['ops_agent'], label: { fa: 'کارشناس عملیات', ar: 'موظف العمليات', en: 'Ops agent' } },
  { id: 'usr_demo_finance', mobile: '09120000003', firstName: 'لیلا', lastName: 'نوری', roles: ['finance'], label: { fa: 'مالی', ar: 'المالية', en: 'Finance' } },
  { id: 'usr_demo_customer_1', mobile: '09140000101', firstName: 'سارا', lastName: 'رضایی', roles: ['customer'], label: { fa: 'مشتری', ar: 'عميل', en: 'Customer' } },
  { id: 'usr_demo_customer_2', mobile: '09140000102', firstName: 'علی', lastName: 'محمدی', roles: ['customer'], label: { fa: 'مشتری', ar: 'عميل', en: 'Customer' } },
  { id: 'usr_demo_customer_3', mobile: '09140000103', firstName: 'نگار', lastName: 'حسینی', roles: ['customer'], label: { fa: 'مشتری', ar: 'عميل', en: 'Customer' } },
  { id: 'usr_demo_driver_1', mobile: '09140000201', firstName: 'حسن', lastName: 'جعفری', roles: ['provider', 'customer'], providerKind: 'driver', label: { fa: 'راننده خودرو', ar: 'سائق سيارة', en: 'Car driver' } },
  { id: 'usr_demo_courier_1', mobile: '09140000202', firstName: 'مهدی', lastName: 'صادقی', roles: ['provider', 'customer'], providerKind: 'courier', label: { fa: 'پیک موتوری', ar: 'ساعي دراجة نارية', en: 'Motorcycle courier' } },
  { id: 'usr_demo_courier_2', mobile: '09140000203', firstName: 'امیر', lastName: 'قاسمی', roles: ['provider', 'customer'], providerKind: 'courier', label: { fa: 'پیک وانت', ar: 'ساعي شاحنة صغيرة', en: 'Van courier' } },
  { id: 'usr_demo_assistant_1', mobile: '09140000204', firstName: 'زهرا', lastName: 'موسوی', roles: ['provider', 'customer'], providerKind: 'assistant', label: { fa: 'کارپرداز', ar: 'مساعد المهام', en: 'Errand assistant' } },
] as const;

const TABRIZ_ID = 'cty_tabriz';

function box(lat1: number, lng1: number, lat2: number, lng2: number): GeoJsonPolygon {
  return { type: 'Polygon', coordinates: [[[lng1, lat1], [lng2, lat1], [lng2, lat2], [lng1, lat2], [lng1, lat1]]] };
}

const TERMS_V1 = {
  fa: 'قوانین و مقررات استفاده از پیک\n۱. حساب کاربری شخصی است و نباید در اختیار دیگری قرار گیرد.\n۲. اطلاعات هویتی باید درست و به نام خود کاربر باشد.\n۳. کرایه پیش از سفارش اعلام می‌شود و تنها با تغییر مسیر، توقف اضافه یا انتظار درخواستی تغییر می‌کند.\n۴. لغو سفارش پس از پذیرش سفیر مشمول هزینه لغو است.\n۵. ارسال اقلام ممنوعه (چک، سفته، اوراق بهادار، اشیای عتیقه و گران‌بها، مشروبات الکلی، مواد مخدر، سلاح) مجاز نیست.',
  ar: 'شروط استخدام بيك\n١. الحساب شخصي ولا يجوز منحه لغيرك.\n٢. يجب أن تكون بيانات الهوية صحيحة وباسم المستخدم نفسه.\n٣. تُعلن الأجرة قبل الطلب ولا تتغير إلا بتغيير المسار أو إضافة توقف أو انتظار مطلوب.\n٤. يخضع إلغاء الطلب بعد قبول المندوب لرسوم إلغاء.\n٥. يُمنع إرسال المواد المحظورة (الشيكات والسندات والأوراق المالية والتحف والمجوهرات والكحول والمخدرات والأسلحة).',
  en: 'Peyk terms of use\n1. Your account is personal and may not be handed to anyone else.\n2. Identity details must be true and in your own name.\n3. The fare is shown before you order and changes only if you change the route, add a stop or ask for waiting time.\n4. Cancelling after a provider has accepted carries a cancellation fee.\n5. Forbidden items (cheques, promissory notes, securities, antiques, valuables, alcohol, drugs, weapons) may not be sent.',
};

/** Creates the demo city, services, accounts and terms once; a second call does nothing. */
export async function seedDemo(db: Db): Promise<boolean> {
  const [{ n }] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM cities`);
  if (n > 0) return false;
  await db.transaction(async (tx) => {
    await tx.insert(cities).values({
      id: TABRIZ_ID, code: 'tabriz', names: { fa: 'تبریز', ar: 'تبريز', en: 'Tabriz' }, timeZone: 'Asia/Tehran',
      centerLat: 38.0792, centerLng: 46.2887, serviceArea: box(37.98, 46.15, 38.16, 46.45), active: true,
    });
    await tx.insert(zones).values([
      { id: 'zon_tabriz_center', cityId: TABRIZ_ID, code: 'center', names: { fa: 'مرکز شهر', ar: 'وسط المدينة', en: 'City centre' }, kind: 'district', polygon: box(38.065, 46.27, 38.09, 46.31) },
      { id: 'zon_tabriz_bazaar', cityId: TABRIZ_ID, code: 'bazaar', names: { fa: 'بازار', ar: 'البازار', en: 'Bazaar' }, kind: 'surcharge', polygon: box(38.078, 46.288, 38.086, 46.30), surchargeRials: 200_000n },
      { id: 'zon_tabriz_elgoli', cityId: TABRIZ_ID, code: 'elgoli', names: { fa: 'ائل‌گلی', ar: 'إيل غولي', en: 'El Goli' }, kind: 'district', polygon: box(38.01, 46.33, 38.04, 46.38) },
      { id: 'zon_tabriz_airport', cityId: TABRIZ_ID, code: 'airport', names: { fa: 'فرودگاه', ar: 'المطار', en: 'Airport' }, kind: 'surcharge', polygon: box(38.12, 46.22, 38.14, 46.26), surchargeRials: 500_000n },
      { id: 'zon_tabriz_military', cityId: TABRIZ_ID, code: 'restricted', names: { fa: 'منطقه ممنوعه', ar: 'منطقة محظورة', en: 'Restricted area' }, kind: 'no_service', polygon: box(38.145, 46.40, 38.155, 46.44) },
    ]);
    await tx.insert(services).values([
      { id: 'svc_car_ride', code: 'car_ride', kind: 'ride', vehicleType: 'car', names: { fa: 'سفر با خودرو', ar: 'رحلة بالسيارة', en: 'Car ride' }, sortOrder: 1 },
      { id: 'svc_moto_ride', code: 'moto_ride', kind: 'ride', vehicleType: 'motorcycle', names: { fa: 'موتور تاکسی', ar: 'دراجة أجرة', en: 'Motorcycle ride' }, sortOrder: 2 },
      { id: 'svc_moto_parcel', code: 'moto_parcel', kind: 'parcel', vehicleType: 'motorcycle', names: { fa: 'پیک موتوری', ar: 'توصيل بالدراجة', en: 'Motorcycle parcel' }, sortOrder: 3 },
      { id: 'svc_van_parcel', code: 'van_parcel', kind: 'parcel', vehicleType: 'van', names: { fa: 'وانت بار', ar: 'توصيل بالشاحنة', en: 'Van parcel' }, sortOrder: 4 },
      { id: 'svc_moving', code: 'moving', kind: 'moving', vehicleType: 'truck', names: { fa: 'اثاث‌کشی', ar: 'نقل الأثاث', en: 'Moving' }, sortOrder: 5 },
      { id: 'svc_errand', code: 'errand', kind: 'errand', vehicleType: null, names: { fa: 'کارپردازی', ar: 'خدمات المهام', en: 'Errands' }, sortOrder: 6 },
      { id: 'svc_payment_order', code: 'payment_order', kind: 'payment_order', vehicleType: null, names: { fa: 'پرداخت ارزی', ar: 'الدفع الخارجي', en: 'Cross-border payment' }, sortOrder: 7 },
    ]);
    const now = new Date();
    await tx.insert(users).values(DEMO_ACCOUNTS.map((a, i) => ({
      id: a.id, mobile: a.mobile, firstName: a.firstName, lastName: a.lastName, roles: [...a.roles],
      providerKind: 'providerKind' in a ? a.providerKind : null,
      nationalId: withNationalIdCheckDigit(String(136000100 + i).padStart(9, '0')),
      birthDate: `19${85 + (i % 10)}-0${1 + (i % 9)}-1${i % 9}`, cityId: TABRIZ_ID, locale: 'fa' as const, createdAt: now, updatedAt: now,
    })));
    await tx.insert(termsVersions).values({ version: 1, texts: TERMS_V1, publishedAt: now, publishedBy: null });
    await seedErrandsDemo(tx, now, 'usr_demo_assistant_1');
    await seedShopDemo(tx, now);
    await seedPaymentOrdersDemo(tx, now);
    await tx.insert(providers).values([
      { userId: 'usr_demo_driver_1', cityId: TABRIZ_ID, fleetType: 'car', serviceCodes: ['car_ride'], hasBox: false, createdAt: now,
        vehicle: { make: 'ایران خودرو', model: 'سمند', year: 2018, plate: '15 ع 345 ایران 35', colour: 'سفید', capacitySeats: 4 } },
      { userId: 'usr_demo_courier_1', cityId: TABRIZ_ID, fleetType: 'motorcycle', serviceCodes: ['moto_parcel', 'moto_ride'], hasBox: true, createdAt: now,
        vehicle: { make: 'هوندا', model: 'CG 125', year: 2020, plate: '352 - 64715', colour: 'قرمز', capacitySeats: 1 } },
      { userId: 'usr_demo_courier_2', cityId: TABRIZ_ID, fleetType: 'van', serviceCodes: ['van_parcel'], hasBox: false, createdAt: now,
        vehicle: { make: 'زامیاد', model: 'نیسان جونیور', year: 2016, plate: '25 ب 678 ایران 15', colour: 'آبی', capacitySeats: 1 } },
    ]);
  });
  return true;
}
