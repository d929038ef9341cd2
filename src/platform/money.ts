/** Money is bigint Rials everywhere; Toman (1 Toman = 10 Rials) exists only at display. */
export type Rials = bigint;

export const RIALS_PER_TOMAN = 10n;

export const tomanToRials = (toman: bigint | number): Rials => BigInt(toman) * RIALS_PER_TOMAN;

/** Formats Rials as Toman in the given locale (Persian digits for fa, Arabic-Indic for ar). */
export function formatToman(rials: Rials, locale: 'fa' | 'ar' | 'en' = 'fa'): string {
  const negative = rials < 0n;
  const abs = negative ? -rials : rials;
  const toman = abs / RIALS_PER_TOMAN;
  const rest = abs % RIALS_PER_TOMAN;
  const tag = locale === 'fa' ? 'fa-IR' : locale === 'ar' ? 'ar-SA' : 'en-US';
  let text = new Intl.NumberFormat(tag).format(toman);
  if (rest !== 0n) text += new Intl.NumberFormat(tag, { minimumFractionDigits: 1 }).format(0.1 * Number(rest)).slice(1);
  const unit = locale === 'fa' ? 'تومان' : locale === 'ar' ? 'تومان' : 'Toman';
  return `${negative ? '-' : ''}${text} ${unit}`;
}

/** Parses a decimal string of Rials; rejects anything that is not an integer. */
export function parseRials(value: string | number | bigint): Rials {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError('Rials must be a safe integer');
    return BigInt(value);
  }
  if (!/^-?\d{1,30}$/.test(value)) throw new RangeError('Rials must be an integer string');
  return BigInt(value);
}
