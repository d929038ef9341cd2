import { useState } from 'react';
import { useI18n } from '../../i18n';
import { Banner, Button, Card } from '../../components/ui';
import { Checkbox, TextArea, TextField } from '../../components/fields';
import { CodeField } from '../../components/inputs';
import { metresBetween, type LatLng } from '../../components/map';
import { errorText } from '../../lib/errors';
import { Segmented } from '../money/money-ui';
import { providerApi, type Order, type PodBody } from '../rides/rides-api';
import { ServiceName, StatusBadge, useKm } from '../rides/ride-ui';
import { ChatPanel } from '../rides/chat';
import { SignaturePad } from './signature-pad';

type Step = 'arrived' | 'start' | 'no-show' | 'return' | 'complete';

/** The two legs of the job, with what is left of each from where the provider is now. */
function NavSteps({ order, position }: { order: Order; position: LatLng | null }) {
  const { t } = useI18n();
  const km = useKm();
  const picked = order.status === 'in_progress' || order.status === 'returning';
  const toPickup = position ? metresBetween(position, order.origin) : null;
  const toDrop = picked && position ? metresBetween(position, order.destination) : metresBetween(order.origin, order.destination);
  return (
    <ol className="nav-steps" aria-label={t('work.nav.title')}>
      <li className={picked ? 'nav-done' : 'nav-now'}>
        <span className="route-dot route-dot-origin" aria-hidden="true" />
        <span>{t(order.kind === 'parcel' ? 'work.nav.pickupParcel' : 'work.nav.pickupPassenger')}</span>
        {!picked && toPickup !== null && <span className="muted nav-dist">{km(toPickup)}</span>}
      </li>
      <li className={picked ? 'nav-now' : ''}>
        <span className="route-dot route-dot-destination" aria-hidden="true" />
        <span>{t(order.status === 'returning' ? 'work.nav.backToSender' : 'work.nav.dropoff')}</span>
        <span className="muted nav-dist">{km(order.status === 'returning' && position ? metresBetween(position, order.origin) : toDrop)}</span>
      </li>
    </ol>
  );
}

