import { useState } from 'react';
import { useI18n } from '../../i18n';
import { navigate } from '../../router';
import { Shell } from '../../components/shell';
import { Banner, Button, ButtonLink, Card, Details, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { TextArea } from '../../components/fields';
import { Segmented } from '../money/money-ui';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { useAction } from '../../lib/use-action';
import { KycBadge } from '../kyc/kyc-page';
import { companiesApi } from './companies-api';
import { CompanyStatusBadge } from './companies-pages';

type Status = 'pending' | 'active' | 'rejected';

/** ACC-3 for ops: registrations by status (pending: oldest first). */
export function OpsCompaniesPage() {
  const i18n = useI18n();
  const { t, dateTime, digits } = i18n;
  const [status, setStatus] = useState<Status>('pending');
  const list = useAsync(() => companiesApi.ops.list(status), [status]);
  return (
    <Shell wide>
      <PageHeader title={t('cmpOps.title')} />
      <div className="stack-lg">
        <Segmented label={t('kycp.status')} value={status} onValue={setStatus} options={(['pending', 'active', 'rejected'] as const).map((s) => ({ value: s, label: t(`cmp.status.${s}`) }))} />
        {list.error ? <Banner kind="error">{errorText(i18n, list.error)}</Banner> : null}
        {!list.data && !list.error && <Loading />}
        {list.data && list.data.length === 0 && <EmptyState title={t('cmpOps.empty')} />}
        <ul className="list">
          {(list.data ?? []).map((c) => (
            <li key={c.id} className="list-row">
              <a href={`/ops/companies/${c.id}`} onClick={(e) => { e.preventDefault(); navigate(`/ops/companies/${c.id}`); }}>{c.name}</a>
              {' '}<Ltr>{digits(c.nationalCompanyId)}</Ltr> <span className="muted">{dateTime(c.createdAt)}</span> <CompanyStatusBadge status={c.status} />
            </li>
          ))}
        </ul>
      </div>
    </Shell>
  );
}

/** ACC-3 for ops: one registration with its representative; approve or reject with a reason (audited). */
export function OpsCompanyPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, digits, num } = i18n;
  const [version, setVersion] = useState(0);
  const detail = useAsync(() => companiesApi.ops.get(id), [id, version]);
  const logo = useAsync(() => companiesApi.logo(id).catch(() => null), [id]);
  const [reason, setReason] = useState('');
  const d = detail.data;
  const { busy, error, run } = useAction<'approve' | 'reject'>(() => setVersion((v) => v + 1));
  const act = (kind: 'approve' | 'reject') => run(kind,
    () => (kind === 'approve' ? companiesApi.ops.approve(id) : companiesApi.ops.reject(id, reason.trim())),
    t(kind === 'approve' ? 'cmpOps.approvedToast' : 'cmpOps.rejectedToast'));

  return (
    <Shell wide>
      <PageHeader title={d ? d.company.name : t('cmpOps.title')} back="/ops/companies" />
      {detail.error ? <Banner kind="error">{errorText(i18n, detail.error)}</Banner> : null}
      {!d && !detail.error && <Loading />}
      {d && (
        <div className="stack-lg">
          <Card title={<>{t('cmp.details')} <CompanyStatusBadge status={d.company.status} /></>}>
            {logo.data && <img src={`data:${logo.data.contentType};base64,${logo.data.contentBase64}`} alt={t('cmp.logo')} style={{ maxHeight: 80 }} />}
            <Details rows={[
              [t('cmp.nationalCompanyId'), <Ltr key="n">{digits(d.company.nationalCompanyId)}</Ltr>],
              [t('cmp.registrationNumber'), <Ltr key="r">{digits(d.company.registrationNumber)}</Ltr>],
              [t('cmp.landline'), <Ltr key="l">{digits(d.company.landline)}</Ltr>],
              [t('cmp.staffCount'), num(d.company.staffCount)],
              [t('cmpOps.representative'), d.representative ? <span key="p">{d.representative.firstName} {d.representative.lastName} <Ltr>{digits(d.representative.mobile)}</Ltr> <KycBadge status={d.representative.kycStatus as 'none'} /></span> : '-'],
            ]} />
            {d.representative && <ButtonLink to={`/ops/users/${d.representative.id}`} variant="ghost">{t('kycOps.openUser')}</ButtonLink>}
          </Card>
          {d.company.status === 'pending' && (
            <Card title={t('kycOps.decide')}>
              <div className="stack">
                <Button onClick={() => void act('approve')} busy={busy === 'approve'}>{t('cmpOps.approve')}</Button>
                <TextArea label={t('kycOps.reason')} name="reason" value={reason} onValue={setReason} rows={2} />
                <Button variant="secondary" onClick={() => void act('reject')} busy={busy === 'reject'} disabled={reason.trim().length < 3}>{t('cmpOps.reject')}</Button>
                {error && <Banner kind="error">{error}</Banner>}
              </div>
            </Card>
          )}
          <Card title={t('cmp.members')}>
            <ul className="list">{d.members.map((m) => <li key={m.id} className="list-row">{m.name ?? <Ltr>{digits(m.mobile)}</Ltr>} <span className="muted">{t(m.status === 'invited' ? 'cmp.member.invited' : m.role === 'representative' ? 'cmp.role.representative' : 'cmp.role.member')}</span></li>)}</ul>
          </Card>
        </div>
      )}
    </Shell>
  );
}
