import { useState, type FormEvent } from 'react';
import { request } from '../../api';
import { useI18n } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, ButtonLink, Card, Details, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { SelectField, TextArea } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import type { Order } from '../rides/rides-api';
import { CLAIM_TONE, COMPLAINT_CATEGORIES, categoryKey, claimStatusKey, claimsApi, outcomeKey, readUploads, rejectKey, type ComplaintCategory } from './claims-api';

/** CLM-1: the sender of a delivered or returned parcel reports damage with photos. */
export function NewClaimPage() {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const toast = useToast();
  const orderId = useLocation().query.get('order') ?? '';
  const order = useAsync(() => request<Order>('GET', `/v1/orders/${encodeURIComponent(orderId)}`), [orderId]);
  const [description, setDescription] = useState('');
  const [files, setFiles] = useState<FileList | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await claimsApi.file({ orderId, description, photos: await readUploads(files) });
      toast(t('clm.filed'), 'success');
      navigate('/claims');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const parcel = order.data?.parcel;
  return (
    <Shell>
      <PageHeader title={t('clm.new.title')} subtitle={t('clm.new.subtitle')} back="/claims" />
      {order.error ? <Banner kind="error">{errorText(i18n, order.error)}</Banner> : null}
      {order.loading && <Loading />}
      {parcel && (
        <Card title={t('clm.parcel')}>
          <Details rows={[
            [t('clm.order'), <Ltr key="o">{orderId}</Ltr>],
            [t('clm.declaredValue'), BigInt(parcel.declaredValueRials) > 0n ? toman(parcel.declaredValueRials) : t('clm.noValue')],
            [t('clm.contentsVisible'), parcel.contentsVisible ? t('common.yes') : t('common.no')],
            ...(order.data?.pod ? [[t('clm.podDamage'), order.data.pod.damage ?? t('clm.noDamageDeclared')] as [string, string]] : []),
          ]} />
          {BigInt(parcel.declaredValueRials) === 0n && <Banner kind="warning">{t('clm.noValueHint')}</Banner>}
        </Card>
      )}
      {order.data && (
        <form className="stack" onSubmit={submit}>
          <TextArea label={t('clm.description')} hint={t('clm.descriptionHint')} value={description} onValue={setDescription} required minLength={10} maxLength={2000} name="description" />
          <label className="field">
            <span className="field-label">{t('clm.photos')}</span>
            <input type="file" name="photos" accept="image/jpeg,image/png" multiple onChange={(e) => setFiles(e.target.files)} />
            <span className="field-hint">{t('clm.photosHint')}</span>
          </label>
          {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
          <Button type="submit" busy={busy} block>{t('clm.submit')}</Button>
          <Link to={`/complaints/new?order=${encodeURIComponent(orderId)}`}>{t('clm.orComplain')}</Link>
        </form>
      )}
    </Shell>
  );
}

/** CLM-2: a complaint about the provider of one of my orders. */
export function NewComplaintPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const orderId = useLocation().query.get('order') ?? '';
  const [category, setCategory] = useState<ComplaintCategory>('behaviour');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await claimsApi.complain({ orderId, category, description });
      toast(t('clm.complaintFiled'), 'success');
      navigate('/claims');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Shell>
      <PageHeader title={t('clm.complaint.title')} subtitle={t('clm.complaint.subtitle')} back="/claims" />
      <form className="stack" onSubmit={submit}>
        <SelectField label={t('clm.category')} value={category} onValue={(v) => setCategory(v as ComplaintCategory)} name="category"
          options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: t(categoryKey(c)) }))} />
        <TextArea label={t('clm.description')} value={description} onValue={setDescription} required minLength={10} maxLength={2000} name="description" />
        {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
        <Button type="submit" busy={busy} block>{t('clm.submitComplaint')}</Button>
      </form>
    </Shell>
  );
}

/** My damage claims and complaints, with their outcomes. */
export function MyClaimsPage() {
  const i18n = useI18n();
  const { t, toman, dateTime } = i18n;
  const mine = useAsync(() => claimsApi.mine(), []);
  const d = mine.data;
  return (
    <Shell>
      <PageHeader title={t('clm.mine.title')} subtitle={t('clm.mine.subtitle')} actions={<ButtonLink to="/rides" variant="secondary">{t('clm.fromOrders')}</ButtonLink>} />
      {mine.error ? <Banner kind="error">{errorText(i18n, mine.error)}</Banner> : null}
      {!d && !mine.error && <Loading />}
      {d && d.claims.length === 0 && d.complaints.length === 0 && <EmptyState icon="check" title={t('clm.mine.empty')}>{t('clm.mine.emptyHint')}</EmptyState>}
      {d && d.claims.length > 0 && (
        <Card title={t('clm.claims')}>
          <ul className="list">
            {d.claims.map((c) => (
              <li key={c.id} className="list-row" data-claim={c.id}>
                <span className="list-main">
                  <strong>{t('clm.claimFor')}</strong>
                  <Ltr>{c.orderId}</Ltr>
                  <span className="muted">{dateTime(c.createdAt)}</span>
                  {c.status === 'approved' && <span className="claim-paid">{t('clm.paidToWallet', { amount: toman(c.compensationRials) })}</span>}
                  {c.status === 'rejected' && c.rejectReason && <span className="muted">{t(rejectKey(c.rejectReason))}</span>}
                </span>
                <Badge tone={CLAIM_TONE[c.status]}>{t(claimStatusKey(c.status))}</Badge>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {d && d.complaints.length > 0 && (
        <Card title={t('clm.complaints')}>
          <ul className="list">
            {d.complaints.map((c) => (
              <li key={c.id} className="list-row">
                <span className="list-main"><strong>{t(categoryKey(c.category))}</strong><span className="muted">{dateTime(c.createdAt)}</span></span>
                <Badge tone={c.status === 'open' ? 'warn' : 'neutral'}>{c.outcome ? t(outcomeKey(c.outcome)) : t('clm.underReview')}</Badge>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </Shell>
  );
}
