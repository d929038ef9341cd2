import { useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Badge, Banner, EmptyState, Loading, PageHeader } from '../../components/ui';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { categoryKey, claimsApi, outcomeKey } from './claims-api';

/** CLM-2: complaints against me and what ops decided (never who complained). */
export function ProviderComplaintsPage() {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const list = useAsync(() => claimsApi.againstMe(), []);
  return (
    <Shell>
      <PageHeader title={t('clm.provider.title')} subtitle={t('clm.provider.subtitle')} />
      {list.error ? <Banner kind="error">{errorText(i18n, list.error)}</Banner> : null}
      {list.loading && <Loading />}
      {list.data && list.data.length === 0 && <EmptyState icon="check" title={t('clm.provider.empty')} />}
      {list.data && list.data.length > 0 && (
        <ul className="list card-list">
          {list.data.map((c) => (
            <li key={c.id} className="list-row">
              <span className="list-main">
                <strong>{t(categoryKey(c.category))}</strong>
                <span className="muted">{dateTime(c.createdAt)}{c.orderId ? ` · ${i18n.digits(c.orderId)}` : ''}</span>
                {c.note && <span>{c.note}</span>}
              </span>
              <Badge tone={c.outcome === 'warning' ? 'warn' : c.outcome === 'penalty' || c.outcome === 'deactivation' ? 'bad' : 'neutral'}>
                {c.outcome ? t(outcomeKey(c.outcome)) : t('clm.underReview')}
              </Badge>
            </li>
          ))}
        </ul>
      )}
    </Shell>
  );
}
