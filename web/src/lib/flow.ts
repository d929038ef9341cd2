import { api, type UserSelf } from '../api';
import { hasRole } from '../areas';
import type { Locale } from '../i18n';

/** Customers and providers finish their profile and accept the terms before anything else. */
const onboards = (me: UserSelf) => hasRole(me, 'customer', 'provider');

/** Only same-site paths may be a `next` target (no open redirect through the sign-in page). */
export function safeNext(next: string | null | undefined): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : null;
}

/** Where a person goes after signing in or finishing a step: profile, then terms, then home. */
export async function nextStep(me: UserSelf, locale: Locale, next?: string | null): Promise<string> {
  // A blocked account sees why on its home page before anything else.
  if (me.status === 'blocked') return '/';
  if (onboards(me) && !me.profileComplete) return '/profile?welcome=1';
  if (onboards(me)) {
    const terms = await api.terms.current(locale).catch(() => null);
    if (terms && !terms.accepted) return '/terms?welcome=1';
  }
  return safeNext(next) ?? '/';
}
