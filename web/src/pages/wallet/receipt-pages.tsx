import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { hasRole, OPS_ROLES } from '../../areas';
import { Link } from '../../router';
import { Shell } from '../../components/shell';
import { Banner, Button, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { Icon } from '../../components/icons';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { LoadMore, usePaged } from '../money/money-ui';
import { moneyApi, type Receipt } from '../money/money-api';
import { GATEWAY_LABEL, purposeLabel } from '../money/labels';

/** The receipt's own description is written by the server in Persian; a top-up needs none beyond its purpose. */
const showsDescription = (r: Receipt) => r.purpose !== 'wallet_topup';

/** PAY-8: every receipt of the signed-in user, newest first. */
export function ReceiptsPage() {
  const i18n = useI18n();
  const { t, toman, dateTime, digits } = i18n;
  const paged = usePaged((before) => moneyApi.receipts(before).then((r) => ({ items: r.items, next: r.nextBefore })), []);
  return (
    <Shell>
      <PageHeader title={t('receipts.title')} subtitle={t('receipts.subtitle')} back="/wallet" />
      {paged.error ? <Banner kind="error">{errorText(i18n, paged.error)}</Banner> : null}
      {!paged.items && !paged.error && <Loading />}
      {paged.items?.length === 0 && <EmptyState icon="receipt" title={t('receipts.empty')}>{t('receipts.emptyText')}</EmptyState>}
      {!!paged.items?.length && (
        <ul className="list card-list">
          {paged.items.map((r) => (
            <li key={r.id}>
              <Link to={`/wallet/receipts/${encodeURIComponent(r.id)}`} className="list-row list-link">
                <span className="line-icon" aria-hidden="true"><Icon name="receipt" size={18} /></span>
                <span className="list-main">
                  <strong>{t(purposeLabel(r.purpose))}</strong>
                  <span className="muted small">{dateTime(r.issuedAt)} · <Ltr>{digits(r.number)}</Ltr></span>
                </span>
                <bdi className="amount">{toman(r.amountRials)}</bdi>
                <Icon name="chevron" size={18} />
              </Link>
            </li>
          ))}
        </ul>
      )}
      <LoadMore paged={paged} />
    </Shell>
  );
}

function ReceiptSheet({ r }: { r: Receipt }) {
  const { t, toman, dateTime, digits } = useI18n();
  const payer = [r.payer.firstName, r.payer.lastName].filter(Boolean).join(' ') || t('account.noName');
  const rows: Array<[string, ReactNode]> = [
    [t('receipt.number'), <Ltr key="n">{digits(r.number)}</Ltr>],
    [t('receipt.date'), dateTime(r.issuedAt)],
    [t('receipt.payer'), payer],
    [t('receipt.for'), t(purposeLabel(r.purpose))],
    ...(showsDescription(r) ? [[t('receipt.description'), <span key="d" dir="auto">{r.description}</span>]] as Array<[string, ReactNode]> : []),
    [t('receipt.paidVia'), r.gateway ? (GATEWAY_LABEL[r.gateway] ? t(GATEWAY_LABEL[r.gateway]) : r.gateway) : t('receipt.balance')],
    ...(r.refId ? [[t('payment.refId'), <Ltr key="r">{digits(r.refId)}</Ltr>]] as Array<[string, ReactNode]> : []),
    ...(r.cardPanMasked ? [[t('payment.card'), <Ltr key="c">{digits(r.cardPanMasked)}</Ltr>]] as Array<[string, ReactNode]> : []),
  ];
  return (
    <article className="receipt" aria-labelledby="receipt-title">
      <header className="receipt-head">
        <span className="brand-mark" aria-hidden="true">{t('app.mark')}</span>
        <div>
          <h1 id="receipt-title" className="receipt-title">{t('receipt.title')}</h1>
          <span className="muted small">{t('app.name')}</span>
        </div>
      </header>
      <div className="receipt-amount">
        <span className="muted">{t('receipt.amount')}</span>
        <bdi>{toman(r.amountRials)}</bdi>
      </div>
      <dl className="details">
        {rows.map(([k, v]) => <div className="details-row" key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
      </dl>
      <p className="receipt-foot muted small">{t('receipt.foot')}</p>
    </article>
  );
}

/** PAY-8: one receipt, laid out to be read on a phone and printed on paper (see the print styles). */
export function ReceiptPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const receipt = useAsync(() => moneyApi.receipt(id), [id]);
  const back = hasRole(me, ...OPS_ROLES) && !hasRole(me, 'customer', 'provider') ? '/ops/money' : '/wallet/receipts';
  return (
    <Shell>
      <div className="no-print"><PageHeader title={t('receipt.pageTitle')} back={back} /></div>
      {receipt.error ? <Banner kind="error">{errorText(i18n, receipt.error)}</Banner> : null}
      {!receipt.data && !receipt.error && <Loading />}
      {receipt.data && (
        <div className="stack-lg">
          <ReceiptSheet r={receipt.data} />
          <Button icon="printer" block className="no-print" onClick={() => window.print()}>{t('receipt.print')}</Button>
        </div>
      )}
    </Shell>
  );
}
