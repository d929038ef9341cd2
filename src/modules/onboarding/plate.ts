import { toAsciiDigits } from '../../platform/i18n.js';

/**
 * Iranian licence plates (PRV-1).
 * - Cars, vans, trucks: two digits, a Persian letter, three digits, then the two-digit "Iran" region
 *   code, written e.g. "12 ب 345 ایران 67". Canonical form: "12ب345-67".
 * - Motorcycles: a three-digit region code over a five-digit number, e.g. "123 45678". Canonical: "123-45678".
 * Persian and Arabic digits are accepted; spaces, dashes, "|" and the word "ایران" / "IR" are separators.
 */
export type PlateKind = 'car' | 'motorcycle';

/** The letters used on Iranian private, taxi, public and government plates (ک/ی in their Persian forms). */
export const PLATE_LETTERS = ['الف', 'ب', 'پ', 'ت', 'ث', 'ج', 'د', 'ز', 'س', 'ش', 'ص', 'ط', 'ع', 'ف', 'ق', 'ک', 'گ', 'ل', 'م', 'ن', 'و', 'ه', 'ی', 'ژ'] as const;

const CAR = new RegExp(`^(\\d{2})(${PLATE_LETTERS.join('|')})(\\d{3})(\\d{2})$`);
const MOTORCYCLE = /^(\d{3})(\d{5})$/;

function compact(input: string): string {
  return toAsciiDigits(input.normalize('NFC'))
    .replace(/ك/g, 'ک').replace(/ي/g, 'ی').replace(/ى/g, 'ی')
    .replace(/ایران|iran|ir/gi, '')
    .replace(/[\s\-_|/.\u200c]+/g, '');
}

/** The canonical plate, or null when the text is not a valid plate of that kind. */
export function normalizePlate(input: string, kind: PlateKind): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const c = compact(input);
  if (kind === 'motorcycle') {
    const m = MOTORCYCLE.exec(c);
    return m ? `${m[1]}-${m[2]}` : null;
  }
  const m = CAR.exec(c);
  if (!m) return null;
  // Region codes start at 10; "00" serial blocks are never issued.
  if (Number(m[4]) < 10 || m[3] === '000' || m[1] === '00') return null;
  return `${m[1]}${m[2]}${m[3]}-${m[4]}`;
}

export const plateKindOf = (fleetType: string): PlateKind => (fleetType === 'motorcycle' ? 'motorcycle' : 'car');
