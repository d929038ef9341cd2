import { useState } from 'react';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { useLocation } from '../../router';
import { useSession } from '../../session';
import { Shell } from '../../components/shell';
import { Banner, Button, ButtonLink, Details, EmptyState, Loading, Ltr } from '../../components/ui';
import { errorText } from '../../lib/errors';
import { useDemo } from '../../lib/demo';
import { useAsync } from '../../lib/hooks';
import { moneyApi, type PublicLink } from '../money/money-api';
import { LINK_REASON_LABEL } from '../money/labels';

/** What came back from the gateway for this link (the callback adds ?payment=<id>). */
function ReturnBanner({ link, paymentId }: { link: PublicLink; paymentId: string | null }) {
  const { t, digits } = useI18n();
  const p = link.lastPayment;
  if (!paymentId || !p || p.id !== paymentId) return null;
  if (p.status === 'succeeded') {
    return (
      <Banner kind="success" title={t('plink.paidNow')}>
        {p.refId && <p>{t('payment.refId')}: <Ltr>{digits(p.refId)}</Ltr></p>}
      </Banner>
    );
  }
  if (p.status === 'pending') return <Banner kind="info" title={t('payment.pendingTitle')}>{t('payment.pendingText')}</Banner>;
  return <Banner kind="error" title={t('payment.failedTitle')}>{t('plink.failedText')}</Banner>;
}

/** PAY-5: the page a payment link sent by SMS opens; anyone holding the code may pay it. */
export function PaymentLinkPage({ code }: { code: string }) {
  const i18n = useI18n();
  const { t, toman, dateTime } = i18n;
  const { query } = useLocation();
  const { status } = useSession();
  const demo = useDemo();
  const link = useAsync(() => moneyApi.publicLink(code), [code]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const l = link.data;
  // Back from the gateway: the banner at the top already says it was paid.
  const justPaid = !!l?.lastPayment && l.lastPayment.id === query.get('payment') && l.lastPayment.status === 'succeeded';

  async function pay() {
    setBusy(true);
    setError(null);
    try {
      const started = await moneyApi.payLink(code);
      window.location.assign(started.redirectUrl);
    } catch (err) {
      setBusy(false);
      setError(errorText(i18n, err));
      link.reload();
    }
  }

  if (link.error) {
    const missing = link.error instanceof ApiError && link.error.status === 404;
    return (
      <Shell>
        {missing ? <EmptyState icon="search" title={t('plink.notFound')}>{t('plink.notFoundText')}</EmptyState> : <Banner kind="error">{errorText(i18n, link.error)}</Banner>}
      </Shell>
    );
  }
  if (!l) return <Shell><Loading /></Shell>;
  return (
    <Shell>
      <div className="stack-lg">
        <ReturnBanner link={l} paymentId={query.get('payment')} />
        <section className="card charge">
          <span className="muted">{l.firstName ? t('plink.hello', { name: l.firstName }) : t('plink.helloNoName')}</span>
          <h1 className="page-title">{t('plink.title')}</h1>
          <bdi className="charge-amount">{toman(l.amountRials)}</bdi>
          <Details rows={[
            [t('plink.reason'), t(LINK_REASON_LABEL[l.reason])],
            [t('plink.description'), <span key="d" dir="auto">{l.description}</span>],
            l.status === 'paid' && l.paidAt ? [t('plink.paidAt'), dateTime(l.paidAt)] : [t('plink.expiresAt'), dateTime(l.expiresAt)],
          ]} />
          {l.status === 'open' && (
            <>
              {error && <Banner kind="error">{error}</Banner>}
              <Button block icon="card" busy={busy} onClick={() => void pay()}>{t('plink.pay', { amount: toman(l.amountRials) })}</Button>
              <p className="muted center small">{t(demo ? 'topup.demoNote' : 'topup.gatewayNote')}</p>
            </>
          )}
          {l.status === 'paid' && !justPaid && <Banner kind="success" title={t('plink.paid')}>{t('plink.paidText')}</Banner>}
          {l.status === 'cancelled' && <Banner kind="info" title={t('plink.cancelled')}>{t('plink.cancelledText')}</Banner>}
          {l.status === 'expired' && <Banner kind="warning" title={t('plink.expired')}>{t('plink.expiredText')}</Banner>}
        </section>
        {status === 'signedIn' && l.status === 'paid' && <ButtonLink to="/wallet/receipts" variant="secondary" icon="receipt" block>{t('wallet.receipts')}</ButtonLink>}
      </div>
    </Shell>
  );
}
