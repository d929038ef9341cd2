import type { ReactNode } from 'react';
import { toGregorian } from 'jalaali-js';
import { toAsciiDigits, useI18n, type MessageKey } from '../../i18n';
import { TextField, FieldGroup } from '../../components/fields';
import { calendarOf, currentYear, monthLength, type Calendar, type DayParts } from '../../lib/dates';

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

const JALALI_MONTHS: MessageKey[] = ['month.j1', 'month.j2', 'month.j3', 'month.j4', 'month.j5', 'month.j6', 'month.j7', 'month.j8', 'month.j9', 'month.j10', 'month.j11', 'month.j12'];

/** A day picked in the page's calendar (Jalali in Persian) as three selects; empty means "not set". */
export function DayField({ legend, parts, onParts, error, hint }: { legend: ReactNode; parts: Partial<DayParts>; onParts(p: Partial<DayParts>): void; error?: string | null; hint?: ReactNode }) {
  const { t, num, locale } = useI18n();
  const calendar = calendarOf(locale);
  const first = currentYear(calendar);
  const years = Array.from({ length: YEARS_AHEAD + 1 }, (_, i) => first + i);
  const days = parts.y && parts.m ? monthLength(parts.y, parts.m, calendar) : 31;
  const months = calendar === 'jalali' ? JALALI_MONTHS.map((k) => t(k))
    : Array.from({ length: 12 }, (_, i) => new Intl.DateTimeFormat(locale === 'ar' ? 'ar-EG-u-ca-gregory' : 'en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2001, i, 15))));
  const set = (k: keyof DayParts) => (v: string) => {
    const next = { ...parts, [k]: v ? Number(v) : undefined };
    if (next.y && next.m && next.d && next.d > monthLength(next.y, next.m, calendar)) next.d = undefined;
    onParts(next);
  };
  const select = (key: keyof DayParts, label: string, options: Array<[number, string]>) => (
    <label className="date-part">
      <span className="sr-only">{label}</span>
      <select className="input select" value={parts[key] ?? ''} onChange={(e) => set(key)(e.target.value)} aria-label={label} aria-invalid={error ? true : undefined}>
        <option value="">{label}</option>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </label>
  );
  return (
    <FieldGroup legend={legend} error={error} hint={hint}>
      <div className="date-parts">
        {select('d', t('date.day'), Array.from({ length: days }, (_, i) => [i + 1, num(i + 1)]))}
        {select('m', t('date.month'), months.map((name, i) => [i + 1, name]))}
        {select('y', t('date.year'), years.map((y) => [y, num(y).replace(/[٬,]/g, '')]))}
      </div>
    </FieldGroup>
  );
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
