import { useI18n } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Banner, Card, Loading, PageHeader } from '../../components/ui';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { errandsApi } from './errands-api';
import { ErrandForm } from './errand-form';

/** ERR-2: a request on the web, any time of day. */
export function ErrandNewPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const services = useAsync(() => errandsApi.services(), []);
  return (
    <Shell>
      <PageHeader title={t('err.newTitle')} back="/errands" />
      {services.error ? <Banner kind="error">{errorText(i18n, services.error)}</Banner> : null}
      {!services.data ? <Loading /> : (
        <Card>
          <ErrandForm services={services.data} initialService={query.get('service')} submitLabel={t('err.submit')}
            onSubmit={async (body) => { const e = await errandsApi.create(body); navigate(`/errands/${e.id}`); return e; }} />
        </Card>
      )}
    </Shell>
  );
}
