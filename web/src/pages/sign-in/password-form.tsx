import { useState, type FormEvent } from 'react';
import { api, type SessionReply } from '../../api';
import { useI18n } from '../../i18n';
import { Banner, Button } from '../../components/ui';
import { TextField } from '../../components/fields';
import { MobileField } from '../../components/inputs';
import { Link } from '../../router';
import { errorText } from '../../lib/errors';

/** ACC-4: password sign-in for returning users who set one. */
export function PasswordForm({ mobile, onMobile, onSignedIn }: { mobile: string; onMobile(v: string): void; onSignedIn(r: SessionReply): Promise<void> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSignedIn(await api.auth.login(mobile, password));
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="stack">
      <MobileField value={mobile} onValue={onMobile} />
      <TextField label={t('field.password')} type="password" autoComplete="current-password" value={password} onValue={setPassword} ltr />
      {error && <Banner kind="error">{error}</Banner>}
      <Button type="submit" block busy={busy} disabled={!mobile || !password}>{t('signin.signIn')}</Button>
      <Link to={`/forgot-password${mobile ? `?mobile=${encodeURIComponent(mobile)}` : ''}`} className="center-link">{t('signin.forgot')}</Link>
    </form>
  );
}
