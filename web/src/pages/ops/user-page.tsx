import { useState, type FormEvent } from 'react';
import { api, type ProviderKind, type Role, type UserOps } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { useSession } from '../../session';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, ButtonLink, Card, Details, Loading, Ltr, PageHeader } from '../../components/ui';
import { Checkbox, SelectField, TextArea } from '../../components/fields';
import { useToast } from '../../components/toast';
import { hasRole } from '../../areas';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { PROVIDER_KINDS, ROLE_LABEL, ROLES } from './labels';

const MIN_REASON = 3;

function UserDetails({ u }: { u: UserOps }) {
  const { t, digits, day, dateTime } = useI18n();
  const dash = t('common.none');
  return (
    <Details rows={[
      [t('field.mobile'), <Ltr key="m">{digits(u.mobile)}</Ltr>],
      [t('field.nationalId'), u.nationalId ? <Ltr key="n">{digits(u.nationalId)}</Ltr> : dash],
      [t('field.birthDate'), u.birthDate ? day(u.birthDate) : dash],
      [t('field.email'), u.email ? <Ltr key="e">{u.email}</Ltr> : dash],
      [t('ops.user.roles'), <span key="r" className="chips">{u.roles.map((r) => <Badge key={r} tone="brand">{ROLE_LABEL[r] ? t(ROLE_LABEL[r]) : r}</Badge>)}</span>],
      [t('ops.user.providerKind'), u.providerKind ? t(`provider.kind.${u.providerKind}` as MessageKey) : dash],
      [t('ops.user.profile'), u.profileComplete ? <Badge key="p" tone="good">{t('ops.user.complete')}</Badge> : <Badge key="p" tone="warn">{t('ops.user.incomplete')}</Badge>],
      [t('profile.status'), u.status === 'blocked' ? <Badge key="s" tone="bad">{t('status.blocked')}</Badge> : <Badge key="s" tone="good">{t('status.active')}</Badge>],
      ...(u.status === 'blocked' ? [[t('ops.user.blockedReason'), u.blockedReason ?? dash], [t('ops.user.blockedAt'), u.blockedAt ? dateTime(u.blockedAt) : dash]] as Array<[string, string]> : []),
      [t('ops.user.createdAt'), dateTime(u.createdAt)],
    ]} />
  );
}

/** ACC-8: block or unblock with a reason that goes to the audit log (FRD-3). */
function BlockCard({ u, onDone }: { u: UserOps; onDone(u: UserOps): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const blocking = u.status === 'active';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length < MIN_REASON) {
      setError(t('ops.reasonTooShort', { n: MIN_REASON }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = blocking ? await api.ops.block(u.id, reason.trim()) : await api.ops.unblock(u.id, reason.trim());
      setReason('');
      toast(t(blocking ? 'ops.user.blockedToast' : 'ops.user.unblockedToast'), 'success');
      onDone(next);
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t(blocking ? 'ops.user.blockTitle' : 'ops.user.unblockTitle')} subtitle={t(blocking ? 'ops.user.blockHint' : 'ops.user.unblockHint')}>
      <form onSubmit={submit} className="stack" noValidate>
        <TextArea label={t('ops.reason')} value={reason} onValue={setReason} rows={3} maxLength={500} error={error} name="reason" />
        <Button type="submit" variant={blocking ? 'danger' : 'primary'} icon={blocking ? 'ban' : 'check'} block busy={busy}>
          {t(blocking ? 'ops.user.block' : 'ops.user.unblock')}
        </Button>
      </form>
    </Card>
  );
}

/** ACC-7: ops admins set roles (and the provider kind), with a reason. */
function RolesCard({ u, onDone }: { u: UserOps; onDone(u: UserOps): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [roles, setRoles] = useState<Role[]>(u.roles as Role[]);
  const [kind, setKind] = useState<string>(u.providerKind ?? '');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = (r: Role) => (on: boolean) => setRoles((all) => (on ? [...all, r] : all.filter((x) => x !== r)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!roles.length) return setError(t('ops.user.needRole'));
    if (reason.trim().length < MIN_REASON) return setError(t('ops.reasonTooShort', { n: MIN_REASON }));
    setBusy(true);
    setError(null);
    try {
      const providerKind = roles.includes('provider') ? ((kind || null) as ProviderKind | null) : null;
      const next = await api.ops.setRoles(u.id, { roles, providerKind, reason: reason.trim() });
      setReason('');
      toast(t('ops.user.rolesSaved'), 'success');
      onDone(next);
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('ops.user.rolesTitle')} subtitle={t('ops.user.rolesHint')}>
      <form onSubmit={submit} className="stack" noValidate>
        <fieldset className="fieldset">
          <legend className="field-label">{t('ops.user.roles')}</legend>
          <div className="check-grid">
            {ROLES.map((r) => <Checkbox key={r} label={t(ROLE_LABEL[r])} checked={roles.includes(r)} onValue={toggle(r)} />)}
          </div>
        </fieldset>
        {roles.includes('provider') && (
          <SelectField label={t('ops.user.providerKind')} value={kind} onValue={setKind} options={[{ value: '', label: t('common.none') }, ...PROVIDER_KINDS.map((k) => ({ value: k, label: t(`provider.kind.${k}` as MessageKey) }))]} />
        )}
        <TextArea label={t('ops.reason')} value={reason} onValue={setReason} rows={2} maxLength={500} name="rolesReason" />
        {error && <Banner kind="error">{error}</Banner>}
        <Button type="submit" variant="secondary" block busy={busy}>{t('ops.user.saveRoles')}</Button>
      </form>
    </Card>
  );
}

export function OpsUserPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const user = useAsync(() => api.ops.user(id), [id]);
  const u = user.data;
  const name = u ? [u.firstName, u.lastName].filter(Boolean).join(' ') || t('account.noName') : t('ops.user.title');
  const isSelf = me?.id === id;
  return (
    <Shell wide>
      <PageHeader title={name} back="/ops/users" actions={u && <ButtonLink to={`/ops/audit?targetId=${encodeURIComponent(u.id)}`} variant="ghost" icon="list">{t('ops.user.history')}</ButtonLink>} />
      {u && (
        <div className="row page-links">
          <ButtonLink to={`/ops/ledger?owner=${encodeURIComponent(u.id)}`} variant="secondary" icon="wallet">{t('ops.user.ledger')}</ButtonLink>
          <ButtonLink to={`/ops/payment-links?userId=${encodeURIComponent(u.id)}`} variant="secondary" icon="link">{t('ops.user.charge')}</ButtonLink>
        </div>
      )}
      {user.loading && !u && <Loading />}
      {user.error ? <Banner kind="error">{errorText(i18n, user.error)}</Banner> : null}
      {u && (
        <div className="columns">
          <Card title={t('ops.user.details')}><UserDetails u={u} /></Card>
          <div className="stack-lg">
            {isSelf ? <Banner kind="info">{t('ops.user.self')}</Banner> : <BlockCard key={u.status} u={u} onDone={user.setData} />}
            {hasRole(me, 'ops_admin') && <RolesCard key={u.updatedAt} u={u} onDone={user.setData} />}
          </div>
        </div>
      )}
    </Shell>
  );
}
