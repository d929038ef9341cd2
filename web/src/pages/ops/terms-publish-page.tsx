import { useState, type FormEvent } from 'react';
import { api, type Localized } from '../../api';
import { useI18n, type Locale } from '../../i18n';
import { Shell } from '../../components/shell';
import { Banner, Button, Card, PageHeader } from '../../components/ui';
import { Checkbox, TextArea } from '../../components/fields';
import { errorText, formErrors } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';

const MIN_TEXT = 10;

/** ACC-9: publish a new terms version in all three languages; everyone must accept it again. */
export function OpsTermsPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const current = useAsync(() => api.terms.current(locale), [locale]);
  const [texts, setTexts] = useState<Localized>({ fa: '', ar: '', en: '' });
  const [announce, setAnnounce] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ fields: Record<string, string>; form: string | null }>({ fields: {}, form: null });
  const [published, setPublished] = useState<number | null>(null);

  function check(e: FormEvent) {
    e.preventDefault();
    const fields: Record<string, string> = {};
    for (const l of ['fa', 'ar', 'en'] as const) if (texts[l].trim().length < MIN_TEXT) fields[l] = t('ops.terms.tooShort', { n: MIN_TEXT });
    setErrors({ fields, form: null });
    if (!Object.keys(fields).length) setConfirming(true);
  }

  async function publish() {
    setBusy(true);
    try {
      const r = await api.ops.publishTerms({ fa: texts.fa.trim(), ar: texts.ar.trim(), en: texts.en.trim() }, announce);
      setPublished(r.version);
      setTexts({ fa: '', ar: '', en: '' });
      current.reload();
    } catch (err) {
      setErrors(formErrors(i18n, err));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  const area = (l: Locale) => (
    <TextArea
      key={l} label={t(`ops.terms.text.${l}`)} lang={l} dir={l === 'en' ? 'ltr' : 'rtl'} rows={6}
      value={texts[l]} onValue={(v) => setTexts({ ...texts, [l]: v })} error={errors.fields[l]}
    />
  );

  return (
    <Shell wide>
      <PageHeader title={t('ops.terms.title')} subtitle={t('ops.terms.subtitle')} />
      {current.data && (
        <Banner kind="info">
          {current.data.version ? t('ops.terms.current', { version: current.data.version, date: current.data.publishedAt ? i18n.dateTime(current.data.publishedAt) : '' }) : t('terms.none')}
        </Banner>
      )}
      {current.error ? <Banner kind="error">{errorText(i18n, current.error)}</Banner> : null}
      {published && <Banner kind="success" title={t('ops.terms.published', { version: published })}>{t(announce ? 'ops.terms.announced' : 'ops.terms.notAnnounced')}</Banner>}
      <Card>
        <form onSubmit={check} className="stack" noValidate>
          {area('fa')}
          {area('ar')}
          {area('en')}
          <Checkbox label={t('ops.terms.announce')} hint={t('ops.terms.announceHint')} checked={announce} onValue={setAnnounce} />
          {errors.form && <Banner kind="error">{errors.form}</Banner>}
          {!confirming && <Button type="submit" block icon="doc">{t('ops.terms.publish')}</Button>}
          {confirming && (
            <Banner kind="warning" title={t('ops.terms.confirmTitle')} action={
              <div className="row">
                <Button variant="danger" busy={busy} onClick={() => void publish()}>{t('ops.terms.confirm')}</Button>
                <Button variant="ghost" onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
              </div>
            }>
              {t('ops.terms.confirmText')}
            </Banner>
          )}
        </form>
      </Card>
    </Shell>
  );
}
