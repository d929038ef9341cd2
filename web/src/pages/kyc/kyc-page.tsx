import { useState, type FormEvent } from 'react';
import { toAsciiDigits, useI18n } from '../../i18n';
import { useSession } from '../../session';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, Loading, PageHeader } from '../../components/ui';
import { TextField } from '../../components/fields';
import { errorText, formErrors } from '../../lib/errors';
import { FileField, withUploadField } from './file-field';
import { useAsync } from '../../lib/hooks';
import { fileToUpload, kycApi, type MyKyc } from './kyc-api';

const TONE = { none: 'neutral', submitted: 'warn', verified: 'good', rejected: 'bad' } as const;

/** The status as a badge (shared with the ops screens). */
export function KycBadge({ status }: { status: MyKyc['status'] }) {
  const { t } = useI18n();
  return <Badge tone={TONE[status]}>{t(`kyc.${status}`)}</Badge>;
}

/** ACC-5: identity data (matching the profile) and a photo of the national card, sent for review. */
function KycForm({ onSent }: { onSent(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me, reload } = useSession();
  const [firstName, setFirstName] = useState(me?.firstName ?? '');
  const [lastName, setLastName] = useState(me?.lastName ?? '');
  const [nationalId, setNationalId] = useState(me?.nationalId ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return setErrors({ card: t('kycp.pickCard') });
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await kycApi.submit({ firstName, lastName, nationalId: toAsciiDigits(nationalId), card: await fileToUpload(file) });
      await reload();
      onSent();
    } catch (err) {
      const f = formErrors(i18n, err);
      setErrors(withUploadField(f.fields, 'card'));
      setFormError(f.form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('kycp.form')}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label={t('field.firstName')} name="firstName" value={firstName} onValue={setFirstName} error={errors.firstName} hint={t('kycp.nameHint')} />
        <TextField label={t('field.lastName')} name="lastName" value={lastName} onValue={setLastName} error={errors.lastName} />
        <TextField label={t('field.nationalId')} name="nationalId" value={nationalId} onValue={setNationalId} error={errors.nationalId} inputMode="numeric" ltr />
        <FileField label={t('kycp.card')} name="card" hint={t('kycp.cardHint')} error={errors.card} onFile={setFile} />
        {formError && <Banner kind="error">{formError}</Banner>}
        <Button type="submit" busy={busy} block>{t('kycp.submit')}</Button>
      </form>
    </Card>
  );
}

/** ACC-5: the customer's identity verification: status, any demand by support, the form. */
export function KycPage() {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const [version, setVersion] = useState(0);
  const mine = useAsync(() => kycApi.mine(), [version]);
  const k = mine.data;
  const canSubmit = k && (k.status === 'none' || k.status === 'rejected');

  return (
    <Shell>
      <PageHeader title={t('kycp.title')} subtitle={t('kycp.subtitle')} back="/profile" />
      {mine.error ? <Banner kind="error">{errorText(i18n, mine.error)}</Banner> : null}
      {!k && !mine.error && <Loading />}
      {k && (
        <div className="stack-lg">
          <Card>
            <p className="kyc-status"><span className="muted">{t('kycp.status')}</span> <KycBadge status={k.status} /></p>
            {k.status === 'submitted' && <p>{t('kycp.submittedText')}</p>}
            {k.status === 'verified' && <p>{t('kycp.verifiedText')}</p>}
          </Card>
          {k.requirement && k.status !== 'verified' && <Banner kind="warning">{t('kycp.requiredBanner', { date: dateTime(k.requirement.deadline) })}</Banner>}
          {k.status === 'rejected' && k.submission && <Banner kind="error">{t('kycp.rejectedBanner', { reason: k.submission.rejectReason ?? '' })}</Banner>}
          {canSubmit && <KycForm onSent={() => setVersion((v) => v + 1)} />}
        </div>
      )}
    </Shell>
  );
}
