import { useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Banner, ButtonLink, EmptyState, Loading, PageHeader } from '../../components/ui';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { ridesApi } from './rides-api';
import { OrderListRow } from './ride-ui';

/** The customer's orders, newest first, each with its status and price. */
export function RideHistoryPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const orders = useAsync(() => ridesApi.orders({ limit: 50 }), []);
  return (
    <Shell>
      <PageHeader title={t('rides.historyTitle')} back="/home" actions={<ButtonLink to="/rides/new" icon="plus">{t('rides.newShort')}</ButtonLink>} />
      {orders.error ? <Banner kind="error">{errorText(i18n, orders.error)}</Banner> : null}
      {orders.loading && !orders.data && <Loading />}
      {orders.data && orders.data.length === 0 && (
        <EmptyState icon="car" title={t('rides.historyEmpty')} action={<ButtonLink to="/rides/new" icon="plus">{t('rides.newTitle')}</ButtonLink>}>{t('rides.historyEmptyText')}</EmptyState>
      )}
      {orders.data && orders.data.length > 0 && (
        <ul className="list card-list">
          {orders.data.map((o) => (
            <li key={o.id}>
              <OrderListRow to={`/rides/${o.id}`} order={o} />
            </li>
          ))}
        </ul>
      )}
    </Shell>
  );
}
