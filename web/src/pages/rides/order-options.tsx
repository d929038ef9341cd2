/**
 * The parts of a ride order beyond the route: how many ride, who rides (ACC-6 guest), when
 * (ORD-17), and, once the ride is on, changing the destination (ORD-3) or buying waiting time
 * (ORD-5). Every change is re-quoted by the server and applies only when the customer confirms it.
 */
import { useMemo, useState } from 'react';
import { api, type Guest } from '../../api';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import { TIME_ZONE } from '../../i18n/format';
import { Banner, Button, Card } from '../../components/ui';
import { Icon } from '../../components/icons';
import { SelectField } from '../../components/fields';
import { MapView, type LatLng, type MapPin } from '../../components/map';
import { errorText } from '../../lib/errors';
import { useAsync, useCountdown } from '../../lib/hooks';
import { Segmented } from '../money/money-ui';
import { ridesApi, type Order, type ServiceCode } from './rides-api';

/** Seats the services usually carry; the server's order.passengerCapacity setting has the last word. */
const SEATS_HINT: Partial<Record<ServiceCode, number>> = { car_ride: 4, moto_ride: 1 };
const SCHEDULE_DAYS = 7;
const SCHEDULE_STEP_MINUTES = 15;
/** Tehran's offset; Iran has kept standard time all year since 2022. */
const TEHRAN_OFFSET = '+03:30';

export interface RideOptionsValue { passengers: number; guestId: string | null; scheduledAt: string | null }
export const NOW_OPTIONS: RideOptionsValue = { passengers: 1, guestId: null, scheduledAt: null };

