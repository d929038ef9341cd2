import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type ProfilePatch, type UserSelf } from '../../api';
import { toAsciiDigits, useI18n, type Locale, type MessageKey } from '../../i18n';
import { LOCALES } from '../../i18n/digits';
import { Banner, Button, Card } from '../../components/ui';
import { SelectField, TextField } from '../../components/fields';
import { BirthDateField, birthDateForApi, MobileField } from '../../components/inputs';
import { calendarOf, partsOf, type DayParts } from '../../lib/dates';
import { formErrors } from '../../lib/errors';

interface Draft { firstName: string; lastName: string; nationalId: string; email: string; referrerMobile: string; locale: Locale }

const draftOf = (me: UserSelf): Draft => ({
  firstName: me.firstName ?? '', lastName: me.lastName ?? '', nationalId: me.nationalId ?? '',
  email: me.email ?? '', referrerMobile: '', locale: me.locale,
});

/** Only what changed goes to the server, so untouched fields never fail validation again. */
function patchOf(me: UserSelf, d: Draft, birth: string, birthChanged: boolean): ProfilePatch {
  const p: ProfilePatch = {};
  if (d.firstName.trim() !== (me.firstName ?? '')) p.firstName = d.firstName.trim();
  if (d.lastName.trim() !== (me.lastName ?? '')) p.lastName = d.lastName.trim();
  if (d.nationalId !== (me.nationalId ?? '')) p.nationalId = d.nationalId;
  if (birthChanged && birth) p.birthDate = birth;
  if (d.email.trim() !== (me.email ?? '')) p.email = d.email.trim() || null;
  if (!me.hasReferrer && d.referrerMobile.trim()) p.referrerMobile = d.referrerMobile.trim();
  if (d.locale !== me.locale) p.locale = d.locale;
  return p;
}

/** ACC-1: the personal details every account needs before ordering; errors land on their field. */
export function PersonalForm({ me, onSaved }: { me: UserSelf; onSaved(me: UserSelf): Promise<void> | void }) {
  const i18n = useI18n();
  const { t, digits, locale } = i18n;
  const calendar = calendarOf(locale);
  const [draft, setDraft] = useState<Draft>(() => draftOf(me));
  const [birth, setBirth] = useState<Partial<DayParts>>(() => partsOf(me.birthDate, calendar) ?? {});
  const [birthChanged, setBirthChanged] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ fields: Record<string, string>; form: string | null }>({ fields: {}, form: null });
  const set = (k: keyof Draft) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const form = useRef<HTMLFormElement>(null);

  // Take the person to the first field that needs fixing.
  useEffect(() => {
    if (Object.keys(errors.fields).length) form.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
  }, [errors]);

  // The calendar follows the language: re-read the stored day when the language changes.
  const [shownCalendar, setShownCalendar] = useState(calendar);
  if (shownCalendar !== calendar) {
    setShownCalendar(calendar);
    if (!birthChanged) setBirth(partsOf(me.birthDate, calendar) ?? {});
  }

  function missing(): Record<string, string> {
    const req = t('error.REQUIRED');
    const out: Record<string, string> = {};
    if (!draft.firstName.trim()) out.firstName = req;
    if (!draft.lastName.trim()) out.lastName = req;
    if (!draft.nationalId) out.nationalId = req;
    else if (draft.nationalId.length !== 10) out.nationalId = t('error.NATIONAL_ID_INVALID');
    if (!birthDateForApi(birth, calendar)) out.birthDate = req;
    return out;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = missing();
    if (Object.keys(local).length) {
      setErrors({ fields: local, form: null });
      return;
    }
    setBusy(true);
    setErrors({ fields: {}, form: null });
    try {
      const patch = patchOf(me, draft, birthDateForApi(birth, calendar), birthChanged);
      const saved = Object.keys(patch).length ? await api.me.update(patch) : me;
      if (patch.locale) i18n.setLocale(patch.locale);
      setBirthChanged(false);
      setDraft((d) => ({ ...d, referrerMobile: '' }));
      await onSaved(saved);
    } catch (err) {
      setErrors(formErrors(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  const f = errors.fields;
  return (
    <Card title={t('profile.personal')} subtitle={t('profile.personalHint')}>
      <form ref={form} onSubmit={submit} className="stack" noValidate>
        <div className="grid-2">
          <TextField label={t('field.firstName')} value={draft.firstName} onValue={set('firstName')} error={f.firstName} autoComplete="given-name" required />
          <TextField label={t('field.lastName')} value={draft.lastName} onValue={set('lastName')} error={f.lastName} autoComplete="family-name" required />
        </div>
        <TextField
          label={t('field.nationalId')} hint={t('profile.nationalIdHint')} error={f.nationalId} ltr inputMode="numeric" maxLength={10} required
          value={digits(draft.nationalId)} onValue={(v) => set('nationalId')(toAsciiDigits(v).replace(/\D/g, '').slice(0, 10))}
        />
        <BirthDateField parts={birth} onParts={(p) => { setBirth(p); setBirthChanged(true); }} error={f.birthDate} />
        <TextField label={t('field.emailOptional')} type="email" ltr value={draft.email} onValue={set('email')} error={f.email} autoComplete="email" hint={t('profile.emailHint')} />
        {!me.hasReferrer && (
          <MobileField label={t('field.referrerOptional')} value={draft.referrerMobile} onValue={set('referrerMobile')} error={f.referrerMobile} hint={t('profile.referrerHint')} name="referrerMobile" />
        )}
        <SelectField
          label={t('field.language')} value={draft.locale} onValue={(v) => set('locale')(v)} hint={t('profile.languageHint')}
          options={LOCALES.map((l) => ({ value: l, label: t(`lang.${l}` as MessageKey) }))}
        />
        {errors.form && <Banner kind="error">{errors.form}</Banner>}
        <Button type="submit" block busy={busy}>{t('profile.save')}</Button>
      </form>
    </Card>
  );
}
