import { useRef, useState, type FormEvent } from 'react';
import { toAsciiDigits, useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Banner, Button, Card, Details, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { TextField } from '../../components/fields';
import { MobileField } from '../../components/inputs';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { Balance, MoneyField } from '../money/money-ui';
import { newIdempotencyKey, tomanToRials } from '../money/money-api';
import { companiesApi, type MyCompany } from './companies-api';
import { CompanyStatusBadge } from './companies-pages';

/** Members and open invitations; the representative invites by mobile and removes. */
function MembersCard({ company }: { company: MyCompany }) {
  const i18n = useI18n();
  const { t, digits } = i18n;
  const toast = useToast();
  const isRep = company.role === 'representative';
  const [version, setVersion] = useState(0);
  const members = useAsync(() => companiesApi.members(company.id), [company.id, version]);
  const [mobile, setMobile] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function invite(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await companiesApi.invite(company.id, mobile);
      toast(t('cmp.invited'), 'success');
      setMobile('');
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }
  async function remove(memberId: string) {
    try {
      await companiesApi.remove(company.id, memberId);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorText(i18n, err));
    }
  }

  return (
    <Card title={t('cmp.members')}>
      <ul className="list">
        {(members.data ?? []).map((m) => (
          <li key={m.id} className="list-row member-row">
            <span>{m.name ?? <Ltr>{digits(m.mobile)}</Ltr>}</span>{' '}
            <span className="muted">{t(m.status === 'invited' ? 'cmp.member.invited' : m.role === 'representative' ? 'cmp.role.representative' : 'cmp.role.member')}</span>
            {isRep && m.role !== 'representative' && <Button variant="ghost" onClick={() => void remove(m.id)}>{t('cmp.remove')}</Button>}
          </li>
        ))}
      </ul>
      {isRep && company.status === 'active' && (
        <form className="stack" onSubmit={invite} noValidate>
          <MobileField label={t('cmp.inviteMobile')} value={mobile} onValue={setMobile} name="inviteMobile" />
          <Button type="submit" busy={busy}>{t('cmp.invite')}</Button>
        </form>
      )}
      {error && <Banner kind="error">{error}</Banner>}
    </Card>
  );
}

/** The company wallet: balance for members; the representative tops it up or moves money in. */
function WalletCard({ company }: { company: MyCompany }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [version, setVersion] = useState(0);
  const wallet = useAsync(() => companiesApi.wallet(company.id), [company.id, version]);
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'topup' | 'transfer' | null>(null);
  const key = useRef(newIdempotencyKey());
  const isRep = company.role === 'representative' && company.status === 'active';

  async function go(kind: 'topup' | 'transfer') {
    if (!amount) return setError(t('topup.enterAmount'));
    setBusy(kind);
    setError(null);
    try {
      const rials = tomanToRials(toAsciiDigits(amount));
      if (kind === 'topup') {
        const started = await companiesApi.topup(company.id, rials);
        window.location.assign(started.redirectUrl);
        return;
      }
      await companiesApi.transfer(company.id, rials, key.current);
      key.current = newIdempotencyKey();
      toast(t('cmp.transferred'), 'success');
      setAmount('');
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorText(i18n, err));
    }
    setBusy(null);
  }

  return (
    <Card title={t('cmp.wallet')}>
      {wallet.data ? <p className="balance-line"><Balance rials={wallet.data.balanceRials} /></p> : <Loading />}
      {isRep && (
        <div className="stack">
          <MoneyField label={t('cmp.amount')} name="amount" value={amount} onValue={(v) => { setAmount(v); key.current = newIdempotencyKey(); }} />
          <div className="row">
            <Button onClick={() => void go('topup')} busy={busy === 'topup'}>{t('cmp.topup')}</Button>
            <Button variant="secondary" onClick={() => void go('transfer')} busy={busy === 'transfer'}>{t('cmp.transfer')}</Button>
          </div>
        </div>
      )}
      {error && <Banner kind="error">{error}</Banner>}
    </Card>
  );
}

/** The monthly statement: a Jalali month on the company city's calendar. */
function StatementCard({ company }: { company: MyCompany }) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [draft, setDraft] = useState('');
  const st = useAsync(() => companiesApi.statement(company.id, month), [company.id, month]);
  const s = st.data;
  return (
    <Card title={t('cmp.statement')}>
      <form className="row" onSubmit={(e) => { e.preventDefault(); setMonth(toAsciiDigits(draft).trim() || undefined); }}>
        <TextField label={t('cmp.month')} name="month" value={draft || (s ? i18n.digits(s.month) : '')} onValue={setDraft} hint={t('cmp.monthHint')} ltr />
        <Button type="submit" variant="secondary">{t('common.apply')}</Button>
      </form>
      {st.error ? <Banner kind="error">{errorText(i18n, st.error)}</Banner> : null}
      {s && (
        <>
          <Details rows={[
            [t('cmp.opening'), <Balance key="o" rials={s.openingRials} />],
            [t('cmp.credits'), <Balance key="c" rials={s.creditsRials} />],
            [t('cmp.debits'), <Balance key="d" rials={s.debitsRials} />],
            [t('cmp.closing'), <Balance key="x" rials={s.closingRials} />],
          ]} />
          {s.lines.length === 0 ? <EmptyState title={t('cmp.noLines')} /> : (
            <ul className="list statement-lines">
              {s.lines.map((l) => (
                <li key={l.transferId} className="list-row">
                  <span className="muted">{dateTime(l.createdAt)}</span> <span>{i18n.has(`cmp.reason.${l.reason}`) ? t(`cmp.reason.${l.reason}` as 'cmp.reason.company.topup') : l.reason}</span> <Balance rials={l.amountRials} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}

/** ACC-3 organisation panel: the company, its members, its wallet and the monthly statement. */
export function CompanyPanelPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, digits } = i18n;
  const company = useAsync(() => companiesApi.get(id), [id]);
  const c = company.data;
  return (
    <Shell>
      <PageHeader title={c ? c.name : t('cmp.title')} back="/companies" />
      {company.error ? <Banner kind="error">{errorText(i18n, company.error)}</Banner> : null}
      {!c && !company.error && <Loading />}
      {c && (
        <div className="stack-lg">
          <Card title={<>{t('cmp.details')} <CompanyStatusBadge status={c.status} /></>}>
            {c.status === 'pending' && <Banner kind="info">{t('cmp.pendingText')}</Banner>}
            <Details rows={[
              [t('cmp.nationalCompanyId'), <Ltr key="n">{digits(c.nationalCompanyId)}</Ltr>],
              [t('cmp.registrationNumber'), <Ltr key="r">{digits(c.registrationNumber)}</Ltr>],
              [t('cmp.landline'), <Ltr key="l">{digits(c.landline)}</Ltr>],
              [t('cmp.staffCount'), i18n.num(c.staffCount)],
            ]} />
          </Card>
          <MembersCard company={c} />
          {c.status === 'active' && <WalletCard company={c} />}
          {c.status === 'active' && <StatementCard company={c} />}
        </div>
      )}
    </Shell>
  );
}
