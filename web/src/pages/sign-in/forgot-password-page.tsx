import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { toAsciiDigits, useI18n } from '../../i18n';
import { useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Banner, ButtonLink, Button, Card, PageHeader } from '../../components/ui';
import { TextField } from '../../components/fields';
import { CodeField, MobileField } from '../../components/inputs';
import { errorText, formErrors } from '../../lib/errors';
import { useDemo } from '../../lib/demo';
import { DemoSmsPeek } from './demo-panel';

type Step = 'ask' | 'sms' | 'email' | 'done';

/** ACC-4: a reset code by SMS (then a new password here) or a link by email. */
export function ForgotPasswordPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const demo = useDemo();
  const [step, setStep] = useState<Step>('ask');
  const [mobile, setMobile] = useState(toAsciiDigits(query.get('mobile') ?? ''));
  const [channel, setChannel] = useState<'sms' | 'email'>('sms');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ fields: Record<string, string>; form: string | null } | null>(null);

  async function ask(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.auth.requestReset(mobile, channel);
      setStep(channel);
    } catch (err) {
      setError(formErrors(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.auth.confirmReset({ mobile, code, newPassword: password });
      setStep('done');
    } catch (err) {
      const weak = err instanceof ApiError && err.code === 'PASSWORD_TOO_WEAK';
      setError(weak ? { fields: { newPassword: errorText(i18n, err) }, form: null } : formErrors(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Shell>
      <PageHeader title={t('reset.title')} subtitle={t('reset.subtitle')} back="/signin" />
      <Card>
        {step === 'ask' && (
          <form onSubmit={ask} className="stack" noValidate>
            <MobileField value={mobile} onValue={setMobile} error={error?.fields.mobile} autoFocus />
            <div className="segmented" role="radiogroup" aria-label={t('reset.channel')}>
              {(['sms', 'email'] as const).map((c) => (
                <button key={c} type="button" role="radio" aria-checked={channel === c} className={channel === c ? 'seg seg-on' : 'seg'} onClick={() => setChannel(c)}>
                  {t(c === 'sms' ? 'reset.bySms' : 'reset.byEmail')}
                </button>
              ))}
            </div>
            {error?.form && <Banner kind="error">{error.form}</Banner>}
            <Button type="submit" block busy={busy} disabled={!mobile}>{t('reset.send')}</Button>
          </form>
        )}
        {step === 'sms' && (
          <form onSubmit={confirm} className="stack" noValidate>
            <p className="lead">{t('reset.codeSent')}</p>
            <CodeField value={code} onValue={setCode} autoFocus error={error?.fields.code} />
            <TextField label={t('field.newPassword')} type="password" autoComplete="new-password" ltr value={password} onValue={setPassword} error={error?.fields.newPassword} hint={t('password.rule')} />
            {error?.form && <Banner kind="error">{error.form}</Banner>}
            <Button type="submit" block busy={busy} disabled={code.length !== 6 || !password}>{t('reset.save')}</Button>
            {demo && <DemoSmsPeek mobile={mobile} />}
          </form>
        )}
        {step === 'email' && <Banner kind="info" title={t('reset.emailSentTitle')}>{t('reset.emailSent')}</Banner>}
        {step === 'done' && (
          <div className="stack">
            <Banner kind="success" title={t('reset.doneTitle')}>{t('reset.done')}</Banner>
            <ButtonLink to="/signin" block>{t('signin.signIn')}</ButtonLink>
          </div>
        )}
      </Card>
    </Shell>
  );
}

/** The page the reset email links to: `/reset-password?token=...`. */
export function ResetPasswordPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const token = query.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.auth.confirmReset({ token, newPassword: password });
      setDone(true);
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Shell>
      <PageHeader title={t('reset.newTitle')} back="/signin" />
      <Card>
        {!token && <Banner kind="error">{t('error.RESET_INVALID')}</Banner>}
        {token && !done && (
          <form onSubmit={submit} className="stack" noValidate>
            <TextField label={t('field.newPassword')} type="password" autoComplete="new-password" ltr value={password} onValue={setPassword} hint={t('password.rule')} autoFocus />
            {error && <Banner kind="error">{error}</Banner>}
            <Button type="submit" block busy={busy} disabled={!password}>{t('reset.save')}</Button>
          </form>
        )}
        {done && (
          <div className="stack">
            <Banner kind="success" title={t('reset.doneTitle')}>{t('reset.done')}</Banner>
            <ButtonLink to="/signin" block>{t('signin.signIn')}</ButtonLink>
          </div>
        )}
      </Card>
    </Shell>
  );
}
