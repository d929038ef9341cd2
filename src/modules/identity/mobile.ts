import { toAsciiDigits } from '../../platform/i18n.js';

/**
 * Normalises an Iranian mobile number to `09xxxxxxxxx`. Accepts `09..`, `9..`, `+989..`, `989..`,
 * `00989..`, Persian or Arabic digits, spaces, dashes and brackets. Returns null when it is not one.
 */
export function normalizeMobile(input: string): string | null {
  if (typeof input !== 'string' || input.length > 32) return null;
  let s = toAsciiDigits(input).replace(/[\s\-().\u200c\u200f\u200e]/g, '');
  if (s.startsWith('+98')) s = s.slice(3);
  else if (s.startsWith('0098')) s = s.slice(4);
  else if (s.startsWith('98') && s.length === 12) s = s.slice(2);
  if (s.startsWith('0')) s = s.slice(1);
  if (!/^9\d{9}$/.test(s)) return null;
  return `0${s}`;
}

/** Shows only the first four and last two digits: 0912*****67. */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 4)}*****${mobile.slice(9)}` : '***';
}
