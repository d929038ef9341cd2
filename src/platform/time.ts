import * as jalaali from 'jalaali-js';
import type { Locale } from './i18n.js';

/** A clock the whole app reads, so tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date | number = Date.now()) {
    this.ms = typeof start === 'number' ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(date: Date): void {
    this.ms = date.getTime();
  }
}

export const DEFAULT_TIME_ZONE = 'Asia/Tehran';

export interface LocalParts {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  /** 0 = Sunday ... 6 = Saturday */
  weekday: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall-clock parts of an instant in a time zone (Gregorian). */
export function localParts(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): LocalParts {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) return intlParts(instant, timeZone);
  // The zone's offset is looked up once per quarter hour (every offset change in the time zone
  // database happens on a UTC quarter hour); the parts are then plain UTC arithmetic.
  const bucket = Math.floor(ms / QUARTER_HOUR_MS);
  let offsets = zoneOffsets.get(timeZone);
  if (!offsets) zoneOffsets.set(timeZone, (offsets = new Map()));
  let offsetMs = offsets.get(bucket);
  if (offsetMs === undefined) {
    const start = bucket * QUARTER_HOUR_MS;
    const p = intlParts(new Date(start), timeZone);
    offsetMs = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start;
    if (offsets.size >= 1000) offsets.clear();
    offsets.set(bucket, offsetMs);
  }
  const local = new Date(ms + offsetMs);
  return {
    year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(),
    hour: local.getUTCHours(), minute: local.getUTCMinutes(), second: local.getUTCSeconds(), weekday: local.getUTCDay(),
  };
}

const QUARTER_HOUR_MS = 15 * 60_000;
/** Per time zone: UTC quarter hour -> the zone's offset from UTC (ms) during it. */
const zoneOffsets = new Map<string, Map<number, number>>();

/** localParts through Intl (~100x slower): for the offsets, and what they cannot express. */
export function intlParts(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): LocalParts {
  let fmt = partsFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
    });
    partsFormatters.set(timeZone, fmt);
  }
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(instant)) out[p.type] = p.value;
  return {
    year: Number(out.year), month: Number(out.month), day: Number(out.day),
    hour: Number(out.hour) % 24, minute: Number(out.minute), second: Number(out.second),
    weekday: WEEKDAYS.indexOf(out.weekday),
  };
}

/** Today's Gregorian date (YYYY-MM-DD) in a time zone. */
export function localDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Full years between a birth date (YYYY-MM-DD) and today in the city's calendar day. */
export function ageInFullYears(birthDate: string, instant: Date, timeZone: string = DEFAULT_TIME_ZONE): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const t = localParts(instant, timeZone);
  let age = t.year - by;
  if (t.month < bm || (t.month === bm && t.day < bd)) age -= 1;
  return age;
}

/** Whether a YYYY-MM-DD string names a real Gregorian day. */
export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Converts a Jalali date (YYYY/MM/DD) to Gregorian YYYY-MM-DD, or null if it is not a real day. */
export function jalaliToGregorian(text: string): string | null {
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(text);
  if (!m) return null;
  const [jy, jm, jd] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!jalaali.isValidJalaaliDate(jy, jm, jd)) return null;
  const g = jalaali.toGregorian(jy, jm, jd);
  return `${g.gy}-${String(g.gm).padStart(2, '0')}-${String(g.gd).padStart(2, '0')}`;
}

/** Converts a Gregorian YYYY-MM-DD to Jalali YYYY/MM/DD. */
export function gregorianToJalali(text: string): string {
  const [y, m, d] = text.split('-').map(Number);
  const j = jalaali.toJalaali(y, m, d);
  return `${j.jy}/${String(j.jm).padStart(2, '0')}/${String(j.jd).padStart(2, '0')}`;
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/** Formats an instant for people: Jalali with Persian digits in fa, Hijri-free Gregorian elsewhere. */
export function formatDateTime(instant: Date, locale: Locale = 'fa', timeZone: string = DEFAULT_TIME_ZONE): string {
  const tag = locale === 'fa' ? 'fa-IR-u-ca-persian' : locale === 'ar' ? 'ar-EG-u-ca-gregory' : 'en-GB';
  const key = `${tag}|${timeZone}`;
  let fmt = displayFormatters.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
    displayFormatters.set(key, fmt);
  }
  return fmt.format(instant);
}
