export type Locale = 'fa' | 'ar' | 'en';
export const LOCALES: readonly Locale[] = ['fa', 'ar', 'en'];

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC = '٠١٢٣٤٥٦٧٨٩';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'en' ? 'ltr' : 'rtl';
}

/** Turns Persian and Arabic-Indic digits into ASCII digits (what the API expects). */
export function toAsciiDigits(text: string): string {
  return text.replace(/[۰-۹٠-٩]/g, (ch) => {
    const p = PERSIAN.indexOf(ch);
    return String(p >= 0 ? p : ARABIC.indexOf(ch));
  });
}

/** Renders ASCII digits in the script of the locale. */
export function localizeDigits(text: string, locale: Locale): string {
  if (locale === 'en') return text;
  const digits = locale === 'fa' ? PERSIAN : ARABIC;
  return text.replace(/[0-9]/g, (d) => digits[Number(d)]);
}
