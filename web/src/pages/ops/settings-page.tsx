import { useMemo, useState } from 'react';
import { api, type City, type Service, type Setting } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { useSession } from '../../session';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { TextField } from '../../components/fields';
import { hasRole } from '../../areas';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { displayValue } from './setting-value';
import { SettingEditor } from './setting-editor';

interface Catalog { cities: City[]; services: Service[] }

/** A scope as people read it: "Everywhere", "City: Tabriz", "Service: Car ride". */
export function useScopeLabel(catalog: Catalog | undefined) {
  const { t, locale } = useI18n();
  return (scopeType: string, scopeId: string) => {
    if (scopeType === 'global') return t('settings.scope.global');
    const list = scopeType === 'city' ? catalog?.cities : catalog?.services;
    const name = list?.find((x) => x.id === scopeId)?.names[locale] ?? scopeId;
    return t(scopeType === 'city' ? 'settings.scope.cityNamed' : 'settings.scope.serviceNamed', { name });
  };
}

function SettingCard({ s, catalog, canEdit, onSaved }: { s: Setting; catalog?: Catalog; canEdit: boolean; onSaved(s: Setting): void }) {
  const i18n = useI18n();
  const { t, has } = i18n;
  const [editing, setEditing] = useState(false);
  const scopeLabel = useScopeLabel(catalog);
  const titleKey = `setting.${s.key}`;
  const global = s.overrides.find((o) => o.scopeType === 'global');
  return (
    <li className="setting">
      <div className="setting-head">
        <div>
          <h3 className="setting-title">{has(titleKey) ? t(titleKey) : s.description}</h3>
          <code className="setting-key" dir="ltr">{s.key}</code>
        </div>
        {/* Rule ids are codes (ACC-1): they keep their Latin form in every language. */}
        <span className="chips">{s.rules.map((r) => <Badge key={r}><bdi dir="ltr">{r}</bdi></Badge>)}</span>
      </div>
      <div className="setting-body">
      <div className="setting-values">
        <div className="setting-value">
          <span className="muted">{t('settings.current')}</span>
          <strong dir="auto">{displayValue(i18n, s.key, global ? global.value : s.default)}</strong>
          {global ? <Badge tone="warn">{t('settings.overridden')}</Badge> : <Badge>{t('settings.isDefault')}</Badge>}
        </div>
        {global && <div className="setting-value muted">{t('settings.default')}: <span dir="auto">{displayValue(i18n, s.key, s.default)}</span></div>}
        {s.overrides.filter((o) => o.scopeType !== 'global').map((o) => (
          <div key={`${o.scopeType}:${o.scopeId}`} className="setting-value">
            <span className="muted">{scopeLabel(o.scopeType, o.scopeId)}</span>
            <strong dir="auto">{displayValue(i18n, s.key, o.value)}</strong>
          </div>
        ))}
      </div>
      {canEdit && !editing && <Button variant="ghost" onClick={() => setEditing(true)}>{t('settings.edit')}</Button>}
      </div>
      {editing && catalog && <SettingEditor s={s} catalog={catalog} onClose={() => setEditing(false)} onSaved={(next) => { onSaved(next); setEditing(false); }} />}
    </li>
  );
}

const groupOf = (key: string) => key.split('.')[0];

/** OPS-2: every policy number with its default and overrides; admins change them with a reason. */
export function OpsSettingsPage() {
  const i18n = useI18n();
  const { t, has } = i18n;
  const { me } = useSession();
  const settings = useAsync(() => api.ops.settings(), []);
  const catalog = useAsync(async () => ({ cities: await api.catalog.cities(), services: await api.catalog.services() }), []);
  const [filter, setFilter] = useState('');
  const canEdit = hasRole(me, 'ops_admin');

  const groups = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const shown = (settings.data ?? []).filter((s) => {
      const title = has(`setting.${s.key}`) ? t(`setting.${s.key}` as MessageKey) : s.description;
      return !q || s.key.toLowerCase().includes(q) || title.toLowerCase().includes(q) || s.rules.some((r) => r.toLowerCase().includes(q));
    });
    const map = new Map<string, Setting[]>();
    for (const s of shown) map.set(groupOf(s.key), [...(map.get(groupOf(s.key)) ?? []), s]);
    return [...map.entries()];
  }, [settings.data, filter, t, has]);

  const replace = (next: Setting) => settings.setData((settings.data ?? []).map((s) => (s.key === next.key ? next : s)));

  return (
    <Shell wide>
      <PageHeader title={t('ops.settings.title')} subtitle={t('ops.settings.subtitle')} />
      {!canEdit && <Banner kind="info">{t('ops.settings.readOnly')}</Banner>}
      <div className="filters filters-one">
        <TextField label={t('ops.settings.filter')} type="search" value={filter} onValue={setFilter} placeholder={t('ops.settings.filterPlaceholder')} />
      </div>
      {settings.loading && !settings.data && <Loading />}
      {settings.error ? <Banner kind="error">{errorText(i18n, settings.error)}</Banner> : null}
      {settings.data && groups.length === 0 && <EmptyState icon="search" title={t('ops.settings.empty')} />}
      {groups.map(([group, items]) => (
        <Card key={group} title={has(`settings.group.${group}`) ? t(`settings.group.${group}` as MessageKey) : t('settings.group.other')}>
          <ul className="settings-list">
            {items.map((s) => <SettingCard key={s.key} s={s} catalog={catalog.data} canEdit={canEdit} onSaved={replace} />)}
          </ul>
        </Card>
      ))}
    </Shell>
  );
}
