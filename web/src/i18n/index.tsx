import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { directionOf, isLocale, localizeDigits, type Locale } from './digits';
import { formatClock, formatDateTime, formatDay, formatDayMonth, formatInstantDay, formatNumber, formatShortTime, formatTime, formatToman } from './format';
import { en, enPlurals, type MessageKey } from './en';
import { fa } from './fa';
import { ar, arPlurals } from './ar';

export type { Locale, MessageKey };
export { toAsciiDigits, localizeDigits } from './digits';

export const TABLES: Record<Locale, Record<MessageKey, string>> = { fa, ar, en };
/** Persian nouns do not change after a number; English and Arabic ones do. */
const PLURALS: Record<Locale, Partial<Record<MessageKey, Partial<Record<Intl.LDMLPluralRule, string>>>>> = { fa: {}, ar: arPlurals, en: enPlurals };
const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralForm(locale: Locale, key: MessageKey, n: number): string | undefined {
  const forms = PLURALS[locale][key];
  if (!forms) return undefined;
  if (!pluralRules.has(locale)) pluralRules.set(locale, new Intl.PluralRules(locale));
  return forms[pluralRules.get(locale)!.select(n)];
}
const STORAGE_KEY = 'peyk.locale';

export type Params = Record<string, string | number | bigint>;

export interface I18n {
  locale: Locale;
  dir: 'rtl' | 'ltr';
  /** True when the user picked the language on this device (then it wins over the profile). */
  chosen: boolean;
  setLocale(locale: Locale, opts?: { remember?: boolean }): void;
  /** The text for a key; numbers in params are formatted and every digit follows the locale. */
  t(key: MessageKey, params?: Params): string;
  /** Does a translation key exist (for codes that come from the server)? */
  has(key: string): key is MessageKey;
  num(value: number | bigint): string;
  digits(text: string): string;
  dateTime(iso: string): string;
  time(iso: string): string;
  /** The Tehran calendar day of an instant (Jalali in Persian). */
  instantDay(iso: string): string;
  /** hh:mm of an instant in Tehran. */
  shortTime(iso: string): string;
  day(ymd: string): string;
  /** Day and month of a calendar day, short (chart axes). */
  dayMonth(ymd: string): string;
  toman(rials: string | bigint): string;
  clock(seconds: number): string;
}

const Ctx = createContext<I18n | null>(null);

function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const n = params?.n;
  const text = (typeof n === 'number' ? pluralForm(locale, key, n) : undefined) ?? TABLES[locale][key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) return m;
    return typeof v === 'string' ? localizeDigits(v, locale) : formatNumber(v, locale);
  });
}

/** Persian by default; the language picked in the menu is remembered on this device. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => storedLocale() ?? 'fa');
  const [chosen, setChosen] = useState(() => storedLocale() !== null);

  useEffect(() => {
    const html = document.documentElement;
    html.lang = locale;
    html.dir = directionOf(locale);
    document.title = translate(locale, 'app.name');
  }, [locale]);

  const setLocale = useCallback((next: Locale, opts: { remember?: boolean } = {}) => {
    setLocaleState(next);
    if (opts.remember !== false) {
      try { localStorage.setItem(STORAGE_KEY, next); } catch { /* private mode: keep it for this visit only */ }
      setChosen(true);
    }
  }, []);

  const value = useMemo<I18n>(() => ({
    locale,
    dir: directionOf(locale),
    chosen,
    setLocale,
    t: (key, params) => translate(locale, key, params),
    has: (key): key is MessageKey => Object.prototype.hasOwnProperty.call(en, key),
    num: (v) => formatNumber(v, locale),
    digits: (text) => localizeDigits(text, locale),
    dateTime: (iso) => formatDateTime(iso, locale),
    time: (iso) => formatTime(iso, locale),
    instantDay: (iso) => formatInstantDay(iso, locale),
    shortTime: (iso) => formatShortTime(iso, locale),
    day: (ymd) => formatDay(ymd, locale),
    dayMonth: (ymd) => formatDayMonth(ymd, locale),
    toman: (rials) => translate(locale, 'money.toman', { amount: formatToman(rials, locale) }),
    clock: (s) => formatClock(s, locale),
  }), [locale, chosen, setLocale]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