/** ORD-9: a signature drawn here or the code the recipient got by SMS; damage is declared before signing. */
function ProofOfDelivery({ order, busy, onComplete, onEdit }: { order: Order; busy: boolean; onComplete(pod: PodBody): void; onEdit(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [method, setMethod] = useState<'signature' | 'code'>('signature');
  const [damaged, setDamaged] = useState(false);
  const [damage, setDamage] = useState('');
  const [signer, setSigner] = useState('');
  const [signature, setSignature] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [sending, setSending] = useState(false);
  const [codeSent, setCodeSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sendCode = async () => {
    setSending(true);
    setError(null);
    try { await providerApi.deliveryCode(order.id); setCodeSent(true); } catch (e) { setError(errorText(i18n, e)); } finally { setSending(false); }
  };
  const [recipientPaid, setRecipientPaid] = useState(true);
  const ready = method === 'signature' ? !!signature && signer.trim().length >= 2 : code.length === 6;
  const submit = () => onComplete({
    method,
    ...(method === 'signature' ? { signaturePng: signature!, signerName: signer.trim() } : { code }),
    ...(damaged && damage.trim() ? { damage: damage.trim() } : {}),
    ...(order.payer === 'recipient' && order.paymentMethod === 'cash' ? { recipientPaid } : {}),
  });
  return (
    <div className="pod stack">
      <h3 className="section-label">{t('work.pod.title')}</h3>
      <Checkbox label={t('work.pod.damaged')} checked={damaged} onValue={setDamaged} disabled={!!signature} hint={signature ? t('work.pod.damageLocked') : t('work.pod.damageHint')} />
      {damaged && <TextArea label={t('work.pod.damageNote')} value={damage} onValue={setDamage} rows={2} maxLength={300} disabled={!!signature} name="damage" />}
      <Segmented label={t('work.pod.method')} value={method} onValue={setMethod}
        options={[{ value: 'signature', label: t('work.pod.bySignature') }, { value: 'code', label: t('work.pod.byCode') }]} />
      {method === 'signature' ? (
        <>
          <TextField label={t('work.pod.signer')} value={signer} onValue={setSigner} name="signer" maxLength={100} autoComplete="off" />
          <SignaturePad onValue={setSignature} disabled={busy} />
        </>
      ) : (
        <>
          <Button variant="secondary" busy={sending} onClick={() => void sendCode()} icon="message">{t(codeSent ? 'work.pod.resendCode' : 'work.pod.sendCode')}</Button>
          {codeSent && <p className="muted small" role="status">{t('work.pod.codeSent')}</p>}
          <CodeField label={t('work.pod.code')} value={code} onValue={(v) => { setCode(v); onEdit(); }} />
        </>
      )}
      {order.payer === 'recipient' && order.paymentMethod === 'cash' && (
        <Checkbox label={t('work.pod.recipientPaid', { price: i18n.toman(order.priceRials) })} hint={t('work.pod.recipientPaidHint')} checked={recipientPaid} onValue={setRecipientPaid} />
      )}
      {error && <Banner kind="error">{error}</Banner>}
      <Button block busy={busy} disabled={!ready} onClick={submit} icon="check">{t('work.step.deliver')}</Button>
    </div>
  );
}

/** The current job: who, where, the next step button; parcels end with a proof of delivery. */
export function JobCard({ order, position, myId, onChange }: { order: Order; position: LatLng | null; myId?: string; onChange(o: Order | null): void }) {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const [busy, setBusy] = useState<Step | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chat, setChat] = useState(false);
  const [returning, setReturning] = useState(false);
  const [returnReason, setReturnReason] = useState<'recipient_refused' | 'recipient_absent'>('recipient_absent');
  const parcel = order.kind === 'parcel';

  const run = async (step: Step, call: () => Promise<Order>) => {
    setBusy(step);
    setError(null);
    try { onChange(await call()); } catch (e) { setError(errorText(i18n, e)); } finally { setBusy(null); }
  };
  const step = (s: 'arrived' | 'start' | 'no-show') => run(s, () => providerApi.step(order.id, s));
  const complete = (pod?: PodBody) => run('complete', () => providerApi.complete(order.id, pod));

  return (
    <Card className="job-card" title={<ServiceName code={order.serviceCode} />} actions={<StatusBadge status={order.status} viewer="provider" />}>
      <div className="provider-head">
        <span className="avatar" aria-hidden="true">{(order.customer?.firstName ?? '؟').slice(0, 1)}</span>
        <div className="list-main">
          <strong>{order.customer?.firstName ?? t('work.customer')}</strong>
          {order.customer?.maskedMobile && <bdi dir="ltr" className="muted small">{i18n.digits(order.customer.maskedMobile)}</bdi>}
        </div>
        <strong className="amount">{toman(order.priceRials)}</strong>
      </div>
      <p className="muted small">{t(order.paymentMethod === 'cash' ? 'work.collectCash' : order.paymentMethod === 'company' ? 'work.paidByCompany' : 'work.paidByWallet')}</p>
      {parcel && order.parcel?.recipient && (
        <p className="small">{t('work.recipient', { name: String(order.parcel.recipient.name ?? ''), address: String(order.parcel.recipient.address ?? '') })}</p>
      )}
      <NavSteps order={order} position={position} />
      {error && <Banner kind="error">{error}</Banner>}
      {order.status === 'accepted' && <Button block busy={busy === 'arrived'} onClick={() => void step('arrived')} icon="check">{t('work.step.arrived')}</Button>}
      {order.status === 'arrived' && (
        <>
          <Button block busy={busy === 'start'} onClick={() => void step('start')} icon="steering">{t(parcel ? 'work.step.pickedUp' : 'work.step.start')}</Button>
          <Button variant="ghost" busy={busy === 'no-show'} onClick={() => void step('no-show')} icon="ban">{t('work.step.noShow')}</Button>
        </>
      )}
      {order.status === 'in_progress' && !parcel && <Button block busy={busy === 'complete'} onClick={() => void complete()} icon="check">{t('work.step.complete')}</Button>}
      {order.status === 'in_progress' && parcel && !returning && (
        <>
          <ProofOfDelivery order={order} busy={busy === 'complete'} onComplete={(pod) => void complete(pod)} onEdit={() => setError(null)} />
          <Button variant="ghost" onClick={() => setReturning(true)} icon="back">{t('work.return.start')}</Button>
        </>
      )}
      {order.status === 'in_progress' && parcel && returning && (
        <div className="confirm-box">
          <Segmented label={t('work.return.why')} value={returnReason} onValue={setReturnReason}
            options={[{ value: 'recipient_absent', label: t('work.return.absent') }, { value: 'recipient_refused', label: t('work.return.refused') }]} />
          <p className="small">{t('work.return.text')}</p>
          <div className="row">
            <Button variant="danger" busy={busy === 'return'} onClick={() => void run('return', () => providerApi.startReturn(order.id, returnReason))}>{t('work.return.confirm')}</Button>
            <Button variant="ghost" onClick={() => setReturning(false)}>{t('common.cancel')}</Button>
          </div>
        </div>
      )}
      {order.status === 'returning' && <Button block busy={busy === 'complete'} onClick={() => void run('complete', () => providerApi.returned(order.id, 'delivered_to_sender'))} icon="check">{t('work.return.done')}</Button>}
      <Button variant="secondary" icon="message" onClick={() => setChat(!chat)} aria-expanded={chat}>{t('rides.chat.open')}</Button>
      {chat && <ChatPanel orderId={order.id} me="provider" />}
    </Card>
  );
}
