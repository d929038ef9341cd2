import { useState } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Banner, ButtonLink, Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { TextField } from '../../components/fields';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { Segmented } from '../money/money-ui';
import { errandsApi, opsErrandsApi } from './errands-api';
import { ErrandForm } from './errand-form';
import { ErrandRow } from './errands-ui';

const FILTERS = ['', 'requested', 'feasible', 'quoted', 'paid', 'assigned', 'dispatched', 'in_progress', 'failed', 'done', 'cancelled'] as const;

/** Ops: the errand queue, oldest first, by status. */
export function OpsErrandsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const status = query.get('status') ?? '';
  const list = useAsync(() => opsErrandsApi.list(status), [status]);
  const services = useAsync(() => errandsApi.services(), []);
  const byCode = new Map((services.data ?? []).map((s) => [s.code, s]));
  return (
    <Shell wide>
      <PageHeader title={t('err.opsTitle')} actions={<ButtonLink to="/ops/errands/phone" icon="plus">{t('err.phoneTitle')}</ButtonLink>} />
      <div className="filter-row">
        <Segmented label={t('err.status')} value={status} onValue={(s) => navigate(s ? `/ops/errands?status=${s}` : '/ops/errands', { replace: true })}
          options={FILTERS.map((f) => ({ value: f, label: f ? t(`err.status.${f}` as MessageKey) : t('common.all') }))} />
      </div>
      {list.error ? <Banner kind="error">{errorText(i18n, list.error)}</Banner> : null}
      {!list.data ? <Loading /> : list.data.length === 0 ? <EmptyState icon="clipboard" title={t('err.none')} /> : (
        <ul className="list card-list">{list.data.map((e) => <li key={e.id}><ErrandRow errand={e} to={`/ops/errands/${e.id}`} service={byCode.get(e.serviceCode)} /></li>)}</ul>
      )}
    </Shell>
  );
}

/** ERR-2: an ops agent records a phone caller's request; the screen warns outside business hours. */
export function OpsErrandPhonePage() {
  const i18n = useI18n();
  const { t, digits } = i18n;
  const hours = useAsync(() => opsErrandsApi.hours(), []);
  const services = useAsync(() => errandsApi.services(), []);
  const [mobile, setMobile] = useState('');
  return (
    <Shell>
      <PageHeader title={t('err.phoneTitle')} back="/ops/errands" />
      {hours.data && !hours.data.open ? (
        <Banner kind="warning" title={t('err.outsideHours')}>{t('err.hoursAre', { from: digits(hours.data.from), to: digits(hours.data.to) })}</Banner>
      ) : null}
      {services.error ? <Banner kind="error">{errorText(i18n, services.error)}</Banner> : null}
      {!services.data ? <Loading /> : (
        <Card>
          <ErrandForm services={services.data} submitLabel={t('err.submit')}
            extra={<TextField label={t('err.customerMobile')} name="customerMobile" required value={mobile} onValue={setMobile} inputMode="tel" ltr />}
            onSubmit={async (body) => { const r = await opsErrandsApi.phone({ ...body, customerMobile: mobile }); navigate(`/ops/errands/${r.errand.id}`); return r.errand; }} />
        </Card>
      )}
    </Shell>
  );
}
