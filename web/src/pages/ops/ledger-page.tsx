import { useEffect, useState, type FormEvent } from 'react';
import { api, type UserOps } from '../../api';
import { toAsciiDigits, useI18n } from '../../i18n';
import { useSession } from '../../session';
import { hasRole } from '../../areas';
import { Link, navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Banner, Button, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { TextField } from '../../components/fields';
import { Icon } from '../../components/icons';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { Balance } from '../money/money-ui';
import { moneyApi, type LedgerAccount } from '../money/money-api';
import { ACCOUNT_KIND_LABEL } from '../money/labels';

/** Ids the ledger knows as owners: accounts of people and companies, and the platform's own. */
const OWNER_ID = /^(usr_|cmp_)[\w-]+$|^platform$/;

export const ownerName = (u: Pick<UserOps, 'firstName' | 'lastName' | 'mobile'>) => [u.firstName, u.lastName].filter(Boolean).join(' ') || u.mobile;

export function AccountRow({ a }: { a: LedgerAccount }) {
  const { t } = useI18n();
  return (
    <li>
      <Link to={`/ops/ledger/accounts/${encodeURIComponent(a.id)}`} className="list-row list-link">
        <span className="line-icon" aria-hidden="true"><Icon name={a.kind === 'customer_gift' ? 'gift' : a.ownerType === 'platform' ? 'bank' : 'wallet'} size={18} /></span>
        <span className="list-main">
          <strong>{ACCOUNT_KIND_LABEL[a.kind] ? t(ACCOUNT_KIND_LABEL[a.kind]) : a.kind}</strong>
          {a.pendingRials !== '0' && <span className="muted small">{t('ledger.availableShort')}: <Balance rials={a.availableRials} neutral={a.ownerType === 'platform'} /></span>}
        </span>
        <Balance rials={a.balanceRials} neutral={a.ownerType === 'platform'} />
        <Icon name="chevron" size={18} />
      </Link>
    </li>
  );
}

/** The accounts of one owner; ops staff see the person's name. */
function OwnerAccounts({ ownerId, canReadUsers }: { ownerId: string; canReadUsers: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const accounts = useAsync(() => moneyApi.ops.accounts(ownerId), [ownerId]);
  const person = useAsync(() => (canReadUsers && ownerId.startsWith('usr_') ? api.ops.user(ownerId) : Promise.resolve(null)), [ownerId, canReadUsers]);
  const title = ownerId === 'platform' ? t('ledger.platform') : person.data ? ownerName(person.data) : ownerId;
  return (
    <section aria-labelledby="owner-title">
      <div className="owner-head">
        <h2 id="owner-title" className="section-title">{title}</h2>
        {person.data && <Link to={`/ops/users/${encodeURIComponent(ownerId)}`} className="small">{t('ledger.openAccount')}</Link>}
        {ownerId !== 'platform' && !person.data && <Ltr>{ownerId}</Ltr>}
      </div>
      {accounts.error ? <Banner kind="error">{errorText(i18n, accounts.error)}</Banner> : null}
      {!accounts.data && !accounts.error && <Loading />}
      {accounts.data?.length === 0 && <EmptyState icon="wallet" title={t('ledger.noAccounts')}>{t('ledger.noAccountsText')}</EmptyState>}
      {!!accounts.data?.length && <ul className="list card-list">{accounts.data.map((a) => <AccountRow key={a.id} a={a} />)}</ul>}
    </section>
  );
}

/** Ops staff type a mobile or a name and pick the person; the ledger itself is keyed by owner id. */
function PeopleMatches({ q }: { q: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const found = useAsync(() => api.ops.users({ q: toAsciiDigits(q), limit: 10 }), [q]);
  if (found.error) return <Banner kind="error">{errorText(i18n, found.error)}</Banner>;
  if (!found.data) return <Loading />;
  if (!found.data.items.length) return <EmptyState icon="search" title={t('ops.users.empty')}>{t('ledger.searchHint')}</EmptyState>;
  // A match opens that person's ledger accounts, not their user page.
  return (
    <ul className="list card-list">
      {found.data.items.map((u) => (
        <li key={u.id}>
          <Link to={`/ops/ledger?owner=${encodeURIComponent(u.id)}`} className="list-row list-link">
            <span className="avatar" aria-hidden="true">{ownerName(u).slice(0, 1)}</span>
            <span className="list-main"><strong>{ownerName(u)}</strong><Ltr>{i18n.digits(u.mobile)}</Ltr></span>
            <Icon name="chevron" size={18} />
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** PAY-1 / FRD-3 for ops: find the ledger accounts of a person, a company or the platform. */
export function OpsLedgerPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const { query } = useLocation();
  const canReadUsers = hasRole(me, 'ops_agent', 'ops_admin');
  const owner = query.get('owner') ?? (query.get('q') ? '' : 'platform');
  const q = query.get('q') ?? '';
  const [draft, setDraft] = useState(q || (owner !== 'platform' ? owner : ''));
  useEffect(() => setDraft(q || (owner !== 'platform' ? owner : '')), [q, owner]);

  function search(e: FormEvent) {
    e.preventDefault();
    const text = toAsciiDigits(draft.trim());
    if (!text) return navigate('/ops/ledger', { replace: true });
    const asOwner = OWNER_ID.test(text) || !canReadUsers;
    navigate(`/ops/ledger?${asOwner ? 'owner' : 'q'}=${encodeURIComponent(text)}`, { replace: true });
  }

  return (
    <Shell wide>
      <PageHeader title={t('ledger.title')} subtitle={t(canReadUsers ? 'ledger.subtitle' : 'ledger.subtitleFinance')} back="/ops/money" />
      <form className="filters filters-one" onSubmit={search} role="search">
        <TextField label={t('ledger.owner')} placeholder={t(canReadUsers ? 'ledger.ownerPlaceholder' : 'ledger.ownerPlaceholderFinance')} value={draft} onValue={setDraft} type="search" dir="auto" />
        <div className="row">
          <Button type="submit" icon="search">{t('common.search')}</Button>
          {owner !== 'platform' && <Button variant="ghost" icon="bank" onClick={() => navigate('/ops/ledger', { replace: true })}>{t('ledger.platform')}</Button>}
        </div>
      </form>
      {q && !owner ? <PeopleMatches q={q} /> : <OwnerAccounts ownerId={owner} canReadUsers={canReadUsers} />}
    </Shell>
  );
}
