import { useI18n } from '../../i18n';
import { Badge, Button, Card } from '../../components/ui';
import { Icon } from '../../components/icons';
import { metresBetween, type LatLng } from '../../components/map';
import { useCountdown } from '../../lib/hooks';
import type { Offer } from '../rides/rides-api';
import { SERVICE_ICON, ServiceName, useKm } from '../rides/ride-ui';

/** An offer with its countdown (default 15 s) and its kind, passenger or parcel (ORD-12). */
export function OfferCard({ offer, position, busy, onAccept, onReject }: {
  offer: Offer; position: LatLng | null; busy: 'accept' | 'reject' | null; onAccept(): void; onReject(): void;
}) {
  const { t, toman, num } = useI18n();
  const km = useKm();
  const left = useCountdown(Date.parse(offer.expiresAt));
  const parcel = offer.kind === 'parcel';
  return (
    <Card className="offer-card" title={t('work.offer.title')} actions={
      <span className={left <= 5 ? 'countdown countdown-low' : 'countdown'} role="timer" aria-label={t('work.offer.secondsLeft', { n: left })}>{num(left)}</span>
    }>
      <div className="offer-kind">
        <span className="tile-icon" aria-hidden="true"><Icon name={SERVICE_ICON[offer.serviceCode] ?? (parcel ? 'box' : 'car')} size={24} /></span>
        <div className="list-main">
          <Badge tone={parcel ? 'warn' : 'brand'}>{t(parcel ? 'work.offer.parcel' : 'work.offer.passenger')}</Badge>
          <strong><ServiceName code={offer.serviceCode} /></strong>
        </div>
        <strong className="amount offer-price">{toman(offer.priceRials)}</strong>
      </div>
      <ol className="nav-steps">
        <li><span className="route-dot route-dot-origin" aria-hidden="true" />{t('work.nav.toPickup')}<span className="muted nav-dist">{km(position ? metresBetween(position, offer.pickup) : offer.distanceKm * 1000)}</span></li>
        <li><span className="route-dot route-dot-destination" aria-hidden="true" />{t('work.nav.toDropoff')}<span className="muted nav-dist">{km(metresBetween(offer.pickup, offer.dropoff))}</span></li>
      </ol>
      <div className="offer-actions">
        <Button busy={busy === 'accept'} disabled={busy !== null || left === 0} onClick={onAccept} icon="check">{t('work.offer.accept')}</Button>
        <Button variant="ghost" busy={busy === 'reject'} disabled={busy !== null} onClick={onReject} icon="x">{t('work.offer.reject')}</Button>
      </div>
    </Card>
  );
}
