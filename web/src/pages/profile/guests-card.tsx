import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { Banner, Button, Card, EmptyState, Loading, Ltr } from '../../components/ui';
import { TextField } from '../../components/fields';
import { MobileField } from '../../components/inputs';
import { Icon } from '../../components/icons';
import { formErrors, errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';

/** ACC-6: people the customer orders rides for, kept for next time. */
export function GuestsCard() {
  const i18n = useI18n();
  const { t, digits } = i18n;
  const guests = useAsync(() => api.me.guests(), []);
  const [name, setName] = useState('');
  const [mobile, setMobile] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ fields: Record<string, string>; form: string | null }>({ fields: {}, form: null });
  const [removing, setRemoving] = useState<string | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({ fields: {}, form: null });
    try {
      await api.me.addGuest(name.trim(), mobile);
      setName('');
      setMobile('');
      guests.reload();
    } catch (err) {
      setErrors(formErrors(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(id: string) {
    setRemoving(id);
    try {
      await api.me.removeGuest(id);
      guests.reload();
    } catch (err) {
      setErrors({ fields: {}, form: errorText(i18n, err) });
    } finally {
      setRemoving(null);
    }
  }

  const list = guests.data ?? [];
  return (
    <Card title={t('guests.title')} subtitle={t('guests.hint')}>
      {guests.loading && !guests.data && <Loading />}
      {guests.error ? <Banner kind="error">{errorText(i18n, guests.error)}</Banner> : null}
      {guests.data && list.length === 0 && <EmptyState icon="users" title={t('guests.empty')}>{t('guests.emptyHint')}</EmptyState>}
      {list.length > 0 && (
        <ul className="list">
          {list.map((g) => (
            <li key={g.id} className="list-row">
              <span className="avatar" aria-hidden="true">{g.name.slice(0, 1)}</span>
              <span className="list-main">
                <strong>{g.name}</strong>
                <Ltr>{digits(g.mobile)}</Ltr>
              </span>
              <button type="button" className="icon-btn icon-btn-danger" aria-label={t('guests.remove', { name: g.name })} onClick={() => void remove(g.id)} disabled={removing === g.id}>
                <Icon name="trash" size={18} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} className="stack guest-form" noValidate>
        <h3 className="section-label">{t('guests.add')}</h3>
        <TextField label={t('field.guestName')} value={name} onValue={setName} error={errors.fields.name} autoComplete="off" />
        <MobileField value={mobile} onValue={setMobile} error={errors.fields.mobile} name="guestMobile" />
        {errors.form && <Banner kind="error">{errors.form}</Banner>}
        <Button type="submit" variant="secondary" icon="plus" block busy={busy} disabled={!name.trim() || !mobile}>{t('guests.save')}</Button>
      </form>
    </Card>
  );
}
