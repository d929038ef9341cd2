import type { ReactNode } from 'react';
import { toGregorian } from 'jalaali-js';
import { toAsciiDigits, useI18n } from '../../i18n';
import { TextField } from '../../components/fields';
import { DayPartsField } from '../../components/inputs';
import { calendarOf, currentYear, type Calendar, type DayParts } from '../../lib/dates';

/** Tehran is on +03:30 all year (Iran stopped daylight saving in 2022). */
const TEHRAN_OFFSET = '+03:30';
/** How far ahead an offer's dates may be picked. */
const YEARS_AHEAD = 3;

/** A whole number typed in any script; kept as ASCII digits, shown in the page's script. */
export function IntField({ label, value, onValue, error, hint, name, max = 9 }: {
  label: ReactNode; value: string; onValue(v: string): void; error?: string | null; hint?: ReactNode; name?: string; max?: number;
}) {
  const { digits } = useI18n();
  return (
    <TextField label={label} name={name} value={digits(value)} error={error} hint={hint} inputMode="numeric" autoComplete="off"
      onValue={(v) => onValue(toAsciiDigits(v).replace(/\D/g, '').replace(/^0+(?=\d)/, '').slice(0, max))} />
  );
}

/** A percentage such as 12.5, typed with a Persian or Latin decimal separator. */
export function PercentField({ label, value, onValue, error, name }: { label: ReactNode; value: string; onValue(v: string): void; error?: string | null; name?: string }) {
  const { digits } = useI18n();
  return (
    <TextField label={label} name={name} value={digits(value).replace('.', '٫')} error={error} inputMode="decimal" autoComplete="off"
      onValue={(v) => onValue(toAsciiDigits(v).replace(/[٫,/]/g, '.').replace(/[^\d.]/g, '').slice(0, 6))} />
  );
}

/** A day in the coming years (offer windows), in the page's calendar. */
export function DayField({ legend, parts, onParts, error, hint }: { legend: ReactNode; parts: Partial<DayParts>; onParts(p: Partial<DayParts>): void; error?: string | null; hint?: ReactNode }) {
  const { locale } = useI18n();
  const first = currentYear(calendarOf(locale));
  return <DayPartsField legend={legend} parts={parts} onParts={onParts} error={error} hint={hint} years={Array.from({ length: YEARS_AHEAD + 1 }, (_, i) => first + i)} />;
}

const complete = (p: Partial<DayParts>): p is DayParts => !!(p.y && p.m && p.d);
/** Some but not all of day, month and year chosen. */
export const partial = (p: Partial<DayParts>) => !complete(p) && !!(p.y || p.m || p.d);

function gregorianOf(p: DayParts, calendar: Calendar): DayParts {
  if (calendar === 'gregorian') return p;
  const g = toGregorian(p.y, p.m, p.d);
  return { y: g.gy, m: g.gm, d: g.gd };
}

/** The instant a Tehran day starts (plusDays 1: the instant it ends), for the API; null when not chosen. */
export function tehranInstant(p: Partial<DayParts>, calendar: Calendar, plusDays = 0): string | null {
  if (!complete(p)) return null;
  const g = gregorianOf(p, calendar);
  const day = new Date(Date.UTC(g.y, g.m - 1, g.d + plusDays));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}T00:00:00${TEHRAN_OFFSET}`;
}

/** 0912..., 912... or +98912... as the stored form 0912...; null when it is not a mobile. */
export function nationalMobile(text: string): string | null {
  const d = toAsciiDigits(text).replace(/\D/g, '');
  const national = d.startsWith('98') && d.length === 12 ? `0${d.slice(2)}` : d.length === 10 && d.startsWith('9') ? `0${d}` : d;
  return /^09\d{9}$/.test(national) ? national : null;
}
