import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { hasRole } from '../../areas';
import { Link } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, Details, Loading, Ltr, PageHeader } from '../../components/ui';
import { SelectField, TextArea } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText, formErrors } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { Balance, LoadMore, MoneyField, Segmented, StatementList, usePaged } from '../money/money-ui';
import { moneyApi, newIdempotencyKey, tomanToRials, type LedgerAccount, type StatementLine } from '../money/money-api';
import { ACCOUNT_KIND_LABEL, COUNTERPARTY_KINDS } from '../money/labels';
import { ownerName } from './ledger-page';

const MIN_REASON = 3;

function AccountDetails({ a, owner }: { a: LedgerAccount; owner: string }) {
  const { t, dateTime } = useI18n();
  return (
    <Details rows={[
      [t('ledger.ownerLabel'), a.ownerType === 'user' ? <Link key="o" to={`/ops/ledger?owner=${encodeURIComponent(a.ownerId)}`}>{owner}</Link> : owner],
      [t('ledger.balance'), <Balance key="b" rials={a.balanceRials} />],
      [t('ledger.pending'), <Balance key="p" rials={a.pendingRials} />],
      [t('ledger.available'), <Balance key="v" rials={a.availableRials} />],
      [t('ledger.mayGoNegative'), a.allowNegative ? t('common.yes') : t('common.no')],
      [t('ledger.opened'), dateTime(a.createdAt)],
      [t('ledger.accountId'), <Ltr key="i">{a.id}</Ltr>],
    ]} />
  );
}

/** Finance only: credit or debit the account against a platform account, with a reason (FRD-3). */
function AdjustmentForm({ a, onDone }: { a: LedgerAccount; onDone(): void }) {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const toast = useToast();
  const [direction, setDirection] = useState<'credit' | 'debit'>('credit');
  const [amount, setAmount] = useState('');
  const [counterparty, setCounterparty] = useState<string>('suspense');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  const changed = () => { key.current = newIdempotencyKey(); };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!amount) missing.amountRials = t('error.REQUIRED');
    if (reason.trim().length < MIN_REASON) missing.reason = t('ops.reasonTooShort', { n: MIN_REASON });
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      await moneyApi.ops.adjust({
        account: { ownerType: a.ownerType, ownerId: a.ownerId, kind: a.kind }, direction, amountRials: tomanToRials(amount),
        counterparty, reason: reason.trim(),
      }, key.current);
      toast(t('adjust.done', { amount: toman(tomanToRials(amount)) }), 'success');
      setAmount('');
      setReason('');
      changed();
      onDone();
    } catch (err) {
      const f = formErrors(i18n, err);
      setErrors(f.fields);
      setFormError(f.form);
    } finally {
      setBusy(false);
    }
  }

  const others = COUNTERPARTY_KINDS.filter((k) => !(a.ownerType === 'platform' && k === a.kind));
  return (
    <Card title={t('adjust.title')} subtitle={t('adjust.subtitle')}>
      <form className="stack" onSubmit={submit} noValidate>
        <Segmented label={t('adjust.direction')} value={direction} onValue={(v) => { setDirection(v); changed(); }}
          options={[{ value: 'credit', label: t('adjust.credit') }, { value: 'debit', label: t('adjust.debit') }]} />
        <MoneyField label={t('adjust.amount')} name="adjustAmount" value={amount} onValue={(v) => { setAmount(v); changed(); }} error={errors.amountRials} />
        <SelectField label={t('adjust.counterparty')} value={counterparty} onValue={(v) => { setCounterparty(v); changed(); }} hint={t('adjust.counterpartyHint')}
          options={others.map((k) => ({ value: k, label: t(ACCOUNT_KIND_LABEL[k]) }))} />
        <TextArea label={t('ops.reason')} name="adjustReason" value={reason} onValue={(v) => { setReason(v); changed(); }} rows={3} maxLength={500} error={errors.reason} hint={t('adjust.reasonHint')} />
        {formError && <Banner kind="error">{formError}</Banner>}
        <Button type="submit" variant={direction === 'debit' ? 'danger' : 'primary'} busy={busy} block>
          {t(direction === 'credit' ? 'adjust.submitCredit' : 'adjust.submitDebit')}
        </Button>
      </form>
    </Card>
  );
}

/** Any ledger account: its balances, its statement, and for finance a manual adjustment. */
export function OpsLedgerAccountPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const [account, setAccount] = useState<LedgerAccount | null>(null);
  const [round, setRound] = useState(0);
  const lines = usePaged<StatementLine>(async (cursor) => {
    const page = await moneyApi.ops.accountStatement(id, cursor);
    setAccount(page.account);
    return { items: page.items, next: page.nextCursor };
  }, [id, round]);
  const canReadUsers = hasRole(me, 'ops_agent', 'ops_admin');
  const ownerId = account?.ownerType === 'user' ? account.ownerId : null;
  const person = useAsync(() => (canReadUsers && ownerId ? api.ops.user(ownerId) : Promise.resolve(null)), [ownerId, canReadUsers]);
  const owner = !account ? '' : account.ownerType === 'platform' ? t('ledger.platform') : person.data ? ownerName(person.data) : account.ownerId;
  const kind = account ? (ACCOUNT_KIND_LABEL[account.kind] ? t(ACCOUNT_KIND_LABEL[account.kind]) : account.kind) : t('ledger.account');

  return (
    <Shell wide>
      <PageHeader title={kind} subtitle={owner || undefined} back={account ? `/ops/ledger?owner=${encodeURIComponent(account.ownerId)}` : '/ops/ledger'}
        actions={account?.allowNegative === false ? <Badge tone="brand">{t('ledger.neverNegative')}</Badge> : undefined} />
      {lines.error && !account ? <Banner kind="error">{errorText(i18n, lines.error)}</Banner> : null}
      {!account && !lines.error && <Loading />}
      {account && (
        <div className="columns">
          <div className="stack-lg">
            <Card title={t('ledger.details')}><AccountDetails a={account} owner={owner} /></Card>
            {hasRole(me, 'finance') && <AdjustmentForm a={account} onDone={() => setRound((n) => n + 1)} />}
          </div>
          <Card title={t('wallet.statement')}>
            {lines.error ? <Banner kind="error">{errorText(i18n, lines.error)}</Banner> : null}
            {lines.items && <StatementList lines={lines.items} showMemo={() => true} empty={{ title: t('ledger.emptyStatement') }} />}
            {!lines.items && !lines.error && <Loading />}
            <LoadMore paged={lines} />
          </Card>
        </div>
      )}
    </Shell>
  );
}
