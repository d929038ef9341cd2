import { useEffect, useState, type FormEvent } from 'react';
import { api, type UserOps } from '../../api';
import { toAsciiDigits, useI18n } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { SelectField, TextField } from '../../components/fields';
import { Icon } from '../../components/icons';
import { errorText } from '../../lib/errors';
import { ROLE_LABEL, ROLES } from './labels';

const PAGE = 20;

export function UserRow({ u }: { u: UserOps }) {
  const { t, digits } = useI18n();
  const name = [u.firstName, u.lastName].filter(Boolean).join(' ') || t('account.noName');
  return (
    <li>
      <Link to={`/ops/users/${encodeURIComponent(u.id)}`} className="list-row list-link">
        <span className="avatar" aria-hidden="true">{name.slice(0, 1)}</span>
        <span className="list-main">
          <strong>{name}</strong>
          <Ltr>{digits(u.mobile)}</Ltr>
          <span className="chips">
            {u.roles.map((r) => <Badge key={r} tone="brand">{ROLE_LABEL[r] ? t(ROLE_LABEL[r]) : r}</Badge>)}
            {u.status === 'blocked' && <Badge tone="bad">{t('status.blocked')}</Badge>}
          </span>
        </span>
        <Icon name="chevron" size={18} />
      </Link>
    </li>
  );
}

/** ACC-7, ACC-8: find an account by mobile, national ID or name, filtered by role and status. */
export function OpsUsersPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const role = query.get('role') ?? '';
  const status = query.get('status') ?? '';
  const [draft, setDraft] = useState({ q, role, status });
  const [items, setItems] = useState<UserOps[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function load(offset: number) {
    setBusy(true);
    setError(null);
    try {
      const r = await api.ops.users({ q: toAsciiDigits(q.trim()) || undefined, role: role || undefined, status: status || undefined, limit: PAGE, offset });
      setItems((prev) => (offset === 0 ? r.items : [...(prev ?? []), ...r.items]));
      setTotal(r.total);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => {
    setItems(null);
    setDraft({ q, role, status });
    void load(0);
  }, [q, role, status]);

  function search(e: FormEvent) {
    e.preventDefault();
    const p = new URLSearchParams();
    if (draft.q.trim()) p.set('q', draft.q.trim());
    if (draft.role) p.set('role', draft.role);
    if (draft.status) p.set('status', draft.status);
    const qs = p.toString();
    navigate(qs ? `/ops/users?${qs}` : '/ops/users', { replace: true });
  }

  return (
    <Shell wide>
      <PageHeader title={t('ops.users.title')} subtitle={t('ops.users.subtitle')} />
      <form className="filters" onSubmit={search} role="search">
        <TextField label={t('ops.users.query')} placeholder={t('ops.users.queryPlaceholder')} value={draft.q} onValue={(v) => setDraft({ ...draft, q: v })} type="search" />
        <SelectField label={t('ops.users.role')} value={draft.role} onValue={(v) => setDraft({ ...draft, role: v })} options={[{ value: '', label: t('common.all') }, ...ROLES.map((r) => ({ value: r, label: t(ROLE_LABEL[r]) }))]} />
        <SelectField label={t('ops.users.status')} value={draft.status} onValue={(v) => setDraft({ ...draft, status: v })} options={[{ value: '', label: t('common.all') }, { value: 'active', label: t('status.active') }, { value: 'blocked', label: t('status.blocked') }]} />
        <Button type="submit" icon="search" className="filters-submit">{t('common.search')}</Button>
      </form>
      {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
      {!items && !error && <Loading />}
      {items && (
        <>
          <p className="muted result-count" aria-live="polite">{t('ops.users.count', { n: total })}</p>
          {items.length === 0
            ? <EmptyState icon="search" title={t('ops.users.empty')}>{t('ops.users.emptyHint')}</EmptyState>
            : <ul className="list card-list">{items.map((u) => <UserRow key={u.id} u={u} />)}</ul>}
          {items.length < total && <Button variant="secondary" block busy={busy} onClick={() => void load(items.length)}>{t('common.loadMore')}</Button>}
        </>
      )}
    </Shell>
  );
}
