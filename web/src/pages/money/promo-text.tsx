import { useI18n } from '../../i18n';
import type { Benefit } from './money-api';

/** "10% off, up to 50,000 Toman" / "20,000 Toman off" / "100,000 Toman gift credit, valid 30 days". */
export function BenefitText({ b }: { b: Benefit }) {
  const { t, toman, num, dateTime } = useI18n();
  if (b.type === 'percent') {
    // A percentage is not money: a float is fine for showing "12.5".
    const off = t('benefit.percent', { percent: num(Number(b.percent ?? 0)) });
    return <>{b.maxDiscountRials ? t('benefit.percentCapped', { off, cap: toman(b.maxDiscountRials) }) : off}</>;
  }
  if (b.type === 'fixed') return <>{t('benefit.fixed', { amount: toman(b.amountRials ?? '0') })}</>;
  const gift = t('benefit.gift', { amount: toman(b.amountRials ?? '0') });
  if (b.giftValidDays) return <>{t('benefit.giftDays', { gift, n: b.giftValidDays })}</>;
  if (b.giftExpiresAt) return <>{t('benefit.giftUntil', { gift, date: dateTime(b.giftExpiresAt) })}</>;
  return <>{gift}</>;
}

/** When an offer can be used: "from ... until ...", "until ...", or "no end date". */
export function OfferWindow({ startsAt, endsAt }: { startsAt: string | null; endsAt: string | null }) {
  const { t, dateTime } = useI18n();
  if (startsAt && endsAt) return <>{t('offer.between', { from: dateTime(startsAt), to: dateTime(endsAt) })}</>;
  if (endsAt) return <>{t('offer.until', { to: dateTime(endsAt) })}</>;
  if (startsAt) return <>{t('offer.from', { from: dateTime(startsAt) })}</>;
  return <>{t('offer.noEnd')}</>;
}
