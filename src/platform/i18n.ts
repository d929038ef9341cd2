export const LOCALES = ['fa', 'ar', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC = '٠١٢٣٤٥٦٧٨٩';

/** Turns Persian and Arabic-Indic digits into ASCII digits, leaving everything else alone. */
export function toAsciiDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    const p = PERSIAN.indexOf(ch);
    if (p >= 0) { out += String(p); continue; }
    const a = ARABIC.indexOf(ch);
    if (a >= 0) { out += String(a); continue; }
    out += ch;
  }
  return out;
}

/** Renders ASCII digits in the locale's script. */
export function localizeDigits(text: string, locale: Locale): string {
  if (locale === 'en') return text;
  const digits = locale === 'fa' ? PERSIAN : ARABIC;
  return text.replace(/[0-9]/g, (d) => digits[Number(d)]);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
