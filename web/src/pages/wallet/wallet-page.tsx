import { useState } from 'react';
import { useI18n } from '../../i18n';
import { useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, ButtonLink, Card, Loading, PageHeader } from '../../components/ui';
import { Icon } from '../../components/icons';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { Balance, Segmented } from '../money/money-ui';
import { moneyApi, type GiftGrant, type StatementLine } from '../money/money-api';
import { BalanceHero, MyStatement, NegativeBalanceBanner, OpenCharges } from './wallet-parts';

/** The active gift credit that runs out first, if any runs out at all. */
function soonestExpiry(grants: GiftGrant[]): GiftGrant | undefined {
  return grants.filter((g) => g.status === 'active' && g.expiresAt).sort((a, b) => a.expiresAt!.localeCompare(b.expiresAt!))[0];
}

/** PAY-4: gift credit is its own pot, spent first where an offer allows it, never paid out. */
function GiftCard({ rials, grants }: { rials: string; grants: GiftGrant[] }) {
  const { t, dateTime } = useI18n();
  const next = soonestExpiry(grants);
  return (
    <Card className="gift-card">
      <div className="gift-head">
        <span className="tile-icon" aria-hidden="true"><Icon name="gift" size={22} /></span>
        <div className="gift-title">
          <h2 className="card-title">{t('wallet.gift')}</h2>
          <Badge tone="warn">{t('wallet.notCashable')}</Badge>
        </div>
        <Balance rials={rials} className="gift-amount" />
      </div>
      <p className="muted small">{t('wallet.giftHint')}</p>
      {next && BigInt(rials) > 0n && <p className="small">{t('wallet.giftExpires', { date: dateTime(next.expiresAt!) })}</p>}
    </Card>
  );
}

/** PAY-1, PAY-2, PAY-4: balance, gift credit, open charges and the statement of the customer's wallet. */
export function WalletPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { query } = useLocation();
  const [account, setAccount] = useState<'wallet' | 'gift'>(query.get('account') === 'gift' ? 'gift' : 'wallet');
  const wallet = useAsync(() => moneyApi.wallet(), []);
  const mine = useAsync(() => moneyApi.promotions.mine().catch(() => ({ offers: [], giftCredits: [] })), []);
  const charges = useAsync(() => moneyApi.myLinks('open').then((r) => r.items, () => []), []);
  const offerTitle = (l: StatementLine) => (l.reference?.type === 'promotion' ? mine.data?.offers.find((o) => o.id === l.reference!.id)?.title[locale] : undefined);
  const w = wallet.data;

  return (
    <Shell>
      <PageHeader title={t('wallet.title')} subtitle={t('wallet.subtitle')} />
      {wallet.error ? <Banner kind="error">{errorText(i18n, wallet.error)}</Banner> : null}
      {!w && !wallet.error && <Loading />}
      {w && (
        <div className="stack-lg">
          <BalanceHero
            label={t('wallet.balance')} balance={w.wallet}
            actions={<>
              <ButtonLink to="/wallet/topup" icon="plus">{t('wallet.topup')}</ButtonLink>
              <ButtonLink to="/wallet/promo" icon="tag" variant="secondary">{t('wallet.promo')}</ButtonLink>
            </>}
          >
            <p className="balance-note">{t('wallet.walletHint')}</p>
          </BalanceHero>
          <NegativeBalanceBanner balance={w.wallet} topupTo="/wallet/topup" />
          <GiftCard rials={w.gift.balanceRials} grants={mine.data?.giftCredits ?? []} />
          <OpenCharges links={charges.data ?? []} />
          <Card title={t('wallet.statement')} actions={<ButtonLink to="/wallet/receipts" variant="ghost" icon="receipt">{t('wallet.receipts')}</ButtonLink>}>
            <Segmented
              label={t('wallet.statementOf')} value={account}
              options={[{ value: 'wallet', label: t('wallet.tabWallet') }, { value: 'gift', label: t('wallet.tabGift') }]}
              onValue={setAccount}
            />
            <MyStatement
              account={account} titleOf={offerTitle}
              empty={account === 'gift'
                ? { title: t('wallet.emptyGift'), text: t('wallet.emptyGiftText'), action: <ButtonLink to="/wallet/promo" variant="secondary" icon="tag">{t('wallet.promo')}</ButtonLink> }
                : { title: t('wallet.empty'), text: t('wallet.emptyText'), action: <ButtonLink to="/wallet/topup" variant="secondary" icon="plus">{t('wallet.topup')}</ButtonLink> }}
            />
          </Card>
        </div>
      )}
    </Shell>
  );
}
