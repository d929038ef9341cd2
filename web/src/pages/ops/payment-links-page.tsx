import { useEffect, useState, type FormEvent } from 'react';
import { api, type UserOps } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { hasRole } from '../../areas';
import { Link, navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText, formErrors } from '../../lib/errors';
import { LoadMore, MoneyField, Segmented, usePaged } from '../money/money-ui';
import { IntField, nationalMobile } from '../money/form-fields';
import { moneyApi, tomanToRials, type LinkReason, type PaymentLink } from '../money/money-api';
import { LINK_REASONS, LINK_REASON_LABEL, LINK_STATUS_LABEL, LINK_STATUS_TONE } from '../money/labels';
import { ownerName } from './ledger-page';

const MIN_REASON = 3;
const DAY_SECONDS = 86_400;
type Filter = 'open' | 'paid' | 'cancelled' | 'all';

/** Who is charged: ops staff find the person by mobile; finance (who cannot search people) give the user id. */
function PayerField({ userId, onUser, error }: { userId: string; onUser(id: string): void; error?: string }) {
  const i18n = useI18n();
  const { t, digits } = i18n;
  const { me } = useSession();
  const canSearch = hasRole(me, 'ops_agent', 'ops_admin');
  const [text, setText] = useState('');
  const [found, setFound] = useState<UserOps | null>(null);
  const [lookError, setLookError] = useState<string | null>(null);
  // A link from a user page arrives with ?userId=: show who that is.
  useEffect(() => {
    if (!canSearch || !userId || found?.id === userId) return;
    let live = true;
    api.ops.user(userId).then((u) => { if (live) setFound(u); }, () => undefined);
    return () => { live = false; };
  }, [userId, canSearch]);

  async function look() {
    setLookError(null);
    const mobile = nationalMobile(text);
    if (!mobile) return setLookError(t('error.MOBILE_INVALID'));
    try {
      const r = await api.ops.users({ q: mobile, limit: 5 });
      const u = r.items.find((x) => x.mobile === mobile);
      if (!u) return setLookError(t('error.USER_NOT_FOUND'));
      setFound(u);
      onUser(u.id);
    } catch (err) {
      setLookError(errorText(i18n, err));
    }
  }

  if (!canSearch) return <TextField label={t('links.userId')} name="userId" value={userId} onValue={onUser} error={error} ltr hint={t('links.userIdHint')} />;
  if (found && found.id === userId) {
    return (
      <div className="field">
        <span className="field-label">{t('links.payer')}</span>
        <div className="payer">
          <span className="list-main"><strong>{ownerName(found)}</strong><Ltr>{digits(found.mobile)}</Ltr></span>
          <Button variant="ghost" onClick={() => { setFound(null); onUser(''); }}>{t('links.change')}</Button>
        </div>
      </div>
    );
  }
  return (
    <div className="inline-form">
      <TextField label={t('links.payerMobile')} name="payerMobile" value={digits(text)} onValue={setText} error={lookError ?? error} ltr inputMode="tel" placeholder={digits('09121234567')} />
      <Button variant="secondary" icon="search" onClick={() => void look()}>{t('common.search')}</Button>
    </div>
  );
}

/** PAY-5: charge a user (equipment, penalty, commission, debt...) with a link sent by SMS. */
function CreateLink({ initialUser, onCreated }: { initialUser: string; onCreated(l: PaymentLink): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [userId, setUserId] = useState(initialUser);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState<LinkReason>('equipment');
  const [description, setDescription] = useState('');
  const [days, setDays] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!userId.trim()) missing.userId = t('links.payerRequired');
    if (!amount) missing.amountRials = t('error.REQUIRED');
    if (description.trim().length < 2) missing.description = t('links.describe');
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      const link = await moneyApi.ops.createLink({
        userId: userId.trim(), amountRials: tomanToRials(amount), reason, description: description.trim(),
        ...(days ? { expiresInSeconds: Number(days) * DAY_SECONDS } : {}),
      });
      toast(t('links.created'), 'success');
      setAmount('');
      setDescription('');
      onCreated(link);
    } catch (err) {
      const f = formErrors(i18n, err);
      setErrors(f.fields);
      setFormError(f.form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('links.new')} subtitle={t('links.newHint')}>
      <form className="stack" onSubmit={submit} noValidate>
        <PayerField userId={userId} onUser={setUserId} error={errors.userId} />
        <MoneyField label={t('links.amount')} name="linkAmount" value={amount} onValue={setAmount} error={errors.amountRials} />
        <SelectField label={t('links.reason')} value={reason} onValue={(v) => setReason(v as LinkReason)} options={LINK_REASONS.map((r) => ({ value: r, label: t(LINK_REASON_LABEL[r]) }))} />
        <TextArea label={t('links.description')} name="linkDescription" value={description} onValue={setDescription} rows={2} maxLength={200} error={errors.description} hint={t('links.descriptionHint')} />
        <IntField label={t('links.days')} name="linkDays" value={days} onValue={setDays} hint={t('links.daysHint')} max={2} error={errors.expiresInSeconds} />
        {formError && <Banner kind="error">{formError}</Banner>}
        <Button type="submit" icon="link" busy={busy} block>{t('links.create')}</Button>
      </form>
    </Card>
  );
}

