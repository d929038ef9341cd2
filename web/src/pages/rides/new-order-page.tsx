import { useEffect, useMemo, useRef, useState } from 'react';
import { api, request, type City } from '../../api';
import { useI18n } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Banner, Button, ButtonLink, Card, Loading, PageHeader } from '../../components/ui';
import { Icon } from '../../components/icons';
import { SelectField, TextField } from '../../components/fields';
import { MapView, metresBetween, type LatLng, type MapPin } from '../../components/map';
import { errorText, formErrors } from '../../lib/errors';
import { useAsync, useCountdown } from '../../lib/hooks';
import { Segmented } from '../money/money-ui';
import { newIdempotencyKey } from '../money/money-api';
import { isParcelService, RIDE_SERVICES, ridesApi, type ParcelInput, type Quote, type ServiceCode } from './rides-api';
import { PriceBreakdown, SERVICE_ICON, SERVICE_LABEL, useKm, useMinutes } from './ride-ui';
import { emptyParcel, ParcelForm, parcelProblems, type ParcelDraft } from './parcel-form';
import { NOW_OPTIONS, RideOptions, type RideOptionsValue } from './order-options';

function ServicePicker({ value, onValue }: { value: ServiceCode | null; onValue(v: ServiceCode): void }) {
  const { t } = useI18n();
  return (
    <div className="service-picker" role="radiogroup" aria-label={t('rides.chooseService')}>
      {RIDE_SERVICES.map((code) => (
        <button key={code} type="button" role="radio" aria-checked={value === code} className={value === code ? 'service-opt service-opt-on' : 'service-opt'} onClick={() => onValue(code)}>
          <Icon name={SERVICE_ICON[code]} size={24} />
          <span>{t(SERVICE_LABEL[code])}</span>
        </button>
      ))}
    </div>
  );
}

function RoutePicker({ city, origin, destination, onPoints }: { city: City & { center?: LatLng }; origin: LatLng | null; destination: LatLng | null; onPoints(o: LatLng | null, d: LatLng | null): void }) {
  const { t } = useI18n();
  const [picking, setPicking] = useState<'origin' | 'destination'>(origin ? 'destination' : 'origin');
  const pins = useMemo(() => {
    const out: MapPin[] = [];
    if (origin) out.push({ id: 'o', kind: 'origin', label: t('rides.origin'), ...origin });
    if (destination) out.push({ id: 'd', kind: 'destination', label: t('rides.destination'), ...destination });
    return out;
  }, [origin, destination, t]);
  const tap = (p: LatLng) => {
    if (picking === 'origin') { onPoints(p, destination); if (!destination) setPicking('destination'); }
    else onPoints(origin, p);
  };
  return (
    <div className="stack">
      <MapView
        center={city.center ?? { lat: 38.0792, lng: 46.2887 }} zoom={13} pins={pins}
        lines={origin && destination ? [{ id: 'r', points: [origin, destination], dashed: true }] : []}
        onTap={tap} label={t('rides.mapLabel')} className="map-tall"
      />
      <Segmented
        label={t('rides.picking')} value={picking} onValue={setPicking}
        options={[
          { value: 'origin', label: <span className="pick-opt"><span className="route-dot route-dot-origin" aria-hidden="true" />{t('rides.origin')}{origin ? <Icon name="check" size={16} /> : null}</span> },
          { value: 'destination', label: <span className="pick-opt"><span className="route-dot route-dot-destination" aria-hidden="true" />{t('rides.destination')}{destination ? <Icon name="check" size={16} /> : null}</span> },
        ]}
      />
      <p className="muted small" aria-live="polite">{t(picking === 'origin' ? 'rides.tapOrigin' : 'rides.tapDestination')}</p>
    </div>
  );
}

