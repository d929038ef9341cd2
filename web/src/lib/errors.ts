import { ApiError } from '../api';
import type { I18n, Params } from '../i18n';

/** "in 45 seconds" / "in 3 minutes", for RATE_LIMITED answers. */
export function waitText(i18n: I18n, seconds: number): string {
  if (seconds < 60) return i18n.t('time.seconds', { n: Math.max(1, Math.ceil(seconds)) });
  if (seconds < 3600) return i18n.t('time.minutes', { n: Math.ceil(seconds / 60) });
  return i18n.t('time.hours', { n: Math.ceil(seconds / 3600) });
}

function paramsOf(i18n: I18n, err: ApiError): Params {
  const d = err.details;
  const p: Params = {};
  if (typeof d.attemptsLeft === 'number') p.attemptsLeft = d.attemptsLeft;
  if (typeof d.minLength === 'number') p.minLength = d.minLength;
  if (typeof d.minAgeYears === 'number') p.minAgeYears = d.minAgeYears;
  if (typeof d.retryAfterSeconds === 'number') p.wait = waitText(i18n, d.retryAfterSeconds);
  // Money limits come as strings of Rials (top-up range, payment-link range, offer minimum).
  if (typeof d.minRials === 'string') p.min = i18n.toman(d.minRials);
  if (typeof d.maxRials === 'string') p.max = i18n.toman(d.maxRials);
  if (typeof d.minOrderRials === 'string') p.min = i18n.toman(d.minOrderRials);
  return p;
}

/** The user-facing sentence for any failure; server codes map to translated text, never raw messages. */
export function errorText(i18n: I18n, err: unknown): string {
  if (!(err instanceof ApiError)) return i18n.t('error.UNKNOWN');
  if (err.code === 'RATE_LIMITED' && typeof err.details.retryAfterSeconds !== 'number') return i18n.t('error.RATE_LIMITED_SOON');
  const key = `error.${err.code}`;
  if (i18n.has(key)) return i18n.t(key, paramsOf(i18n, err));
  if (err.status >= 500) return i18n.t('error.INTERNAL');
  if (err.status === 403) return i18n.t('error.ROLE_REQUIRED');
  if (err.status === 404) return i18n.t('error.NOT_FOUND');
  return i18n.t('error.UNKNOWN');
}

/**
 * Splits an error between form fields (the server names the field in details.field, or in the
 * path of a schema issue) and a message for the whole form.
 */
export function formErrors(i18n: I18n, err: unknown): { fields: Record<string, string>; form: string | null } {
  if (!(err instanceof ApiError)) return { fields: {}, form: errorText(i18n, err) };
  if (err.field) return { fields: { [err.field]: errorText(i18n, err) }, form: null };
  const issues = Array.isArray(err.details.issues) ? (err.details.issues as Array<{ path?: string }>) : [];
  if (err.code === 'VALIDATION_FAILED' && issues.length) {
    const fields: Record<string, string> = {};
    for (const issue of issues) {
      const field = String(issue.path ?? '').split('.').slice(1)[0];
      if (field) fields[field] = i18n.t('error.FIELD_INVALID');
    }
    if (Object.keys(fields).length) return { fields, form: null };
  }
  return { fields: {}, form: errorText(i18n, err) };
}
