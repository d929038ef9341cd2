import type { I18n, MessageKey } from '../../i18n';
import { toAsciiDigits } from '../../i18n';

/** How a setting's value is shown and typed, read from its key and default value. */
export type ValueKind = 'rials' | 'boolean' | 'number' | 'json';

export function kindOf(key: string, sample: unknown): ValueKind {
  if (key.endsWith('Rials') && typeof sample === 'string') return 'rials';
  if (typeof sample === 'boolean') return 'boolean';
  if (typeof sample === 'number') return 'number';
  return 'json';
}

/** The unit a number setting is counted in, from the end of its key (units come last in names). */
function unitOf(key: string): MessageKey | null {
  if (/Days$/.test(key)) return 'unit.days';
  if (/Percent$/.test(key)) return 'unit.percent';
  if (/Kmh$/.test(key)) return 'unit.kmh';
  if (/Years$/.test(key)) return 'unit.years';
  if (/Hours$/.test(key)) return 'unit.hours';
  if (/Length$/.test(key)) return 'unit.characters';
  if (/Points$|pointsPerTrip$/.test(key)) return 'unit.points';
  if (/Trips$/.test(key)) return 'unit.trips';
  if (/Attempts$|Failures$/.test(key)) return 'unit.tries';
  if (/Multiplier$/.test(key)) return 'unit.times';
  return null;
}

/** Seconds read best in the largest whole unit: 900 s is 15 minutes, 604800 s is 7 days. */
function duration(i18n: I18n, s: number): string {
  if (s >= 86400 && s % 86400 === 0) return i18n.t('unit.days', { n: s / 86400 });
  if (s >= 3600 && s % 3600 === 0) return i18n.t('unit.hours', { n: s / 3600 });
  if (s >= 60 && s % 60 === 0) return i18n.t('unit.minutes', { n: s / 60 });
  return i18n.t('unit.seconds', { n: s });
}

export function displayValue(i18n: I18n, key: string, value: unknown): string {
  if (value === null || value === undefined) return i18n.t('settings.noValue');
  const kind = kindOf(key, value);
  if (kind === 'rials') return i18n.toman(String(value));
  if (kind === 'boolean') return i18n.t(value ? 'common.yes' : 'common.no');
  if (kind === 'number') {
    if (/Seconds$/.test(key)) return duration(i18n, value as number);
    const unit = unitOf(key);
    return unit ? i18n.t(unit, { n: value as number }) : i18n.num(value as number);
  }
  // Spaces after commas give long lists and objects places to wrap on a phone.
  return i18n.digits(JSON.stringify(value).replace(/,/g, ', '));
}

/** The text an editor starts from: Toman for money, plain digits for numbers, JSON otherwise. */
export function editText(key: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  const kind = kindOf(key, value);
  if (kind === 'rials') {
    const r = BigInt(String(value));
    return r % 10n === 0n ? String(r / 10n) : `${r / 10n}.${r % 10n}`;
  }
  if (kind === 'json') return JSON.stringify(value, null, 2);
  return String(value);
}

/** Parses what the admin typed back into the API value; null when it cannot be read. */
export function parseEdit(key: string, sample: unknown, text: string): { ok: true; value: unknown } | { ok: false } {
  const kind = kindOf(key, sample);
  const plain = toAsciiDigits(text).trim().replace(/[,٬\s]/g, '');
  if (kind === 'rials') {
    const m = /^(\d{1,17})(?:\.(\d))?$/.exec(plain);
    return m ? { ok: true, value: String(BigInt(m[1]) * 10n + BigInt(m[2] ?? '0')) } : { ok: false };
  }
  if (kind === 'boolean') return plain === 'true' || plain === 'false' ? { ok: true, value: plain === 'true' } : { ok: false };
  if (kind === 'number') {
    const n = Number(plain.replace('٫', '.'));
    return plain !== '' && Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
  }
  try {
    return { ok: true, value: JSON.parse(toAsciiDigits(text)) };
  } catch {
    return { ok: false };
  }
}
