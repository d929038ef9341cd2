import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { toAsciiDigits, useI18n } from '../../i18n';
import { useLocation } from '../../router';
import { useSession } from '../../session';
import { hasRole } from '../../areas';
import { Shell } from '../../components/shell';
import { Banner, Button, Card, PageHeader } from '../../components/ui';
import { errorText } from '../../lib/errors';
import { useDemo } from '../../lib/demo';
import { useAsync } from '../../lib/hooks';
import { Balance, MoneyField } from '../money/money-ui';
import { moneyApi, newIdempotencyKey, tomanToRials } from '../money/money-api';

/** Amounts people pick most, in Toman; anything else goes in the field below. */
const PRESETS_TOMAN = ['50000', '100000', '200000', '500000'];

/** Sends the browser to the gateway; the page is left, so the busy state stays on. */
function goToGateway(url: string) {
  window.location.assign(url);
}

/** PAY-1: top up the wallet through the card gateway, then come back to /payments/:id. */
export function TopupPage() {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const { me } = useSession();
  const { query } = useLocation();
  const forProvider = query.get('wallet') === 'provider' && hasRole(me, 'provider');
  const initial = toAsciiDigits(query.get('amount') ?? '').replace(/\D/g, '');
  const [amount, setAmount] = useState(initial || PRESETS_TOMAN[1]);
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  const demo = useDemo();
  const wallet = useAsync(() => moneyApi.wallet(), []);
  const limits = useAsync(() => moneyApi.topupLimits().catch(() => null), []);
  const current = forProvider ? wallet.data?.provider : wallet.data?.wallet;

  const choose = (v: string) => {
    setAmount(v);
    setError(null);
    key.current = newIdempotencyKey();
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!amount) return setError(t('topup.enterAmount'));
    const range = limits.data;
    const rials = BigInt(tomanToRials(amount));
    if (range && (rials < BigInt(range.minRials) || rials > BigInt(range.maxRials))) {
      return setError(t('error.TOPUP_AMOUNT_OUT_OF_RANGE', { min: toman(range.minRials), max: toman(range.maxRials) }));
    }
    setBusy(true);
    setError(null);
    setFormError(null);
    try {
      const started = await moneyApi.topup(tomanToRials(amount), forProvider ? 'provider' : 'customer', key.current);
      goToGateway(started.redirectUrl);
    } catch (err) {
      setBusy(false);
      key.current = newIdempotencyKey();
      if (err instanceof ApiError && err.code === 'TOPUP_AMOUNT_OUT_OF_RANGE') setError(errorText(i18n, err));
      else setFormError(errorText(i18n, err));
    }
  }

  return (
    <Shell>
      <PageHeader title={t(forProvider ? 'topup.titleProvider' : 'topup.title')} back={forProvider ? '/provider/wallet' : '/wallet'} />
      <form className="stack-lg" onSubmit={submit} noValidate>
        {current && (
          <p className="topup-current">
            <span className="muted">{t('topup.current')}</span> <Balance rials={current.balanceRials} />
          </p>
        )}
        <Card title={t('topup.choose')}>
          <div className="presets" role="radiogroup" aria-label={t('topup.choose')}>
            {PRESETS_TOMAN.map((p) => (
              <button key={p} type="button" role="radio" aria-checked={amount === p} className={amount === p ? 'preset preset-on' : 'preset'} onClick={() => choose(p)}>
                {toman(tomanToRials(p))}
              </button>
            ))}
          </div>
          <MoneyField label={t('topup.custom')} name="amount" value={amount} onValue={choose} error={error}
            hint={limits.data ? t('topup.range', { min: toman(limits.data.minRials), max: toman(limits.data.maxRials) }) : t('topup.customHint')} />
        </Card>
        {formError && <Banner kind="error">{formError}</Banner>}
        <div className="sticky-action">
          <Button type="submit" block busy={busy} icon="card">
            {amount ? t('topup.pay', { amount: toman(tomanToRials(amount)) }) : t('topup.payNoAmount')}
          </Button>
          <p className="muted center small">{t(demo ? 'topup.demoNote' : 'topup.gatewayNote')}</p>
        </div>
      </form>
    </Shell>
  );
}