function CancelLink({ l, onDone }: { l: PaymentLink; onDone(l: PaymentLink): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open) return <div className="row"><Button variant="ghost" icon="x" onClick={() => setOpen(true)}>{t('links.cancel')}</Button></div>;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length < MIN_REASON) return setError(t('ops.reasonTooShort', { n: MIN_REASON }));
    setBusy(true);
    setError(null);
    try {
      onDone(await moneyApi.ops.cancelLink(l.id, reason.trim()));
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="stack decision" onSubmit={submit} noValidate>
      <TextField label={t('ops.reason')} name="cancelReason" value={reason} onValue={setReason} error={error} autoFocus maxLength={500} />
      <div className="row">
        <Button type="submit" variant="danger" busy={busy}>{t('links.confirmCancel')}</Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>{t('common.back')}</Button>
      </div>
    </form>
  );
}

function LinkCard({ l, canOpenUsers, onChange }: { l: PaymentLink; canOpenUsers: boolean; onChange(l: PaymentLink): void }) {
  const { t, toman, dateTime } = useI18n();
  return (
    <li className="audit">
      <div className="audit-head">
        <strong className="settlement-amount">{toman(l.amountRials)}</strong>
        <Badge tone={LINK_STATUS_TONE[l.status]}>{t(LINK_STATUS_LABEL[l.status])}</Badge>
      </div>
      <p className="audit-line"><strong>{t(LINK_REASON_LABEL[l.reason])}</strong> · <span dir="auto">{l.description}</span></p>
      <p className="audit-line"><span className="muted">{t('links.payer')}:</span> {canOpenUsers ? <Link to={`/ops/users/${encodeURIComponent(l.userId)}`}><Ltr>{l.userId}</Ltr></Link> : <Ltr>{l.userId}</Ltr>}</p>
      <p className="audit-line"><span className="muted">{t('links.createdAt')}:</span> {dateTime(l.createdAt)}</p>
      {l.status === 'paid' && l.paidAt
        ? <p className="audit-line"><span className="muted">{t('plink.paidAt')}:</span> {dateTime(l.paidAt)} {l.paidVia && <Badge>{t(l.paidVia === 'balance' ? 'links.viaBalance' : 'links.viaGateway')}</Badge>}</p>
        : <p className="audit-line"><span className="muted">{t('plink.expiresAt')}:</span> {dateTime(l.expiresAt)}</p>}
      {l.cancelReason && <p className="audit-reason">{t('audit.reason')}: {l.cancelReason}</p>}
      <p className="audit-line link-url"><Ltr>{l.url}</Ltr></p>
      {l.status === 'open' && <CancelLink l={l} onDone={onChange} />}
    </li>
  );
}

/** PAY-5 for ops: create a charge for a user, see every link and its state, cancel open ones. */
export function OpsPaymentLinksPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const { query } = useLocation();
  const userId = query.get('userId') ?? '';
  const status = (['open', 'paid', 'cancelled', 'all'] as string[]).includes(query.get('status') ?? '') ? (query.get('status') as Filter) : 'all';
  const [round, setRound] = useState(0);
  const paged = usePaged((before) => moneyApi.ops.links({ userId: userId || undefined, status: status === 'all' ? undefined : status, before, limit: 20 })
    .then((r) => ({ items: r.items, next: r.nextBefore })), [userId, status, round]);
  const [changed, setChanged] = useState<Record<string, PaymentLink>>({});
  const items = paged.items?.map((l) => changed[l.id] ?? l);
  const canOpenUsers = hasRole(me, 'ops_agent', 'ops_admin');
  const filterTo = (f: Filter) => {
    const p = new URLSearchParams();
    if (userId) p.set('userId', userId);
    if (f !== 'all') p.set('status', f);
    const qs = p.toString();
    navigate(qs ? `/ops/payment-links?${qs}` : '/ops/payment-links', { replace: true });
  };

  return (
    <Shell wide>
      <PageHeader title={t('links.title')} subtitle={t('links.subtitle')} back="/ops/money" />
      <div className="columns">
        <CreateLink initialUser={userId} onCreated={() => setRound((n) => n + 1)} />
        <section aria-labelledby="links-list">
          <h2 id="links-list" className="section-title">{t('links.list')}</h2>
          <div className="filter-row">
            <Segmented label={t('links.filter')} value={status} onValue={filterTo}
              options={[{ value: 'all', label: t('common.all') }, { value: 'open', label: t('links.f.open') }, { value: 'paid', label: t('link.status.paid') }, { value: 'cancelled', label: t('link.status.cancelled') }]} />
          </div>
          {userId && <p className="muted small">{t('links.onlyUser')} <Ltr>{userId}</Ltr> · <Link to="/ops/payment-links">{t('links.showAll')}</Link></p>}
          {paged.error ? <Banner kind="error">{errorText(i18n, paged.error)}</Banner> : null}
          {!items && !paged.error && <Loading />}
          {items?.length === 0 && <EmptyState icon="link" title={t('links.empty')}>{t('links.emptyText')}</EmptyState>}
          {!!items?.length && <ol className="audit-list">{items.map((l) => <LinkCard key={l.id} l={l} canOpenUsers={canOpenUsers} onChange={(n) => setChanged((c) => ({ ...c, [n.id]: n }))} />)}</ol>}
          <LoadMore paged={paged} />
        </section>
      </div>
    </Shell>
  );
}
