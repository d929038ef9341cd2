import { toAsciiDigits } from '../../platform/i18n.js';

/** What replaces a hidden number in relayed text. */
export const HIDDEN_NUMBER = '***';

/**
 * Seven or more digits with only separators between them (spaces, dashes, dots, brackets, slashes,
 * zero-width marks, underscores): long enough for any phone number in Iran or the region, even
 * written digit by digit. Shorter runs (house numbers, prices in thousands, plates) stay.
 */
const NUMBER_RUN = /\+?\d(?:[\s\-.()/_\u200c\u200d\u200e\u200f]*\d){6,}/g;

/**
 * ORD-18: removes phone numbers from chat text, in ASCII, Persian or Arabic-Indic digits (also
 * mixed), so the parties cannot swap numbers through the relay. Persian and Arabic digits are one
 * UTF-16 unit each, so positions in the ASCII copy are positions in the original.
 */
export function scrubPhoneNumbers(text: string): { text: string; redacted: boolean } {
  const ascii = toAsciiDigits(text);
  let out = '';
  let last = 0;
  for (const m of ascii.matchAll(NUMBER_RUN)) {
    out += text.slice(last, m.index) + HIDDEN_NUMBER;
    last = m.index + m[0].length;
  }
  if (last === 0) return { text, redacted: false };
  return { text: out + text.slice(last), redacted: true };
}
