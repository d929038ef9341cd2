import { useState, type FormEvent } from 'react';
import { api, type City, type Service, type Setting } from '../../api';
import { useI18n } from '../../i18n';
import { Banner, Button } from '../../components/ui';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { displayValue, editText, kindOf, parseEdit } from './setting-value';

type Scope = 'global' | 'city' | 'service';

/** Sets or removes one override of a setting, at the scope the admin picks. */
export function SettingEditor({ s, catalog, onClose, onSaved }: { s: Setting; catalog: { cities: City[]; services: Service[] }; onClose(): void; onSaved(s: Setting): void }) {
  const i18n = useI18n();
  const { t, locale, digits } = i18n;
  const toast = useToast();
  const [scopeType, setScopeType] = useState<Scope>(s.scopes[0] ?? 'global');
  const choices = scopeType === 'city' ? catalog.cities : scopeType === 'service' ? catalog.services : [];
  const [scopeId, setScopeId] = useState('');
  const effectiveId = scopeType === 'global' ? '' : scopeId || choices[0]?.id || '';
  const existing = s.overrides.find((o) => o.scopeType === scopeType && o.scopeId === effectiveId);
  const kind = kindOf(s.key, s.default);
  const [text, setText] = useState(() => editText(s.key, existing?.value ?? s.default));
  const parsed = parseEdit(s.key, s.default, text);
  const preview = parsed.ok && kind !== 'json' ? t('settings.means', { value: displayValue(i18n, s.key, parsed.value) }) : undefined;

  /** Starts the editor from the value in force at the newly picked scope. */
  function pickScope(type: Scope, id: string) {
    const list = type === 'city' ? catalog.cities : type === 'service' ? catalog.services : [];
    const sid = type === 'global' ? '' : id || list[0]?.id || '';
    setScopeType(type);
    setScopeId(sid);
    const at = s.overrides.find((o) => o.scopeType === type && o.scopeId === sid) ?? s.overrides.find((o) => o.scopeType === 'global');
    setText(editText(s.key, at ? at.value : s.default));
  }
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'save' | 'clear' | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function save(clear: boolean) {
    if (!clear && !parsed.ok) return setError(t('settings.valueUnreadable'));
    if (reason.trim().length < 3) return setError(t('ops.reasonTooShort', { n: 3 }));
    setBusy(clear ? 'clear' : 'save');
    setError(null);
    try {
      const body = { scopeType, scopeId: effectiveId, reason: reason.trim(), ...(!clear && parsed.ok ? { value: parsed.value } : {}) };
      onSaved(await api.ops.setSetting(s.key, body));
      toast(t(clear ? 'settings.cleared' : 'settings.saved'), 'success');
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(null);
    }
  }

  const submit = (e: FormEvent) => { e.preventDefault(); void save(false); };

  return (
    <form className="setting-editor stack" onSubmit={submit} noValidate>
      <div className="grid-2">
        <SelectField label={t('settings.scope')} value={scopeType} onValue={(v) => pickScope(v as Scope, '')} options={s.scopes.map((sc) => ({ value: sc, label: t(`settings.scope.${sc}`) }))} />
        {scopeType !== 'global' && (
          <SelectField label={t(scopeType === 'city' ? 'settings.scope.city' : 'settings.scope.service')} value={effectiveId} onValue={(v) => pickScope(scopeType, v)} options={choices.map((c) => ({ value: c.id, label: c.names[locale] }))} />
        )}
      </div>
      {kind === 'boolean' && (
        <SelectField label={t('settings.value')} value={text} onValue={setText} options={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]} />
      )}
      {(kind === 'number' || kind === 'rials') && (
        <TextField label={t(kind === 'rials' ? 'settings.valueToman' : /Seconds$/.test(s.key) ? 'settings.valueSeconds' : 'settings.value')} inputMode="decimal" ltr value={digits(text)} onValue={setText} hint={preview} />
      )}
      {kind === 'json' && <TextArea label={t('settings.valueJson')} dir="ltr" rows={4} value={text} onValue={setText} className="input textarea mono" />}
      <TextField label={t('ops.reason')} value={reason} onValue={setReason} maxLength={500} />
      {error && <Banner kind="error">{error}</Banner>}
      <div className="row">
        <Button type="submit" busy={busy === 'save'}>{t('common.save')}</Button>
        {existing && <Button variant="danger" busy={busy === 'clear'} onClick={() => void save(true)}>{t('settings.clear')}</Button>}
        <Button variant="ghost" onClick={onClose}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
