import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { Link, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Banner, Button, Card, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { TextArea, TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { Checkbox } from '../../components/fields';
import { MoneyField } from '../money/money-ui';
import { request } from '../../api';
import { claimsApi, type Penalty } from './claims-api';

/** PAY-6: an ops admin or finance records liquidated damages on a provider's balance (audited); the list of recent penalties. */
export function OpsPenaltiesPage() {
  const i18n = useI18n();
  const { t, toman, dateTime } = i18n;
  const toast = useToast();
  const { query } = useLocation();
  const [providerId, setProviderId] = useState(query.get('provider') ?? '');
  const [toman0, setToman] = useState('');
  const [reason, setReason] = useState('');
  const [link, setLink] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const list = useAsync(() => claimsApi.ops.penalties(), [version]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await request<Penalty>('POST', '/v1/ops/penalties', { body: { providerId: providerId.trim(), reason, amountRials: toman0 ? String(BigInt(toman0) * 10n) : null, collect: link ? 'link' : 'balance' } });
      toast(t('clm.pen.recorded'), 'success');
      setReason('');
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Shell wide>
      <PageHeader title={t('clm.pen.title')} subtitle={t('clm.pen.subtitle')} back="/ops/money" />
      <Card title={t('clm.pen.new')}>
        <form className="stack" onSubmit={submit}>
          <TextField label={t('clm.pen.provider')} name="providerId" ltr value={providerId} onValue={setProviderId} required />
          <MoneyField label={t('clm.penaltyToman')} hint={t('clm.penaltyHint')} name="amount" value={toman0} onValue={setToman} />
          <TextArea label={t('clm.rejectReason')} name="reason" value={reason} onValue={setReason} required minLength={3} maxLength={500} />
          <Checkbox label={t('clm.pen.link')} checked={link} onValue={setLink} />
          {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
          <Button type="submit" busy={busy}>{t('clm.pen.submit')}</Button>
        </form>
      </Card>
      {list.error ? <Banner kind="error">{errorText(i18n, list.error)}</Banner> : null}
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.length === 0 && <EmptyState icon="check" title={t('clm.pen.empty')} />}
      {list.data && list.data.length > 0 && (
        <ul className="list card-list">
          {list.data.map((p) => (
            <li key={p.id} className="list-row">
              <span className="list-main">
                <strong>{toman(p.amountRials)}</strong>
                <span>{p.reason}</span>
                <span className="muted">{dateTime(p.createdAt)} · <Link to={`/ops/users/${encodeURIComponent(p.providerId)}`}><Ltr>{p.providerId}</Ltr></Link></span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Shell>
  );
}
