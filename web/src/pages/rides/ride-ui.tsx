/** Small pieces the customer, provider and ops screens of issue 4 share. */
import { useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { Badge, Details } from '../../components/ui';
import { Icon, type IconName } from '../../components/icons';
import { Link } from '../../router';
import type { Breakdown, OrderStatus } from './rides-api';

export const SERVICE_ICON: Record<string, IconName> = { car_ride: 'car', moto_ride: 'moto', moto_parcel: 'box', van_parcel: 'truck' };
export const SERVICE_LABEL: Record<string, MessageKey> = {
  car_ride: 'rides.service.car_ride', moto_ride: 'rides.service.moto_ride', moto_parcel: 'rides.service.moto_parcel', van_parcel: 'rides.service.van_parcel',
  moving: 'rides.service.moving', errand: 'rides.service.errand',
};

export const STATUS_LABEL: Record<OrderStatus, MessageKey> = {
  scheduled: 'rides.status.scheduled', requested: 'rides.status.requested', offered: 'rides.status.offered', accepted: 'rides.status.accepted',
  arrived: 'rides.status.arrived', in_progress: 'rides.status.in_progress', completed: 'rides.status.completed', cancelled: 'rides.status.cancelled',
  no_show: 'rides.status.no_show', expired: 'rides.status.expired', returning: 'rides.status.returning', returned: 'rides.status.returned',
};

const STATUS_TONE: Record<string, 'neutral' | 'good' | 'bad' | 'warn' | 'brand'> = {
  requested: 'warn', offered: 'warn', scheduled: 'neutral', accepted: 'brand', arrived: 'brand', in_progress: 'brand',
  completed: 'good', cancelled: 'bad', no_show: 'bad', expired: 'bad', returning: 'warn', returned: 'neutral',
};

export const ACTIVE: ReadonlySet<string> = new Set(['requested', 'offered', 'accepted', 'arrived', 'in_progress', 'returning']);
export const SEARCHING: ReadonlySet<string> = new Set(['requested', 'offered']);

/** The provider reads the job from their side: "to the pickup" rather than "provider on the way". */
const PROVIDER_LABEL: Partial<Record<OrderStatus, MessageKey>> = {
  accepted: 'work.status.accepted', arrived: 'work.status.arrived', in_progress: 'work.status.in_progress', returning: 'work.status.returning',
};

export function StatusBadge({ status, viewer = 'customer' }: { status: string; viewer?: 'customer' | 'provider' }) {
  const { t } = useI18n();
  const key = (viewer === 'provider' ? PROVIDER_LABEL[status as OrderStatus] : undefined) ?? STATUS_LABEL[status as OrderStatus];
  return <Badge tone={STATUS_TONE[status] ?? 'neutral'}>{key ? t(key) : status}</Badge>;
}

export function ServiceName({ code }: { code: string }) {
  const { t } = useI18n();
  return <>{SERVICE_LABEL[code] ? t(SERVICE_LABEL[code]) : code}</>;
}

/** Kilometres with one decimal, in the page's digits. */
export function useKm() {
  const { t } = useI18n();
  return (metres: number) => t('rides.km', { n: Math.round(metres / 100) / 10 });
}

export function useMinutes() {
  const { t } = useI18n();
  return (seconds: number) => t('unit.minutes', { n: Math.max(1, Math.ceil(seconds / 60)) });
}

/** ORD-2: every part of the fare, so the customer sees where the total comes from. */
export function PriceBreakdown({ b }: { b: Breakdown }) {
  const { t, toman, num } = useI18n();
  const rows: Array<[ReactNode, ReactNode]> = [[t('rides.price.base'), toman(b.baseRials)], [t('rides.price.distance'), toman(b.distanceRials)], [t('rides.price.time'), toman(b.timeRials)]];
  if (BigInt(b.zoneSurchargeRials) > 0n) rows.push([t('rides.price.zone'), toman(b.zoneSurchargeRials)]);
  if (BigInt(b.waitingRials) > 0n) rows.push([t('rides.price.waiting'), toman(b.waitingRials)]);
  if (b.timeMultiplier !== 1) rows.push([t('rides.price.timeMultiplier'), t('unit.times', { n: b.timeMultiplier })]);
  if (b.demandMultiplier !== 1) rows.push([t('rides.price.demandMultiplier'), t('unit.times', { n: b.demandMultiplier })]);
  if (b.minimumApplied) rows.push([t('rides.price.minimum'), <Icon key="m" name="check" size={16} />]);
  if (BigInt(b.discountRials) > 0n) rows.push([t('rides.price.discount'), <bdi key="d" className="amount amount-credit">{t('money.toman', { amount: `\u2066−${num(BigInt(b.discountRials) / 10n)}\u2069` })}</bdi>]);
  rows.push([<strong key="t">{t('rides.price.total')}</strong>, <strong key="v" className="amount">{toman(b.totalRials)}</strong>]);
  return <Details rows={rows} />;
}

/** ORD-14: one to five stars as radio buttons (keyboard and screen readers work as usual). */
export function StarRating({ value, onValue, disabled }: { value: number; onValue(v: number): void; disabled?: boolean }) {
  const { t } = useI18n();
  const [hover, setHover] = useState(0);
  return (
    <div className="stars" role="radiogroup" aria-label={t('rides.rate.label')} onMouseLeave={() => setHover(0)}>
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n} type="button" role="radio" aria-checked={value === n} disabled={disabled}
          aria-label={t('rides.rate.stars', { n })} className={(hover || value) >= n ? 'star star-on' : 'star'}
          onMouseEnter={() => setHover(n)} onClick={() => onValue(n)}
        >
          <svg width="34" height="34" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3l2.8 5.8 6.2.9-4.5 4.4 1 6.3L12 17.5 6.5 20.4l1-6.3L3 9.7l6.2-.9z" /></svg>
        </button>
      ))}
    </div>
  );
}

/** One order in a list (the customer's history, the ops search): service, date, price and status. */
export function OrderListRow({ to, order: o, showId }: { to: string; order: { id: string; serviceCode: string; createdAt: string; priceRials: string; status: string }; showId?: boolean }) {
  const { toman, dateTime } = useI18n();
  return (
    <Link to={to} className="list-row list-link order-row">
      <span className="line-icon line-icon-debit" aria-hidden="true"><Icon name={SERVICE_ICON[o.serviceCode] ?? 'car'} size={20} /></span>
      <span className="list-main">
        <strong><ServiceName code={o.serviceCode} /></strong>
        {showId && <bdi dir="ltr" className="mono small">{o.id}</bdi>}
        <span className="muted small">{dateTime(o.createdAt)}</span>
      </span>
      <span className="order-row-end">
        <span className="amount">{toman(o.priceRials)}</span>
        <StatusBadge status={o.status} />
      </span>
    </Link>
  );
}
