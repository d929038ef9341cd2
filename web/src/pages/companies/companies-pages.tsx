import { useState, type FormEvent } from 'react';
import { toAsciiDigits, useI18n } from '../../i18n';
import { navigate } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, ButtonLink, Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText, formErrors } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { fileToUpload } from '../kyc/kyc-api';
import { FileField, withUploadField } from '../kyc/file-field';
import { companiesApi, type Company } from './companies-api';

const TONE = { pending: 'warn', active: 'good', rejected: 'bad' } as const;

export function CompanyStatusBadge({ status }: { status: Company['status'] }) {
  const { t } = useI18n();
  return <Badge tone={TONE[status]}>{t(`cmp.status.${status}`)}</Badge>;
}

/** ACC-3: my companies and the invitations waiting for me. */
export function CompaniesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [version, setVersion] = useState(0);
  const mine = useAsync(() => companiesApi.mine(), [version]);
  const invitations = useAsync(() => companiesApi.invitations(), [version]);
  const [error, setError] = useState<string | null>(null);

  async function answer(id: string, accept: boolean) {
    setError(null);
    try {
      const m = await companiesApi.answer(id, accept);
      toast(t(accept ? 'cmp.accepted' : 'cmp.declined'), 'success');
      if (accept) navigate(`/companies/${m.companyId}`);
      else setVersion((v) => v + 1);
    } catch (err) {
      setError(errorText(i18n, err));
    }
  }

  return (
    <Shell>
      <PageHeader title={t('cmp.title')} subtitle={t('cmp.subtitle')} actions={<ButtonLink to="/companies/new" icon="plus">{t('cmp.register')}</ButtonLink>} />
      <div className="stack-lg">
        {error && <Banner kind="error">{error}</Banner>}
        {(invitations.data ?? []).map((inv) => (
          <Card key={inv.id} title={t('cmp.invitation', { company: inv.companyName })}>
            <div className="row">
              <Button onClick={() => void answer(inv.id, true)}>{t('cmp.accept')}</Button>
              <Button variant="secondary" onClick={() => void answer(inv.id, false)}>{t('cmp.decline')}</Button>
            </div>
          </Card>
        ))}
        {mine.error ? <Banner kind="error">{errorText(i18n, mine.error)}</Banner> : null}
        {!mine.data && !mine.error && <Loading />}
        {mine.data && mine.data.length === 0 && <EmptyState title={t('cmp.none')}>{t('cmp.noneText')}</EmptyState>}
        {(mine.data ?? []).map((c) => (
          <Card key={c.id} title={<>{c.name} <CompanyStatusBadge status={c.status} /></>}
            actions={<ButtonLink to={`/companies/${c.id}`} variant="ghost">{t('cmp.open')}</ButtonLink>}>
            <p className="muted">{t(c.role === 'representative' ? 'cmp.role.representative' : 'cmp.role.member')}</p>
            {c.status === 'rejected' && c.rejectReason && <p>{t('cmp.rejectedBecause', { reason: c.rejectReason })}</p>}
          </Card>
        ))}
      </div>
    </Shell>
  );
}

/** ACC-3: the representative registers the legal entity; ops review it before it is active. */
export function CompanyRegisterPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [form, setForm] = useState({ name: '', registrationNumber: '', nationalCompanyId: '', landline: '', staffCount: '' });
  const [logo, setLogo] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const staff = Number(toAsciiDigits(form.staffCount));
    if (!Number.isInteger(staff) || staff < 1) return setErrors({ staffCount: t('error.FIELD_INVALID') });
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const c = await companiesApi.register({
        name: form.name, registrationNumber: toAsciiDigits(form.registrationNumber), nationalCompanyId: toAsciiDigits(form.nationalCompanyId),
        landline: toAsciiDigits(form.landline), staffCount: staff, ...(logo ? { logo: await fileToUpload(logo) } : {}),
      });
      navigate(`/companies/${c.id}`);
    } catch (err) {
      const f = formErrors(i18n, err);
      setErrors(withUploadField(f.fields, 'logo'));
      setFormError(f.form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Shell>
      <PageHeader title={t('cmp.register')} subtitle={t('cmp.registerHint')} back="/companies" />
      <Card>
        <form className="stack" onSubmit={submit} noValidate>
          <TextField label={t('cmp.name')} name="name" value={form.name} onValue={set('name')} error={errors.name} />
          <TextField label={t('cmp.registrationNumber')} name="registrationNumber" value={form.registrationNumber} onValue={set('registrationNumber')} error={errors.registrationNumber} inputMode="numeric" ltr />
          <TextField label={t('cmp.nationalCompanyId')} name="nationalCompanyId" value={form.nationalCompanyId} onValue={set('nationalCompanyId')} error={errors.nationalCompanyId} hint={t('cmp.nationalCompanyIdHint')} inputMode="numeric" ltr />
          <TextField label={t('cmp.landline')} name="landline" value={form.landline} onValue={set('landline')} error={errors.landline} hint={t('cmp.landlineHint')} inputMode="tel" ltr />
          <TextField label={t('cmp.staffCount')} name="staffCount" value={form.staffCount} onValue={set('staffCount')} error={errors.staffCount} inputMode="numeric" ltr />
          <FileField label={t('cmp.logo')} name="logo" error={errors.logo} onFile={setLogo} />
          {formError && <Banner kind="error">{formError}</Banner>}
          <Button type="submit" busy={busy} block>{t('cmp.submit')}</Button>
        </form>
      </Card>
    </Shell>
  );
}
