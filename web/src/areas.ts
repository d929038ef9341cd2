import type { Role, UserSelf } from './api';
import type { MessageKey } from './i18n';

/** The parts of the app a person can work in; a user with several roles switches between them. */
export type Area = 'customer' | 'provider' | 'ops';

export const OPS_ROLES: readonly Role[] = ['ops_agent', 'ops_admin', 'finance'];

export const AREA_HOME: Record<Area, string> = { customer: '/home', provider: '/provider', ops: '/ops' };
export const AREA_LABEL: Record<Area, MessageKey> = { customer: 'area.customer', provider: 'area.provider', ops: 'area.ops' };

export const hasRole = (me: Pick<UserSelf, 'roles'> | null, ...roles: Role[]) => !!me && me.roles.some((r) => (roles as string[]).includes(r));

export function areasOf(me: UserSelf | null): Area[] {
  if (!me) return [];
  const out: Area[] = [];
  if (hasRole(me, ...OPS_ROLES)) out.push('ops');
  if (hasRole(me, 'provider')) out.push('provider');
  if (hasRole(me, 'customer')) out.push('customer');
  return out;
}

const LAST_AREA = 'peyk.area';

/** Where "home" is: the area used last on this device, else the most specific role. */
export function homeArea(me: UserSelf | null): Area {
  const areas = areasOf(me);
  const last = localStorage.getItem(LAST_AREA) as Area | null;
  if (last && areas.includes(last)) return last;
  return areas[0] ?? 'customer';
}

export function rememberArea(area: Area) {
  localStorage.setItem(LAST_AREA, area);
}

/** The first ops page this user may open (finance cannot search accounts; money is their work). */
export function opsHome(me: UserSelf | null): string {
  return hasRole(me, 'ops_agent', 'ops_admin') ? '/ops/users' : '/ops/money';
}