/** Today's date in Tehran plus `days`, as yyyy-mm-dd. */
function tehranDay(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** The quarter-hours of a day still ahead by at least `leadMinutes`. */
function timesOf(day: string, leadMinutes: number): string[] {
  const out: string[] = [];
  const earliest = Date.now() + leadMinutes * 60_000;
  for (let m = 0; m < 24 * 60; m += SCHEDULE_STEP_MINUTES) {
    const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    if (Date.parse(`${day}T${hhmm}:00${TEHRAN_OFFSET}`) >= earliest) out.push(hhmm);
  }
  return out;
}

function Stepper({ label, value, min, max, onValue }: { label: string; value: number; min: number; max: number; onValue(v: number): void }) {
  const { num } = useI18n();
  return (
    <div className="field">
      <span className="field-label" id="stepper-label">{label}</span>
      <div className="stepper" role="group" aria-labelledby="stepper-label">
        <button type="button" className="btn btn-secondary" aria-label="−" disabled={value <= min} onClick={() => onValue(value - 1)}>−</button>
        <output aria-live="polite">{num(value)}</output>
        <button type="button" className="btn btn-secondary" aria-label="+" disabled={value >= max} onClick={() => onValue(value + 1)}>+</button>
      </div>
    </div>
  );
}

/** Passengers, rider and time of a ride; a new time needs a new quote (prices depend on the hour). */
export function RideOptions({ service, value, onValue }: { service: ServiceCode; value: RideOptionsValue; onValue(v: RideOptionsValue): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const guests = useAsync(() => api.me.guests(), []);
  const seats = SEATS_HINT[service] ?? 1;
  const later = value.scheduledAt !== null;
  const days = useMemo(() => Array.from({ length: SCHEDULE_DAYS }, (_, i) => tehranDay(i)), []);
  const [day, setDay] = useState(days[0]);
  const times = timesOf(day, 20);
  const pickTime = (d: string, hhmm: string | undefined) => onValue({ ...value, scheduledAt: hhmm ? `${d}T${hhmm}:00${TEHRAN_OFFSET}` : null });
  const currentTime = value.scheduledAt ? value.scheduledAt.slice(11, 16) : '';
  return (
    <Card title={t('rides.options.title')}>
      {seats > 1 && <Stepper label={t('rides.options.passengers')} value={value.passengers} min={1} max={seats} onValue={(n) => onValue({ ...value, passengers: n })} />}
      <RiderPicker guests={guests.data ?? []} value={value.guestId} onValue={(g) => onValue({ ...value, guestId: g })} />
      <Segmented label={t('rides.when')} value={later ? 'later' : 'now'}
        onValue={(w) => (w === 'now' ? onValue({ ...value, scheduledAt: null }) : pickTime(days[0], timesOf(days[0], 20)[0] ?? timesOf(days[1], 20)[0]))}
        options={[{ value: 'now', label: t('rides.options.now') }, { value: 'later', label: t('rides.options.later') }]} />
      {later && (
        <div className="inline-form">
          <SelectField label={t('rides.options.day')} name="day" value={day}
            onValue={(d) => { setDay(d); pickTime(d, timesOf(d, 20)[0]); }}
            options={days.map((d, i) => ({ value: d, label: i === 0 ? t('rides.options.today') : i18n.day(d) }))} />
          <SelectField label={t('rides.options.time')} name="time" value={currentTime}
            onValue={(hhmm) => pickTime(day, hhmm)}
            options={times.map((hhmm) => ({ value: hhmm, label: i18n.digits(hhmm) }))} />
        </div>
      )}
      {later && <p className="muted small">{t('rides.options.laterHint')}</p>}
    </Card>
  );
}

function RiderPicker({ guests, value, onValue }: { guests: Guest[]; value: string | null; onValue(id: string | null): void }) {
  const { t, digits } = useI18n();
  if (!guests.length) {
    return <p className="muted small"><Icon name="user" size={16} /> {t('rides.options.forMe')} · <Link to="/profile">{t('rides.options.addGuest')}</Link></p>;
  }
  return (
    <SelectField label={t('rides.options.rider')} name="rider" value={value ?? ''} onValue={(v) => onValue(v || null)}
      options={[{ value: '', label: t('rides.options.forMe') }, ...guests.map((g) => ({ value: g.id, label: `${g.name} · ${digits(g.mobile)}` }))]} />
  );
}

type ChangeQuote = Awaited<ReturnType<typeof ridesApi.requestChange>>;

/** A change quote waiting for the customer's yes: the new total, its expiry, confirm or drop. */
function ConfirmChange({ order, quote, onDone, onDrop }: { order: Order; quote: ChangeQuote; onDone(o: Order): void; onDrop(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const left = useCountdown(Date.parse(quote.expiresAt));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try { onDone(await ridesApi.confirmChange(order.id, quote.id)); } catch (e) { setError(errorText(i18n, e)); } finally { setBusy(false); }
  };
  const delta = BigInt(quote.priceRials) - BigInt(order.priceRials);
  return (
    <div className="confirm-box confirm-box-calm">
      <p>{t('rides.change.newPrice', { price: i18n.toman(quote.priceRials) })}{delta > 0n ? ` (${t('rides.change.more', { amount: i18n.toman(delta) })})` : ''}</p>
      {left === 0 && <Banner kind="warning">{t('rides.quoteExpired')}</Banner>}
      {error && <Banner kind="error">{error}</Banner>}
      <div className="row">
        <Button busy={busy} disabled={left === 0} onClick={() => void confirm()} icon="check">{t('rides.change.confirm')}</Button>
        <Button variant="ghost" onClick={onDrop}>{t('rides.change.keep')}</Button>
      </div>
    </div>
  );
}

/** ORD-3 a new destination, ORD-5 paid waiting: asked, priced, confirmed. */
export function ChangeCard({ order, onDone }: { order: Order; onDone(o: Order): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [mode, setMode] = useState<'destination' | 'waiting' | null>(null);
  const [point, setPoint] = useState<LatLng | null>(null);
  const [quote, setQuote] = useState<ChangeQuote | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canWait = order.kind === 'ride' && (order.status === 'accepted' || order.status === 'arrived');
  const ask = async (body: { newDestination?: LatLng; waitingMinutes?: number }) => {
    setBusy(true);
    setError(null);
    try { setQuote(await ridesApi.requestChange(order.id, body)); } catch (e) { setError(errorText(i18n, e)); } finally { setBusy(false); }
  };
  const reset = () => { setMode(null); setPoint(null); setQuote(null); setError(null); };
  const pins: MapPin[] = [{ id: 'd', kind: 'destination', label: t('rides.destination'), ...(point ?? order.destination) }];
  return (
    <Card title={t('rides.change.title')}>
      {!mode && (
        <div className="row">
          <Button variant="secondary" icon="globe" onClick={() => setMode('destination')}>{t('rides.change.destination')}</Button>
          {canWait && <Button variant="secondary" icon="clock" onClick={() => setMode('waiting')}>{t('rides.change.waiting')}</Button>}
        </div>
      )}
      {mode === 'destination' && !quote && (
        <div className="stack">
          <MapView center={order.destination} pins={pins} onTap={setPoint} label={t('rides.change.mapLabel')} />
          <p className="muted small">{t('rides.tapDestination')}</p>
          <div className="row">
            <Button busy={busy} disabled={!point} onClick={() => point && void ask({ newDestination: point })}>{t('rides.change.price')}</Button>
            <Button variant="ghost" onClick={reset}>{t('common.cancel')}</Button>
          </div>
        </div>
      )}
      {mode === 'waiting' && !quote && (
        <div className="stack">
          <p className="muted small">{t('rides.change.waitingHint')}</p>
          <div className="row">
            {[5, 10, 15].map((m) => <Button key={m} variant="secondary" busy={busy} onClick={() => void ask({ waitingMinutes: m })}>{t('rides.change.minutes', { n: m })}</Button>)}
            <Button variant="ghost" onClick={reset}>{t('common.cancel')}</Button>
          </div>
        </div>
      )}
      {quote && <ConfirmChange order={order} quote={quote} onDone={(o) => { reset(); onDone(o); }} onDrop={reset} />}
      {error && <Banner kind="error">{error}</Banner>}
    </Card>
  );
}

