import { toAsciiDigits } from '../../platform/i18n.js';

/**
 * Validates an Iranian national ID (کد ملی): 10 digits where the last is a check digit.
 * s = sum(d[i] * (10 - i)) for i in 0..8, r = s mod 11; valid when check = r (r < 2) or 11 - r.
 * Ten equal digits pass the checksum but are not issued, so they are refused.
 */
export function isValidNationalId(input: string): boolean {
  const s = toAsciiDigits(input ?? '').trim();
  if (!/^\d{10}$/.test(s)) return false;
  if (/^(\d)\1{9}$/.test(s)) return false;
  const check = Number(s[9]);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(s[i]) * (10 - i);
  const r = sum % 11;
  return r < 2 ? check === r : check === 11 - r;
}

export function normalizeNationalId(input: string): string | null {
  const s = toAsciiDigits(input ?? '').replace(/[\s-]/g, '');
  return isValidNationalId(s) ? s : null;
}

/**
 * Validates an 11-digit Iranian national company ID (شناسه ملی): the check digit uses the tenth
 * digit + 2 as an offset and weights 29, 27, 23, 19, 17 repeating; check = (sum mod 11) mod 10.
 */
export function isValidCompanyNationalId(input: string): boolean {
  const s = toAsciiDigits(input ?? '').trim();
  if (!/^\d{11}$/.test(s)) return false;
  if (/^(\d)\1{10}$/.test(s)) return false;
  const weights = [29, 27, 23, 19, 17];
  const offset = Number(s[9]) + 2;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (Number(s[i]) + offset) * weights[i % 5];
  let r = sum % 11;
  if (r === 10) r = 0;
  return r === Number(s[10]);
}

/** Builds a valid national ID from its first nine digits (tests and demo data). */
export function withNationalIdCheckDigit(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const r = sum % 11;
  return nine + String(r < 2 ? r : 11 - r);
}
