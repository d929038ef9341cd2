import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { navigate } from '../../router';
import { Shell } from '../../components/shell';
import { Banner, Button, ButtonLink, Card, Details, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { TextArea, TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { Segmented } from '../money/money-ui';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { useAction } from '../../lib/use-action';
import { dataUrlOf, kycApi } from './kyc-api';
import { KycBadge } from './kyc-page';

type Status = 'submitted' | 'verified' | 'rejected';

/** Ops demand KYC of a user by id; the deadline is the setting's default. */
function RequireCard({ onDone }: { onDone(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await kycApi.ops.require(userId.trim(), reason.trim());
      toast(t('kycOps.required'), 'success');
      setUserId('');
      setReason('');
      onDone();
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title={t('kycOps.require')}>
      <form className="stack" onSubmit={submit}>
        <TextField label={t('kycOps.userId')} name="userId" value={userId} onValue={setUserId} ltr />
        <TextArea label={t('kycOps.reason')} name="reason" value={reason} onValue={setReason} rows={2} />
        {error && <Banner kind="error">{error}</Banner>}
        <Button type="submit" busy={busy}>{t('kycOps.require')}</Button>
      </form>
    </Card>
  );
}

/** ACC-5 for ops: submissions by status, and users past the deadline of a demand (block them on their page). */
export function OpsKycListPage() {
  const i18n = useI18n();
  const { t, dateTime, digits } = i18n;
  const [status, setStatus] = useState<Status>('submitted');
  const [version, setVersion] = useState(0);
  const list = useAsync(() => kycApi.ops.list(status), [status]);
  const overdue = useAsync(() => kycApi.ops.requirements(true), [version]);
  return (
    <Shell wide>
      <PageHeader title={t('kycOps.title')} />
      <div className="stack-lg">
        <Segmented label={t('kycp.status')} value={status} onValue={setStatus}
          options={(['submitted', 'verified', 'rejected'] as const).map((s) => ({ value: s, label: t(`kyc.${s}`) }))} />
        {list.error ? <Banner kind="error">{errorText(i18n, list.error)}</Banner> : null}
        {!list.data && !list.error && <Loading />}
        {list.data && list.data.length === 0 && <EmptyState title={t('kycOps.empty')} />}
        {list.data && list.data.length > 0 && (
          <ul className="list">
            {list.data.map((s) => (
              <li key={s.id} className="list-row">
                <a href={`/ops/kyc/${s.id}`} onClick={(e) => { e.preventDefault(); navigate(`/ops/kyc/${s.id}`); }}>{s.firstName} {s.lastName}</a>
                {' '}<Ltr>{digits(s.mobile ?? '')}</Ltr> <span className="muted">{dateTime(s.createdAt)}</span> <KycBadge status={s.status} />
              </li>
            ))}
          </ul>
        )}
        <Card title={t('kycOps.overdue')}>
          {overdue.data && overdue.data.length === 0 && <p className="muted">{t('kycOps.noOverdue')}</p>}
          <ul className="list">
            {(overdue.data ?? []).map((r) => (
              <li key={r.userId} className="list-row">
                {r.firstName} {r.lastName} <Ltr>{digits(r.mobile ?? '')}</Ltr> <span className="muted">{t('kycOps.deadline')}: {dateTime(r.deadline)}</span>
                {' '}<ButtonLink to={`/ops/users/${r.userId}`} variant="ghost">{t('kycOps.openUser')}</ButtonLink>
              </li>
            ))}
          </ul>
        </Card>
        <RequireCard onDone={() => setVersion((v) => v + 1)} />
      </div>
    </Shell>
  );
}

/** ACC-5 for ops: one submission, the card photo, the account and history; verify or reject with a reason. */
export function OpsKycPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, dateTime, digits } = i18n;
  const [version, setVersion] = useState(0);
  const detail = useAsync(() => kycApi.ops.get(id), [id, version]);
  const card = useAsync(() => kycApi.card(id), [id]);
  const [reason, setReason] = useState('');
  const d = detail.data;
  const { busy, error, run } = useAction<'verify' | 'reject'>(() => setVersion((v) => v + 1));
  const act = (kind: 'verify' | 'reject') => run(kind,
    () => (kind === 'verify' ? kycApi.ops.verify(id) : kycApi.ops.reject(id, reason.trim())),
    t(kind === 'verify' ? 'kycOps.verifiedToast' : 'kycOps.rejectedToast'));

  return (
    <Shell wide>
      <PageHeader title={t('kycOps.detail')} back="/ops/kyc" />
      {detail.error ? <Banner kind="error">{errorText(i18n, detail.error)}</Banner> : null}
      {!d && !detail.error && <Loading />}
      {d && (
        <div className="stack-lg">
          <Card title={<>{d.submission.firstName} {d.submission.lastName} <KycBadge status={d.submission.status} /></>}>
            <Details rows={[
              [t('field.nationalId'), <Ltr key="n">{digits(d.submission.nationalId)}</Ltr>],
              [t('field.mobile'), <Ltr key="m">{digits(d.user?.mobile ?? '')}</Ltr>],
              [t('kycOps.profileName'), `${d.user?.firstName ?? ''} ${d.user?.lastName ?? ''}`],
              [t('kycOps.submittedAt'), dateTime(d.submission.createdAt)],
              ...(d.submission.rejectReason ? [[t('kycOps.reason'), d.submission.rejectReason]] as Array<[string, string]> : []),
              ...(d.requirement ? [[t('kycOps.deadline'), dateTime(d.requirement.deadline)]] as Array<[string, string]> : []),
            ]} />
            {d.user && <ButtonLink to={`/ops/users/${d.user.id}`} variant="ghost">{t('kycOps.openUser')}</ButtonLink>}
          </Card>
          <Card title={t('kycp.card')}>
            {card.data ? <img className="kyc-card-photo" src={dataUrlOf(card.data)} alt={t('kycp.card')} style={{ maxWidth: '100%' }} /> : <Loading />}
          </Card>
          {d.submission.status === 'submitted' && (
            <Card title={t('kycOps.decide')}>
              <div className="stack">
                <Button onClick={() => void act('verify')} busy={busy === 'verify'}>{t('kycOps.verify')}</Button>
                <TextArea label={t('kycOps.reason')} name="reason" value={reason} onValue={setReason} rows={2} />
                <Button variant="secondary" onClick={() => void act('reject')} busy={busy === 'reject'} disabled={reason.trim().length < 3}>{t('kycOps.reject')}</Button>
                {error && <Banner kind="error">{error}</Banner>}
              </div>
            </Card>
          )}
          {d.history.length > 1 && (
            <Card title={t('kycOps.history')}>
              <ul className="list">
                {d.history.map((h) => <li key={h.id} className="list-row"><KycBadge status={h.status} /> <span className="muted">{dateTime(h.createdAt)}</span> {h.rejectReason ?? ''}</li>)}
              </ul>
            </Card>
          )}
        </div>
      )}
    </Shell>
  );
}
