import { localizeDigits, type Locale } from './digits';

/** Rules about local time follow the city; every city served today is on Tehran time. */
export const TIME_ZONE = 'Asia/Tehran';

/** Persian shows the Jalali calendar; Arabic and English the Gregorian one. */
const DATE_TAG: Record<Locale, string> = { fa: 'fa-IR-u-ca-persian', ar: 'ar-EG-u-ca-gregory', en: 'en-GB' };
const NUMBER_TAG: Record<Locale, string> = { fa: 'fa-IR', ar: 'ar-EG', en: 'en-GB' };

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(locale: Locale, kind: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${kind}`;
  if (!cache.has(key)) cache.set(key, new Intl.DateTimeFormat(DATE_TAG[locale], options));
  return cache.get(key) as Intl.DateTimeFormat;
}
function numberFormat(locale: Locale, kind: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `n|${locale}|${kind}`;
  if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(NUMBER_TAG[locale], options));
  return cache.get(key) as Intl.NumberFormat;
}

export function formatNumber(value: number | bigint, locale: Locale): string {
  return numberFormat(locale, 'plain').format(value);
}

/** An instant (ISO string) as a date and time in Tehran, Jalali in Persian. */
export function formatDateTime(iso: string, locale: Locale): string {
  return dateFormat(locale, 'datetime', { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** The calendar day of an instant in Tehran (Jalali in Persian), e.g. for grouping a statement by day. */
export function formatInstantDay(iso: string, locale: Locale): string {
  return dateFormat(locale, 'instant-day', { timeZone: TIME_ZONE, dateStyle: 'long' }).format(new Date(iso));
}

/** Hours and minutes of an instant in Tehran. */
export function formatShortTime(iso: string, locale: Locale): string {
  return dateFormat(locale, 'short-time', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function formatTime(iso: string, locale: Locale): string {
  return dateFormat(locale, 'time', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}

/** A calendar day (Gregorian YYYY-MM-DD, no time zone) in the locale's calendar. */
export function formatDay(ymd: string, locale: Locale): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return dateFormat(locale, 'day', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** A calendar day as day and month only ("3 Azar"), for chart axes. */
export function formatDayMonth(ymd: string, locale: Locale): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return dateFormat(locale, 'dayMonth', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** Rials (a string of digits) as Toman: 1 Toman = 10 Rials; no floats on the way. */
export function formatToman(rials: string | bigint, locale: Locale): string {
  const value = typeof rials === 'bigint' ? rials : BigInt(rials);
  const whole = value / 10n;
  const tenth = value % 10n;
  const text = formatNumber(whole, locale);
  if (tenth === 0n) return text;
  const decimal = numberFormat(locale, 'decimal-sep', { minimumFractionDigits: 1 }).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return `${text}${decimal}${localizeDigits(String(tenth < 0n ? -tenth : tenth), locale)}`;
}

/** Seconds as m:ss with the locale's digits (for countdowns). */
export function formatClock(seconds: number, locale: Locale): string {
  const s = Math.max(0, Math.ceil(seconds));
  return localizeDigits(`${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`, locale);
}
