import { useEffect, useState } from 'react';
import { api, ApiError, type DemoSms } from '../api';
import { toAsciiDigits, useI18n, type MessageKey } from '../i18n';
import { navigate, useLocation } from '../router';
import { Shell } from '../components/shell';
import { Badge, Banner, EmptyState, Loading, Ltr, PageHeader } from '../components/ui';
import { MobileField } from '../components/inputs';
import { errorText } from '../lib/errors';
import { useInterval } from '../lib/hooks';

const TEMPLATE_LABEL: Record<string, MessageKey> = {
  'auth.otp': 'sms.template.otp',
  'auth.passwordReset': 'sms.template.reset',
  'terms.updated': 'sms.template.terms',
  'account.blocked': 'sms.template.blocked',
  'account.unblocked': 'sms.template.unblocked',
};

/** Demo mode: every SMS the platform "sent", newest first, refreshed every 2 seconds. */
export function DemoSmsPage() {
  const i18n = useI18n();
  const { t, digits, dateTime } = i18n;
  const { query } = useLocation();
  const filter = toAsciiDigits(query.get('mobile') ?? '');
  const [draft, setDraft] = useState(filter);
  const [items, setItems] = useState<DemoSms[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = async () => {
    try {
      setItems(await api.demo.inbox(filter || undefined, 50));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => { setItems(null); void load(); }, [filter]);
  const notDemo = error instanceof ApiError && error.status === 404;
  useInterval(load, 2000, !notDemo);

  const apply = (value: string) => navigate(value ? `/demo/sms?mobile=${encodeURIComponent(value)}` : '/demo/sms', { replace: true });

  return (
    <Shell>
      <PageHeader title={t('inbox.title')} subtitle={t('inbox.subtitle')} back="/signin" />
      <form className="inbox-filter" onSubmit={(e) => { e.preventDefault(); apply(draft.trim()); }}>
        <div className="inline-form">
          <MobileField value={draft} onValue={setDraft} label={t('inbox.filter')} name="filter" />
          <button type="submit" className="btn btn-secondary">{t('inbox.apply')}</button>
        </div>
        {filter && <button type="button" className="link-btn" onClick={() => { setDraft(''); apply(''); }}>{t('inbox.showAll')}</button>}
      </form>
      <p className="live"><span className="live-dot" aria-hidden="true" />{t('inbox.live')}</p>
      {notDemo && <Banner kind="warning">{t('inbox.notDemo')}</Banner>}
      {error && !notDemo ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
      {!items && !error && <Loading />}
      {items && items.length === 0 && (
        <EmptyState icon="message" title={t('inbox.empty')}>{t('inbox.emptyHint')}</EmptyState>
      )}
      {items && items.length > 0 && (
        <ol className="sms-list" aria-label={t('inbox.title')}>
          {items.map((m) => (
            <li key={m.id} className="sms">
              <div className="sms-head">
                <Ltr><strong>{digits(m.to)}</strong></Ltr>
                <Badge tone="brand">{TEMPLATE_LABEL[m.template] ? t(TEMPLATE_LABEL[m.template]) : t('sms.template.other')}</Badge>
              </div>
              <p className="sms-body">{digits(m.body)}</p>
              <div className="sms-meta">
                <time dateTime={m.createdAt}>{dateTime(m.createdAt)}</time>
                <span>{t(m.status === 'sent' ? 'sms.status.sent' : m.status === 'dead' ? 'sms.status.dead' : 'sms.status.pending')}</span>
              </div>
            </li>
          ))}
        </ol>
      )}
    </Shell>
  );
}
