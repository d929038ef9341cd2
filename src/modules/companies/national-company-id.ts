import { toAsciiDigits } from '../../platform/i18n.js';

const WEIGHTS = [29, 27, 23, 19, 17];

/**
 * The check digit of an Iranian legal-entity national ID (شناسه ملی اشخاص حقوقی) from its first ten
 * digits: each digit plus (tenth digit + 2), weighted 29, 27, 23, 19, 17 repeating; sum mod 11,
 * where 10 counts as 0.
 */
export function companyIdCheckDigit(ten: string): number {
  const offset = Number(ten[9]) + 2;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (Number(ten[i]) + offset) * WEIGHTS[i % 5];
  const r = sum % 11;
  return r === 10 ? 0 : r;
}

/**
 * ACC-3: an 11-digit legal-entity national ID whose last digit checks. Persian or Arabic digits are
 * accepted; the serial part (digits 4-9) cannot be all zeros, as no entity gets such an ID.
 */
export function isValidLegalEntityId(input: string): boolean {
  const s = toAsciiDigits(input ?? '').trim();
  if (!/^\d{11}$/.test(s)) return false;
  if (/^0+$/.test(s) || /^0{6}$/.test(s.slice(3, 9))) return false;
  return companyIdCheckDigit(s.slice(0, 10)) === Number(s[10]);
}

/** A valid ID from its first ten digits (tests and demo data). */
export function withCompanyIdCheckDigit(ten: string): string {
  return ten + String(companyIdCheckDigit(ten));
}
