import { useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { useToast } from '../../components/toast';
import { errorText, formErrors } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { LoadMore, MoneyField, usePaged } from '../money/money-ui';
import { moneyApi, newIdempotencyKey, tomanToRials, type Balance, type Settlement } from '../money/money-api';
import { SETTLEMENT_LABEL, SETTLEMENT_TONE } from '../money/labels';
import { BalanceHero, MyStatement, NegativeBalanceBanner, OpenCharges } from './wallet-parts';

/** PAY-3: ask for payout of (part of) a positive balance; the amount is held until finance decides. */
function SettlementForm({ balance, onDone }: { balance: Balance; onDone(): void }) {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const toast = useToast();
  const available = BigInt(balance.availableRials);
  const wholeToman = available > 0n ? (available / 10n).toString() : '';
  const [amount, setAmount] = useState(wholeToman);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());

  if (available <= 0n) return <p className="muted">{t('settle.nothing')}</p>;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!amount) return setError(t('settle.enterAmount'));
    if (BigInt(tomanToRials(amount)) > available) return setError(t('settle.tooMuch', { available: toman(available) }));
    setBusy(true);
    setError(null);
    try {
      await moneyApi.requestSettlement(tomanToRials(amount), key.current);
      key.current = newIdempotencyKey();
      toast(t('settle.sent'), 'success');
      onDone();
    } catch (err) {
      const f = formErrors(i18n, err);
      setError(f.form ?? Object.values(f.fields)[0] ?? errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <MoneyField label={t('settle.amount')} name="settleAmount" value={amount} onValue={(v) => { setAmount(v); key.current = newIdempotencyKey(); }}
        error={error} hint={t('settle.available', { available: toman(available) })} />
      <Button type="submit" icon="bank" busy={busy} block>{t('settle.request')}</Button>
    </form>
  );
}

function SettlementRow({ s }: { s: Settlement }) {
  const { t, toman, dateTime, digits } = useI18n();
  return (
    <li className="list-row settlement-row">
      <span className="list-main">
        <strong>{toman(s.amountRials)}</strong>
        <span className="muted small">{t('settle.requestedAt', { date: dateTime(s.createdAt) })}</span>
        {s.status === 'paid' && s.bankReference && <span className="small">{t('settle.bankRef')}: <Ltr>{digits(s.bankReference)}</Ltr></span>}
        {s.status === 'rejected' && s.rejectReason && <span className="small">{t('settle.rejectReason')}: {s.rejectReason}</span>}
      </span>
      <Badge tone={SETTLEMENT_TONE[s.status]}>{t(SETTLEMENT_LABEL[s.status])}</Badge>
    </li>
  );
}

/** The provider's balance (earnings less commission and charges), payouts and statement (PAY-3, PAY-5). */
export function ProviderWalletPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const wallet = useAsync(() => moneyApi.wallet(), []);
  const charges = useAsync(() => moneyApi.myLinks('open').then((r) => r.items, () => []), []);
  const settlements = usePaged((before) => moneyApi.settlements(before).then((r) => ({ items: r.items, next: r.nextBefore })), []);
  const [round, setRound] = useState(0);
  const balance = wallet.data?.provider;
  const refresh = () => {
    wallet.reload();
    settlements.reload();
    setRound((n) => n + 1);
  };

  return (
    <Shell>
      <PageHeader title={t('pwallet.title')} subtitle={t('pwallet.subtitle')} />
      {wallet.error ? <Banner kind="error">{errorText(i18n, wallet.error)}</Banner> : null}
      {!wallet.data && !wallet.error && <Loading />}
      {balance && (
        <div className="stack-lg">
          <BalanceHero label={t('pwallet.balance')} balance={balance}>
            <p className="balance-note">{t('pwallet.hint')}</p>
          </BalanceHero>
          <NegativeBalanceBanner balance={balance} provider topupTo="/wallet/topup?wallet=provider" />
          <OpenCharges links={charges.data ?? []} />
          <Card title={t('settle.title')} subtitle={t('settle.subtitle')}>
            <SettlementForm key={`${round}:${balance.availableRials}`} balance={balance} onDone={refresh} />
          </Card>
          <Card title={t('settle.mine')}>
            {settlements.error ? <Banner kind="error">{errorText(i18n, settlements.error)}</Banner> : null}
            {!settlements.items && !settlements.error && <Loading />}
            {settlements.items?.length === 0 && <EmptyState icon="bank" title={t('settle.none')}>{t('settle.noneText')}</EmptyState>}
            {!!settlements.items?.length && <ul className="list">{settlements.items.map((s) => <SettlementRow key={s.id} s={s} />)}</ul>}
            <LoadMore paged={settlements} />
          </Card>
          <Card title={t('wallet.statement')}>
            <MyStatement key={round} account="provider" empty={{ title: t('pwallet.empty'), text: t('pwallet.emptyText') }} />
          </Card>
        </div>
      )}
      {wallet.data && !balance && <Banner kind="info">{t('pwallet.notProvider')}</Banner>}
    </Shell>
  );
}
