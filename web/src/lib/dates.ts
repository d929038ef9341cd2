import { jalaaliMonthLength, toJalaali } from 'jalaali-js';
import type { Locale } from '../i18n';
import { TIME_ZONE } from '../i18n/format';

/** Persian speakers write dates in the Jalali calendar; Arabic and English readers in the Gregorian. */
export type Calendar = 'jalali' | 'gregorian';
export const calendarOf = (locale: Locale): Calendar => (locale === 'fa' ? 'jalali' : 'gregorian');

export interface DayParts { y: number; m: number; d: number }

/** A stored Gregorian day (YYYY-MM-DD) split into the parts of the given calendar. */
export function partsOf(ymd: string | null, calendar: Calendar): DayParts | null {
  const m = ymd ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd) : null;
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (calendar === 'gregorian') return { y, m: mo, d };
  const j = toJalaali(y, mo, d);
  return { y: j.jy, m: j.jm, d: j.jd };
}

/** The form the API accepts: Jalali `YYYY/MM/DD` or Gregorian `YYYY-MM-DD`. */
export function apiDate(p: DayParts, calendar: Calendar): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return calendar === 'jalali' ? `${p.y}/${pad(p.m)}/${pad(p.d)}` : `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

export function monthLength(y: number, m: number, calendar: Calendar): number {
  if (calendar === 'jalali') return jalaaliMonthLength(y, m);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Today's year in Tehran, in the given calendar. */
export function currentYear(calendar: Calendar): number {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return partsOf(today, calendar)!.y;
}
