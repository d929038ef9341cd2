/** Ops: provider applications, oldest first, filtered by status (PRV-1, OPS-1). */
import { useI18n, type MessageKey } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, EmptyState, Loading, PageHeader } from '../../components/ui';
import { Segmented } from '../money/money-ui';
import { useAsync } from '../../lib/hooks';
import { errorText } from '../../lib/errors';
import { opsProvidersApi } from '../onboarding/onboarding-api';

type Filter = 'submitted' | 'activated' | 'rejected' | 'all';

export function OpsProviderApplicationsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const status = (query.get('status') ?? 'submitted') as Filter;
  const list = useAsync(() => opsProvidersApi.list(status === 'all' ? undefined : status), [status]);
  return (
    <Shell wide>
      <PageHeader title={t('opsProv.title')} subtitle={t('opsProv.subtitle')} />
      <div className="filter-row">
        <Segmented label={t('opsProv.title')} value={status} onValue={(s) => navigate(`/ops/providers?status=${s}`, { replace: true })}
          options={[
            { value: 'submitted', label: t('onb.status.submitted') }, { value: 'activated', label: t('onb.status.activated') },
            { value: 'rejected', label: t('onb.status.rejected') }, { value: 'all', label: t('opsProv.all') },
          ]} />
      </div>
      {list.error != null && <Banner kind="error">{errorText(i18n, list.error)}</Banner>}
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.items.length === 0 && <EmptyState icon="check" title={t('opsProv.none')} />}
      {list.data && list.data.items.length > 0 && (
        <ul className="list card-list">
          {list.data.items.map((a) => (
            <li key={a.id} className="review-row">
              <Link to={`/ops/providers/${encodeURIComponent(a.userId)}`} className="list-main">
                <strong>{a.name || i18n.digits(a.mobile)}</strong>
                <span className="muted">
                  {t(`onb.fleet.${a.fleetType}` as MessageKey)}{a.motorcycleKind ? ` · ${t(`onb.kind.${a.motorcycleKind}` as MessageKey)}` : ''} · {i18n.dateTime(a.createdAt)}
                </span>
              </Link>
              <div className="review-actions">
                {a.guaranteeHeld && <Badge tone="good">{t('opsProv.guaranteeHeld')}</Badge>}
                <Badge tone={a.status === 'activated' ? 'good' : a.status === 'rejected' ? 'bad' : 'warn'}>{t(`onb.status.${a.status}` as MessageKey)}</Badge>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Shell>
  );
}
