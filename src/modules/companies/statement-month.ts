import * as jalaali from 'jalaali-js';
import { toAsciiDigits } from '../../platform/i18n.js';
import { localParts } from '../../platform/time.js';

export interface JalaliMonth { year: number; month: number }

/** The instant a local wall-clock time happens in a time zone (corrects the UTC guess by the zone's offset). */
export function zonedInstant(year: number, month: number, day: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, 0, 0);
  let t = guess;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(t), timeZone);
    t += guess - Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  }
  return new Date(t);
}

/** Parses "1405/09" or "۱۴۰۵-۰۹"; null when it is not a Jalali month. */
export function parseJalaliMonth(text: string): JalaliMonth | null {
  const m = /^(\d{4})[/-](\d{1,2})$/.exec(toAsciiDigits(text ?? '').trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return year >= 1300 && year <= 1500 && month >= 1 && month <= 12 ? { year, month } : null;
}

/** The Jalali month an instant falls in, on the city's calendar. */
export function jalaliMonthOf(instant: Date, timeZone: string): JalaliMonth {
  const p = localParts(instant, timeZone);
  const j = jalaali.toJalaali(p.year, p.month, p.day);
  return { year: j.jy, month: j.jm };
}

/** [startsAt, endsAt) of a Jalali month: local midnights of its first day and of the next month's. */
export function jalaliMonthBounds(m: JalaliMonth, timeZone: string): { startsAt: Date; endsAt: Date } {
  const next = m.month === 12 ? { year: m.year + 1, month: 1 } : { year: m.year, month: m.month + 1 };
  const at = (x: JalaliMonth) => {
    const g = jalaali.toGregorian(x.year, x.month, 1);
    return zonedInstant(g.gy, g.gm, g.gd, timeZone);
  };
  return { startsAt: at(m), endsAt: at(next) };
}

export const formatJalaliMonth = (m: JalaliMonth) => `${m.year}/${String(m.month).padStart(2, '0')}`;
