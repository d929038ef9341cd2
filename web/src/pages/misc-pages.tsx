import { useI18n } from '../i18n';
import { Shell } from '../components/shell';
import { ButtonLink, EmptyState } from '../components/ui';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Shell>
      <EmptyState icon="search" title={t('notFound.title')} action={<ButtonLink to="/">{t('notFound.home')}</ButtonLink>}>{t('notFound.text')}</EmptyState>
    </Shell>
  );
}

export function NoAccessPage() {
  const { t } = useI18n();
  return (
    <Shell>
      <EmptyState icon="lock" title={t('noAccess.title')} action={<ButtonLink to="/">{t('notFound.home')}</ButtonLink>}>{t('noAccess.text')}</EmptyState>
    </Shell>
  );
}