function QuoteCard({ quote, busy, onRequote }: { quote: Quote; busy: boolean; onRequote(promo?: string): Promise<unknown> }) {
  const i18n = useI18n();
  const { t, clock } = i18n;
  const left = useCountdown(Date.parse(quote.expiresAt));
  const km = useKm();
  const minutes = useMinutes();
  const [promo, setPromo] = useState('');
  const [promoError, setPromoError] = useState<string | null>(null);
  const applyPromo = async () => {
    setPromoError(null);
    try { await onRequote(promo.trim()); } catch (e) { setPromoError(errorText(i18n, e)); }
  };
  return (
    <Card title={t('rides.quoteTitle')} subtitle={t('rides.quoteTrip', { distance: km(quote.distanceMeters), duration: minutes(quote.durationSeconds) })}>
      <div className="quote-total">
        <strong className="amount">{i18n.toman(quote.priceRials)}</strong>
        {left > 0
          ? <span className="badge badge-neutral" role="timer" aria-label={t('rides.quoteExpiresIn', { time: clock(left) })}><Icon name="clock" size={14} /> {clock(left)}</span>
          : <span className="badge badge-bad">{t('rides.quoteExpired')}</span>}
      </div>
      <PriceBreakdown b={quote.breakdown} />
      {left === 0 && <Button variant="secondary" busy={busy} onClick={() => void onRequote(promo.trim() || undefined)} icon="clock">{t('rides.requote')}</Button>}
      <div className="inline-form">
        <TextField label={t('rides.promo')} value={promo} onValue={(v) => setPromo(v.toUpperCase())} error={promoError} ltr name="promo" autoComplete="off" />
        <Button variant="secondary" busy={busy} disabled={!promo.trim()} onClick={() => void applyPromo()}>{t('common.apply')}</Button>
      </div>
      {quote.promotion && <Banner kind="success">{t('rides.promoApplied')}</Banner>}
    </Card>
  );
}

