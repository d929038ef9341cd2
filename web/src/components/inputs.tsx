import type { ReactNode } from 'react';
import { toAsciiDigits, useI18n } from '../i18n';
import { apiDate, calendarOf, currentYear, monthLength, type DayParts } from '../lib/dates';
import { FieldGroup, TextField } from './fields';

/**
 * A mobile number field: accepts Persian, Arabic or Latin digits, keeps ASCII digits in state and
 * shows them in the script of the page.
 */
export function MobileField({ value, onValue, error, label, hint, autoFocus, name = 'mobile' }: { value: string; onValue(v: string): void; error?: string | null; label?: ReactNode; hint?: ReactNode; autoFocus?: boolean; name?: string }) {
  const { t, digits } = useI18n();
  return (
    <TextField
      label={label ?? t('field.mobile')} hint={hint} error={error} name={name} ltr
      type="tel" inputMode="tel" autoComplete="tel-national" maxLength={20} autoFocus={autoFocus}
      placeholder={digits('09121234567')}
      value={digits(value)} onValue={(v) => onValue(toAsciiDigits(v).replace(/[^\d+\s-]/g, ''))}
    />
  );
}

/** The six-digit SMS code, large and spaced; autofill from the SMS works on phones. */
export function CodeField({ value, onValue, error, label, autoFocus }: { value: string; onValue(v: string): void; error?: string | null; label?: ReactNode; autoFocus?: boolean }) {
  const { t, digits } = useI18n();
  return (
    <TextField
      label={label ?? t('field.code')} error={error} name="code" ltr className="input-code"
      type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus={autoFocus}
      placeholder={digits('------')}
      value={digits(value)} onValue={(v) => onValue(toAsciiDigits(v).replace(/\D/g, '').slice(0, 6))}
    />
  );
}

export interface DateValue { parts: Partial<DayParts> }

/**
 * A birth date as three selects (day, month, year) in the page's calendar: Jalali in Persian.
 * `onValue` gets the API form (Jalali YYYY/MM/DD or Gregorian YYYY-MM-DD), or '' while incomplete.
 */
export function BirthDateField({ parts, onParts, error }: { parts: Partial<DayParts>; onParts(p: Partial<DayParts>): void; error?: string | null }) {
  const { t, locale } = useI18n();
  const calendar = calendarOf(locale);
  const thisYear = currentYear(calendar);
  return (
    <DayPartsField legend={t('field.birthDate')} parts={parts} onParts={onParts} error={error}
      hint={t(calendar === 'jalali' ? 'profile.birthDateHintJalali' : 'profile.birthDateHintGregorian')}
      years={Array.from({ length: 100 }, (_, i) => thisYear - 10 - i)} />
  );
}

/** A day as three selects (day, month, year) in the page's calendar, Jalali in Persian; empty means "not set". */
export function DayPartsField({ legend, parts, onParts, error, hint, years }: {
  legend: ReactNode; parts: Partial<DayParts>; onParts(p: Partial<DayParts>): void; error?: string | null; hint?: ReactNode; years: number[];
}) {
  const { t, num, locale } = useI18n();
  const calendar = calendarOf(locale);
  const days = parts.y && parts.m ? monthLength(parts.y, parts.m, calendar) : 31;
  const monthNames = calendar === 'jalali' ? JALALI_MONTH_KEYS.map((k) => t(k)) : gregorianMonths(locale);
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
        {select('m', t('date.month'), monthNames.map((name, i) => [i + 1, name]))}
        {select('y', t('date.year'), years.map((y) => [y, num(y).replace(/[٬,]/g, '')]))}
      </div>
    </FieldGroup>
  );
}

export function birthDateForApi(parts: Partial<DayParts>, calendar: ReturnType<typeof calendarOf>): string {
  return parts.y && parts.m && parts.d ? apiDate(parts as DayParts, calendar) : '';
}

const JALALI_MONTH_KEYS = [
  'month.j1', 'month.j2', 'month.j3', 'month.j4', 'month.j5', 'month.j6',
  'month.j7', 'month.j8', 'month.j9', 'month.j10', 'month.j11', 'month.j12',
] as const;

function gregorianMonths(locale: string): string[] {
  const fmt = new Intl.DateTimeFormat(locale === 'ar' ? 'ar-EG-u-ca-gregory' : 'en-GB', { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => fmt.format(new Date(Date.UTC(2001, i, 15))));
}
