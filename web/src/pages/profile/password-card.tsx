import { useState, type FormEvent } from 'react';
import { api, ApiError, type UserSelf } from '../../api';
import { useI18n } from '../../i18n';
import { Banner, Button, Card } from '../../components/ui';
import { TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';

/** ACC-4: set a first password, or change it with the current one. */
export function PasswordCard({ me, onChanged }: { me: UserSelf; onChanged(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: 'current' | 'next' | null; text: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.me.setPassword(next, me.hasPassword ? current : undefined);
      setCurrent('');
      setNext('');
      toast(t('password.saved'), 'success');
      onChanged();
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      setError({ field: code === 'PASSWORD_WRONG' ? 'current' : code === 'PASSWORD_TOO_WEAK' ? 'next' : null, text: errorText(i18n, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t(me.hasPassword ? 'password.changeTitle' : 'password.setTitle')} subtitle={t('password.why')}>
      <form onSubmit={submit} className="stack" noValidate>
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={me.mobile} readOnly hidden />
        {me.hasPassword && (
          <TextField label={t('field.currentPassword')} type="password" autoComplete="current-password" ltr value={current} onValue={setCurrent} error={error?.field === 'current' ? error.text : null} />
        )}
        <TextField label={t('field.newPassword')} type="password" autoComplete="new-password" ltr value={next} onValue={setNext} hint={t('password.rule')} error={error?.field === 'next' ? error.text : null} />
        {error && !error.field && <Banner kind="error">{error.text}</Banner>}
        <Button type="submit" variant="secondary" block busy={busy} disabled={!next || (me.hasPassword && !current)}>{t(me.hasPassword ? 'password.change' : 'password.set')}</Button>
      </form>
    </Card>
  );
}