/** The customer's order: service, route on the map, quote (ORD-2), parcel details (ORD-7, ORD-8), order. */
export function NewOrderPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const initial = query.get('service') as ServiceCode | null;
  const [service, setService] = useState<ServiceCode | null>(initial && RIDE_SERVICES.includes(initial) ? initial : null);
  const [origin, setOrigin] = useState<LatLng | null>(null);
  const [destination, setDestination] = useState<LatLng | null>(null);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [busy, setBusy] = useState<'quote' | 'order' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [payment, setPayment] = useState<'wallet' | 'cash' | 'company'>('wallet');
  const [companyId, setCompanyId] = useState('');
  // ACC-3: members of an active company may put the ride on the company's account.
  const companies = useAsync(() => request<Array<{ id: string; name: string; status: string; role: string | null }>>('GET', '/v1/companies').then((cs) => cs.filter((c) => c.status === 'active' && c.role)).catch(() => []), []);
  const [parcel, setParcel] = useState<ParcelDraft>(emptyParcel);
  const [parcelErrors, setParcelErrors] = useState<Record<string, string>>({});
  const [options, setOptions] = useState<RideOptionsValue>(NOW_OPTIONS);
  const key = useRef(newIdempotencyKey());
  const cities = useAsync(() => api.catalog.cities(), []);
  const city = cities.data?.[0] as (City & { center?: LatLng }) | undefined;
  const parcelMode = !!service && isParcelService(service);

  // A new service or route needs a new price, and a new order attempt a new key.
  useEffect(() => { setQuote(null); setError(null); key.current = newIdempotencyKey(); }, [service, origin, destination, options.scheduledAt]);
  useEffect(() => { setOptions(NOW_OPTIONS); }, [service]);

  const getQuote = async (promoCode?: string) => {
    if (!service || !origin || !destination) return;
    setBusy('quote');
    setError(null);
    try {
      setQuote(await ridesApi.quote({ serviceCode: service, cityId: city?.id, origin, destination, ...(promoCode ? { promoCode } : {}), ...(options.scheduledAt ? { scheduledAt: options.scheduledAt } : {}) }));
      key.current = newIdempotencyKey();
    } catch (e) {
      if (promoCode) throw e;
      setError(errorText(i18n, e));
    } finally { setBusy(null); }
  };

  const placeOrder = async () => {
    if (!quote) return;
    let parcelBody: ParcelInput | undefined;
    if (parcelMode) {
      const problems = parcelProblems(i18n, parcel);
      setParcelErrors(problems);
      if (Object.keys(problems).length) return;
      parcelBody = toParcelInput(parcel);
    }
    setBusy('order');
    setError(null);
    try {
      const paidBy = payment === 'company' ? { companyId: companyId || companies.data?.[0]?.id } : {};
      const order = await ridesApi.order({ quoteId: quote.id, paymentMethod: payment, ...paidBy, ...(parcelMode ? { parcel: parcelBody } : { passengers: options.passengers, ...(options.guestId ? { guestId: options.guestId } : {}) }) }, key.current);
      navigate(`/rides/${order.id}`);
    } catch (e) {
      // The server names parcel fields by their path (parcel.recipient.mobile); the form by the last part.
      const f = formErrors(i18n, e);
      const fields = Object.fromEntries(Object.entries(f.fields).map(([k, v]) => [k.split('.').pop()!, v]));
      const shown = parcelMode && Object.keys(fields).some((k) => PARCEL_FIELDS.has(k));
      setParcelErrors(shown ? fields : {});
      setError(shown ? null : (f.form ?? errorText(i18n, e)));
      key.current = newIdempotencyKey();
    } finally { setBusy(null); }
  };

  const straight = origin && destination ? metresBetween(origin, destination) : 0;
  return (
    <Shell>
      <PageHeader title={t('rides.newTitle')} subtitle={t('rides.newSubtitle')} back="/home" actions={<ButtonLink to="/rides" variant="ghost" icon="list">{t('rides.historyLink')}</ButtonLink>} />
      <div className="stack-lg">
        <ServicePicker value={service} onValue={setService} />
        {cities.error ? <Banner kind="error">{errorText(i18n, cities.error)}</Banner> : null}
        {!city && !cities.error && <Loading />}
        {city && service && <RoutePicker city={city} origin={origin} destination={destination} onPoints={(o, d) => { setOrigin(o); setDestination(d); }} />}
        {service && !parcelMode && origin && destination && <RideOptions service={service} value={options} onValue={setOptions} />}
        {error && <Banner kind="error">{error}</Banner>}
        {service && origin && destination && !quote && (
          <Button block busy={busy === 'quote'} onClick={() => void getQuote()} icon="tag">{t('rides.getPrice', { distance: i18n.t('rides.km', { n: Math.round(straight / 100) / 10 }) })}</Button>
        )}
        {quote && <QuoteCard quote={quote} busy={busy === 'quote'} onRequote={getQuote} />}
        {quote && parcelMode && <ParcelForm draft={parcel} onDraft={(d) => { setParcel(d); if (d.payer === 'recipient') setPayment('cash'); }} errors={parcelErrors} />}
        {quote && (
          <Card title={t('rides.payTitle')}>
            {/* ORD-7: a recipient pays in cash at the door, so that choice fixes the method. */}
            <Segmented label={t('rides.payTitle')} value={payment} onValue={(v) => { if (!(parcelMode && parcel.payer === 'recipient')) setPayment(v); }}
              options={[{ value: 'wallet', label: t('rides.pay.wallet') }, { value: 'cash', label: t('rides.pay.cash') },
                ...(companies.data?.length && !parcelMode ? [{ value: 'company' as const, label: t('rides.pay.company') }] : [])]} />
            {payment === 'company' && (companies.data?.length ?? 0) > 1 && (
              <SelectField label={t('rides.pay.whichCompany')} name="company" value={companyId || companies.data![0].id} onValue={setCompanyId}
                options={companies.data!.map((c) => ({ value: c.id, label: c.name }))} />
            )}
            <p className="muted small">{t(payment === 'wallet' ? 'rides.pay.walletHint' : payment === 'company' ? 'rides.pay.companyHint' : 'rides.pay.cashHint')}</p>
            <Button block busy={busy === 'order'} onClick={() => void placeOrder()} icon="check">
              {t(parcelMode ? 'rides.orderParcel' : 'rides.orderRide', { price: i18n.toman(quote.priceRials) })}
            </Button>
          </Card>
        )}
        {!service && <p className="muted center">{t('rides.chooseServiceHint')}</p>}
      </div>
    </Shell>
  );
}

const PARCEL_FIELDS: ReadonlySet<string> = new Set(['category', 'contents', 'declaredValueRials', 'name', 'mobile', 'address']);

function toParcelInput(d: ParcelDraft): ParcelInput {
  return {
    category: d.category as ParcelInput['category'], contents: d.contents.trim(), contentsVisible: false,
    declaredValueRials: (BigInt(d.declaredToman || '0') * 10n).toString(),
    recipient: { name: d.recipientName.trim(), mobile: d.recipientMobile.replace(/\D/g, ''), address: d.recipientAddress.trim() },
    payer: d.payer,
  };
}
