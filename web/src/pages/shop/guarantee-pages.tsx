import { useState } from 'react';
import { toAsciiDigits, useI18n, type MessageKey } from '../../i18n';
import { Link } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, Details, EmptyState, Loading, PageHeader } from '../../components/ui';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { RETURN_TONE, shopApi, type GuaranteeReturn, type GuaranteeReturnDetail } from './shop-api';
import { OpsSelfServiceTabs } from './ops-shop-pages';
import { Timeline } from './shop-parts';

const gStatus = (s: string) => `grt.status.${s}` as MessageKey;

function ReturnDetails({ r }: { r: GuaranteeReturnDetail | GuaranteeReturn }) {
  const i18n = useI18n();
  const { t, toman } = i18n;
  return (
    <Details rows={[
      [t('grt.choice'), t(r.choice === 'quit' ? 'grt.quit' : 'grt.continue')],
      [t('grt.charge'), BigInt(r.chargeRials) > 0n ? `${toman(r.chargeRials)} (${i18n.num(r.chargePercent)}٪ × ${toman(r.equipmentRials)})` : t('grt.noCharge')],
      [t('grt.address'), r.postalAddress],
      [t('shop.tracking'), r.trackingNumber ? <span key="tr" dir="ltr">{i18n.digits(r.trackingNumber)}</span> : '—'],
      [t('grt.postage'), t('grt.postageOnDelivery')],
      ...(r.rejectReason ? [[t('grt.rejectReason'), r.rejectReason] as [string, string]] : []),
    ]} />
  );
}

