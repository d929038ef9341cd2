import { useEffect, useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { Shell } from '../../components/shell';
import { Banner, Button, ButtonLink, Details, Loading, Ltr } from '../../components/ui';
import { Icon, type IconName } from '../../components/icons';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync, useInterval } from '../../lib/hooks';
import { Balance } from '../money/money-ui';
import { moneyApi, type Payment } from '../money/money-api';
import { GATEWAY_LABEL, PAYMENT_STATUS_LABEL, purposeLabel } from '../money/labels';

/** The gateway usually answers within seconds; after this many polls the page stops and offers a button. */
const MAX_POLLS = 20;

const LOOK: Record<Payment['status'], { icon: IconName; tone: string; title: MessageKey; text: MessageKey }> = {
  succeeded: { icon: 'check', tone: 'good', title: 'payment.successTitle', text: 'payment.successText' },
  pending: { icon: 'clock', tone: 'warn', title: 'payment.pendingTitle', text: 'payment.pendingText' },
  failed: { icon: 'x', tone: 'bad', title: 'payment.failedTitle', text: 'payment.failedText' },
  rejected: { icon: 'alert', tone: 'bad', title: 'payment.rejectedTitle', text: 'payment.rejectedText' },
};

function PaymentDetails({ p }: { p: Payment }) {
  const { t, digits, dateTime } = useI18n();
  const rows: Array<[string, ReactNode]> = [
    [t('payment.for'), t(purposeLabel(p.purpose))],
    [t('payment.status'), t(PAYMENT_STATUS_LABEL[p.status])],
    [t('payment.date'), dateTime(p.verifiedAt ?? p.createdAt)],
    [t('payment.gateway'), GATEWAY_LABEL[p.gateway] ? t(GATEWAY_LABEL[p.gateway]) : p.gateway],
  ];
  if (p.refId) rows.push([t('payment.refId'), <Ltr key="r">{digits(p.refId)}</Ltr>]);
  if (p.cardPanMasked) rows.push([t('payment.card'), <Ltr key="c">{digits(p.cardPanMasked)}</Ltr>]);
  return <Details rows={rows} />;
}

/** Where the gateway sends the customer back (PAY-1, PAY-8): the outcome, the new balance, the receipt. */
export function PaymentResultPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const toast = useToast();
  const payment = useAsync(() => moneyApi.payment(id), [id]);
  const [polls, setPolls] = useState(0);
  const [checking, setChecking] = useState(false);
  const p = payment.data;
  const provider = p?.creditedTo === 'provider_wallet';
  const wallet = useAsync(() => (p?.status === 'succeeded' && p.purpose === 'wallet_topup' ? moneyApi.wallet() : Promise.resolve(null)), [p?.status]);

  useInterval(async () => {
    setPolls((n) => n + 1);
    payment.setData(await moneyApi.payment(id));
  }, 1500, p?.status === 'pending' && polls < MAX_POLLS);
  useEffect(() => setPolls(0), [id]);

  async function checkAgain() {
    setChecking(true);
    try {
      const next = await moneyApi.verifyPayment(id);
      payment.setData(next);
      if (next.status === p?.status) toast(t('payment.noChange'));
    } catch (err) {
      toast(errorText(i18n, err), 'error');
    } finally {
      setChecking(false);
    }
  }

  if (!p) {
    return <Shell>{payment.error ? <Banner kind="error">{errorText(i18n, payment.error)}</Banner> : <Loading />}</Shell>;
  }
  const look = LOOK[p.status];
  const walletHome = provider ? '/provider/wallet' : '/wallet';
  const newBalance = provider ? wallet.data?.provider : wallet.data?.wallet;
  return (
    <Shell>
      <div className="stack-lg">
        <section className={`result result-${look.tone}`} aria-live="polite">
          <span className="result-icon" aria-hidden="true"><Icon name={look.icon} size={34} /></span>
          <h1 className="page-title">{t(look.title)}</h1>
          <bdi className="result-amount">{toman(p.amountRials)}</bdi>
          <p className="muted">{t(look.text)}</p>
          {p.status === 'pending' && polls < MAX_POLLS && <Loading label={t('payment.waiting')} />}
        </section>
        {p.status === 'succeeded' && newBalance && (
          <p className="new-balance">
            <span className="muted">{t(provider ? 'payment.newProviderBalance' : 'payment.newBalance')}</span>
            <Balance rials={newBalance.balanceRials} />
          </p>
        )}
        <section className="card"><PaymentDetails p={p} /></section>
        <div className="stack">
          {p.receiptId && <ButtonLink to={`/wallet/receipts/${encodeURIComponent(p.receiptId)}`} icon="receipt" block>{t('payment.viewReceipt')}</ButtonLink>}
          {p.status === 'failed' && p.purpose === 'wallet_topup' && (
            <ButtonLink to={`/wallet/topup?amount=${BigInt(p.amountRials) / 10n}${provider ? '&wallet=provider' : ''}`} block>{t('payment.tryAgain')}</ButtonLink>
          )}
          {(p.status === 'pending' || p.status === 'failed') && (
            <Button variant="secondary" block busy={checking} onClick={() => void checkAgain()}>{t('payment.checkAgain')}</Button>
          )}
          <ButtonLink to={walletHome} variant={p.receiptId ? 'secondary' : 'ghost'} block icon="wallet">{t('payment.backToWallet')}</ButtonLink>
        </div>
      </div>
    </Shell>
  );
}
