import { useEffect, useState, type FormEvent } from 'react';
import { api, type AuditEntry } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { Link, navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { SelectField, TextField } from '../../components/fields';
import { Icon } from '../../components/icons';
import { hasRole } from '../../areas';
import { errorText } from '../../lib/errors';
import { ACTION_LABEL, ROLE_LABEL, TARGET_LABEL } from './labels';

const PAGE = 30;
const FILTERS = ['action', 'targetType', 'targetId', 'actorId'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** Names for the people in the log, looked up once each (ops staff only may read accounts). */
function useNames(entries: AuditEntry[] | null, enabled: boolean) {
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!enabled || !entries) return;
    const ids = new Set<string>();
    for (const e of entries) {
      if (e.actorId) ids.add(e.actorId);
      if (e.targetType === 'user') ids.add(e.targetId);
    }
    const unknown = [...ids].filter((id) => !(id in names));
    if (!unknown.length) return;
    void Promise.all(unknown.map((id) => api.ops.user(id).then((u) => [id, [u.firstName, u.lastName].filter(Boolean).join(' ') || u.mobile] as const, () => [id, id] as const)))
      .then((pairs) => setNames((n) => ({ ...n, ...Object.fromEntries(pairs) })));
  }, [entries, enabled]);
  return names;
}

function Entry({ e, names, canOpenUsers }: { e: AuditEntry; names: Record<string, string>; canOpenUsers: boolean }) {
  const { t, dateTime, digits } = useI18n();
  const person = (id: string) => (canOpenUsers ? <Link to={`/ops/users/${encodeURIComponent(id)}`}>{names[id] ?? id}</Link> : <Ltr>{id}</Ltr>);
  return (
    <li className="audit">
      <div className="audit-head">
        <strong>{ACTION_LABEL[e.action] ? t(ACTION_LABEL[e.action]) : <Ltr>{e.action}</Ltr>}</strong>
        <time className="muted" dateTime={e.createdAt}>{dateTime(e.createdAt)}</time>
      </div>
      <p className="audit-line">
        <span className="muted">{t('audit.target')}: </span>
        {TARGET_LABEL[e.targetType] ? t(TARGET_LABEL[e.targetType]) : e.targetType}{' '}
        {e.targetType === 'user' ? person(e.targetId) : <Ltr>{digits(e.targetId)}</Ltr>}
      </p>
      <p className="audit-line">
        <span className="muted">{t('audit.actor')}: </span>
        {e.actorId ? person(e.actorId) : t('audit.system')}{' '}
        {e.actorRoles.map((r) => <Badge key={r}>{ROLE_LABEL[r] ? t(ROLE_LABEL[r]) : r}</Badge>)}
      </p>
      {e.reason && <p className="audit-reason">{t('audit.reason')}: {e.reason}</p>}
      <details className="audit-diff">
        <summary>{t('audit.changes')}</summary>
        <div className="grid-2">
          <div><span className="muted">{t('audit.before')}</span><pre dir="ltr">{JSON.stringify(e.before, null, 2)}</pre></div>
          <div><span className="muted">{t('audit.after')}</span><pre dir="ltr">{JSON.stringify(e.after, null, 2)}</pre></div>
        </div>
      </details>
    </li>
  );
}

/** OPS-4 / FRD-3: every ops action, newest first, filterable, paged by `nextBefore`. */
export function OpsAuditPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const { query } = useLocation();
  const applied: Filters = { action: query.get('action') ?? '', targetType: query.get('targetType') ?? '', targetId: query.get('targetId') ?? '', actorId: query.get('actorId') ?? '' };
  const key = FILTERS.map((f) => applied[f]).join('|');
  const [draft, setDraft] = useState<Filters>(applied);
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const canOpenUsers = hasRole(me, 'ops_agent', 'ops_admin');
  const names = useNames(items, canOpenUsers);

  async function load(before?: string) {
    setBusy(true);
    setError(null);
    try {
      const r = await api.ops.audit({ ...Object.fromEntries(FILTERS.map((f) => [f, applied[f] || undefined])), before, limit: PAGE });
      setItems((prev) => (before ? [...(prev ?? []), ...r.items] : r.items));
      setNext(r.nextBefore);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => {
    setItems(null);
    setDraft(applied);
    void load();
  }, [key]);

  function apply(e: FormEvent) {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const f of FILTERS) if (draft[f].trim()) p.set(f, draft[f].trim());
    const qs = p.toString();
    navigate(qs ? `/ops/audit?${qs}` : '/ops/audit', { replace: true });
  }

  const set = (f: keyof Filters) => (v: string) => setDraft({ ...draft, [f]: v });
  return (
    <Shell wide>
      <PageHeader title={t('ops.audit.title')} subtitle={t('ops.audit.subtitle')} />
      <details className="filter-box" open={FILTERS.some((f) => applied[f]) || undefined}>
        <summary>
          <Icon name="search" size={18} />
          <span>{t('audit.filters')}</span>
          {FILTERS.some((f) => applied[f]) && <Badge tone="brand">{t('audit.filtersOn', { n: FILTERS.filter((f) => applied[f]).length })}</Badge>}
        </summary>
      <form className="filters filters-audit" onSubmit={apply}>
        <SelectField label={t('audit.filter.action')} value={draft.action} onValue={set('action')} options={[{ value: '', label: t('common.all') }, ...Object.entries(ACTION_LABEL).map(([value, label]) => ({ value, label: t(label) }))]} />
        <SelectField label={t('audit.filter.targetType')} value={draft.targetType} onValue={set('targetType')} options={[{ value: '', label: t('common.all') }, ...Object.entries(TARGET_LABEL).map(([value, label]) => ({ value, label: t(label) }))]} />
        <TextField label={t('audit.filter.targetId')} value={draft.targetId} onValue={set('targetId')} ltr />
        <TextField label={t('audit.filter.actorId')} value={draft.actorId} onValue={set('actorId')} ltr />
        <Button type="submit" icon="search" className="filters-submit">{t('common.apply')}</Button>
      </form>
      </details>
      {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
      {!items && !error && <Loading />}
      {items && items.length === 0 && <EmptyState icon="list" title={t('ops.audit.empty')}>{t(FILTERS.some((f) => applied[f]) ? 'ops.audit.emptyHint' : 'ops.audit.emptyNone')}</EmptyState>}
      {items && items.length > 0 && <ol className="audit-list">{items.map((e) => <Entry key={e.id} e={e} names={names} canOpenUsers={canOpenUsers} />)}</ol>}
      {next && <Button variant="secondary" block busy={busy} onClick={() => void load(next)}>{t('common.loadMore')}</Button>}
    </Shell>
  );
}