/** PRV-5 for the provider: continue or quit, the charge shown first, then the timeline. */
export function ProviderGuaranteePage() {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const quote = useAsync(() => shopApi.guarantee.quote(), []);
  const mine = useAsync(() => shopApi.guarantee.mine(), []);
  const [choice, setChoice] = useState<'continue' | 'quit'>('continue');
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const open = mine.data?.find((r) => ['requested', 'awaiting_payment', 'ready'].includes(r.status));
  async function submit() {
    setBusy(true);
    setError(null);
    try { await shopApi.guarantee.request({ choice, postalAddress: address }); mine.reload(); } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <Shell>
      <PageHeader title={t('grt.title')} subtitle={t('grt.subtitle')} back="/provider/shop" />
      {quote.data && !quote.data.guaranteeHeld && !open && <Banner kind="info">{t('grt.notHeld')}</Banner>}
      <div className="stack-lg">
        {quote.data?.guaranteeHeld && !open && (
          <Card title={t('grt.new')}>
            <div className="stack">
              <SelectField label={t('grt.choice')} name="choice" value={choice} onValue={(v) => setChoice(v as 'continue' | 'quit')}
                options={[{ value: 'continue', label: t('grt.continueLong') }, { value: 'quit', label: t('grt.quitLong') }]} />
              {choice === 'quit' && <Banner kind="warning">{t('grt.quitCharge', { amount: toman(quote.data.quitChargeRials), percent: quote.data.percent, equipment: toman(quote.data.equipmentRials) })}</Banner>}
              <TextArea label={t('grt.address')} name="address" value={address} onValue={setAddress} maxLength={500} />
              <p className="muted">{t('grt.postageOnDelivery')}</p>
              {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
              <Button busy={busy} onClick={submit} disabled={address.trim().length < 10}>{t('grt.submit')}</Button>
            </div>
          </Card>
        )}
        {mine.data?.length === 0 && <EmptyState icon="doc" title={t('grt.none')} />}
        {mine.data?.map((r) => <ProviderReturnCard key={r.id} id={r.id} onChange={mine.reload} />)}
      </div>
    </Shell>
  );
}

function ProviderReturnCard({ id, onChange }: { id: string; onChange(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const r = useAsync(() => shopApi.guarantee.get(id), [id]);
  if (!r.data) return <Loading />;
  return (
    <Card title={i18n.dateTime(r.data.createdAt)} actions={<Badge tone={RETURN_TONE[r.data.status]}>{t(gStatus(r.data.status))}</Badge>}>
      <ReturnDetails r={r.data} />
      <Timeline events={r.data.events} />
      {r.data.status === 'requested' && <Button variant="secondary" onClick={async () => { await shopApi.guarantee.cancel(id); onChange(); }}>{t('shop.cancel')}</Button>}
    </Card>
  );
}

/** PRV-5 for ops: the queue of guarantee returns. */
export function OpsGuaranteeReturnsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const list = useAsync(() => shopApi.guarantee.ops.list(), []);
  return (
    <Shell wide>
      <PageHeader title={t('grt.ops.title')} />
      <OpsSelfServiceTabs current="guarantees" />
      {list.error ? <Banner kind="error">{errorText(i18n, list.error)}</Banner> : null}
      {list.data?.length === 0 && <EmptyState icon="check" title={t('grt.none')} />}
      <ul className="list card-list">
        {list.data?.map((r) => (
          <li key={r.id}>
            <Link to={`/ops/guarantee-returns/${encodeURIComponent(r.id)}`} className="list-row list-link">
              <span className="list-main"><strong>{t(r.choice === 'quit' ? 'grt.quit' : 'grt.continue')}</strong><span className="muted">{i18n.dateTime(r.createdAt)}</span></span>
              <Badge tone={RETURN_TONE[r.status]}>{t(gStatus(r.status))}</Badge>
            </Link>
          </li>
        ))}
      </ul>
    </Shell>
  );
}

/** One return for ops: approve (collect the charge), reject, ship with a tracking number. */
export function OpsGuaranteeReturnPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const r = useAsync(() => shopApi.guarantee.ops.get(id), [id]);
  const [collect, setCollect] = useState<'wallet' | 'link'>('wallet');
  const [reason, setReason] = useState('');
  const [tracking, setTracking] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try { await fn(); toast(t('shop.saved'), 'success'); r.reload(); } catch (err) { setError(err); } finally { setBusy(false); }
  }
  const d = r.data;
  return (
    <Shell wide>
      <PageHeader title={t('grt.ops.title')} back="/ops/guarantee-returns" />
      {r.error ? <Banner kind="error">{errorText(i18n, r.error)}</Banner> : null}
      {d && (
        <div className="stack-lg">
          <Card title={<Link to={`/ops/users/${encodeURIComponent(d.userId)}`}>{i18n.digits(d.userId)}</Link>} actions={<Badge tone={RETURN_TONE[d.status]}>{t(gStatus(d.status))}</Badge>}>
            <ReturnDetails r={d} />
          </Card>
          {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
          {d.status === 'requested' && (
            <Card title={t('grt.ops.decide')}>
              <div className="stack">
                {BigInt(d.chargeRials) > 0n && <SelectField label={t('shop.payment')} name="collect" value={collect} onValue={(v) => setCollect(v as 'wallet' | 'link')}
                  options={[{ value: 'wallet', label: t('shop.collect.wallet') }, { value: 'link', label: t('shop.collect.link') }]} />}
                <Button busy={busy} onClick={() => run(() => shopApi.guarantee.ops.approve(id, collect))}>{t('prq.approve')}</Button>
                <TextField label={t('grt.rejectReason')} name="reason" value={reason} onValue={setReason} />
                <Button variant="danger" busy={busy} disabled={reason.trim().length < 3} onClick={() => run(() => shopApi.guarantee.ops.reject(id, reason))}>{t('prq.reject')}</Button>
              </div>
            </Card>
          )}
          {d.status === 'ready' && (
            <Card title={t('grt.ops.ship')}>
              <div className="stack">
                <TextField label={t('shop.tracking')} name="tracking" ltr value={tracking} onValue={(v) => setTracking(toAsciiDigits(v))} />
                <Button busy={busy} disabled={!tracking} onClick={() => run(() => shopApi.guarantee.ops.ship(id, tracking))}>{t('grt.ops.ship')}</Button>
              </div>
            </Card>
          )}
          <Card title={t('timeline.title')}><Timeline events={d.events} /></Card>
        </div>
      )}
    </Shell>
  );
}
