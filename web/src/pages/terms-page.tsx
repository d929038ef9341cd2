import { useState } from 'react';
import { api, ApiError } from '../api';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { navigate, useLocation } from '../router';
import { Shell } from '../components/shell';
import { Badge, Banner, Button, ButtonLink, Card, EmptyState, Loading, PageHeader } from '../components/ui';
import { useToast } from '../components/toast';
import { errorText } from '../lib/errors';
import { useAsync } from '../lib/hooks';
import { nextStep } from '../lib/flow';

/** ACC-9: the current terms in the page's language, and accepting them. */
export function TermsPage() {
  const i18n = useI18n();
  const { t, locale, num, dateTime } = i18n;
  const { me } = useSession();
  const { query } = useLocation();
  const toast = useToast();
  const welcome = query.get('welcome') === '1';
  const terms = useAsync(() => api.terms.current(locale), [locale]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function accept(version: number) {
    setBusy(true);
    setError(null);
    try {
      await api.terms.accept(version);
      toast(t('terms.acceptedToast'), 'success');
      if (welcome && me) navigate(await nextStep(me, locale), { replace: true });
      else terms.reload();
    } catch (err) {
      // A newer version was published meanwhile: show it.
      if (err instanceof ApiError && err.code === 'TERMS_VERSION_NOT_CURRENT') terms.reload();
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  const d = terms.data;
  return (
    <Shell>
      <PageHeader title={t('terms.title')} subtitle={d?.version ? t('terms.version', { version: d.version }) : undefined} />
      {welcome && <p className="steps"><Badge tone="brand">{t('onboarding.step', { n: 2, total: 2 })}</Badge></p>}
      {terms.loading && !d && <Loading />}
      {terms.error ? <Banner kind="error">{errorText(i18n, terms.error)}</Banner> : null}
      {d && d.version === null && <EmptyState icon="doc" title={t('terms.none')} />}
      {d && d.version !== null && (
        <Card>
          {d.publishedAt && <p className="muted">{t('terms.published', { date: dateTime(d.publishedAt) })}</p>}
          <div className="terms-text" tabIndex={0} aria-label={t('terms.title')}>{i18n.digits(d.text ?? '')}</div>
          {error && <Banner kind="error">{error}</Banner>}
          {d.accepted
            ? <Banner kind="success" title={t('terms.acceptedTitle')}>{t('terms.accepted', { version: num(d.version) })}</Banner>
            : (
              <div className="sticky-action">
                <p className="muted">{t('terms.acceptHint')}</p>
                <Button block busy={busy} onClick={() => void accept(d.version!)}>{t('terms.accept')}</Button>
              </div>
            )}
          {d.accepted && welcome && <ButtonLink to="/" block>{t('common.continue')}</ButtonLink>}
        </Card>
      )}
    </Shell>
  );
}
