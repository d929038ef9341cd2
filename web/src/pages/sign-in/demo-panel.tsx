import { useState } from 'react';
import { api, type DemoSms } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { Card, Ltr } from '../../components/ui';
import { Icon } from '../../components/icons';
import { Link } from '../../router';
import { DEMO_ACCOUNTS } from '../../lib/demo';
import { useInterval } from '../../lib/hooks';

/** Demo mode only: the seeded accounts, one tap to get a code, and the way to the SMS inbox. */
export function DemoPanel({ onPick }: { onPick(mobile: string): void }) {
  const { t, digits } = useI18n();
  return (
    <Card className="demo-card demo-anchor" title={t('demo.title')} subtitle={t('demo.intro')}>
      <Link to="/demo/sms" className="btn btn-secondary btn-block" target="_blank" rel="noopener">
        <Icon name="message" size={18} />
        <span>{t('demo.openInbox')}</span>
      </Link>
      <h3 className="section-label">{t('demo.accounts')}</h3>
      <ul className="demo-accounts">
        {DEMO_ACCOUNTS.map((a) => (
          <li key={a.mobile}>
            <button type="button" className="demo-account" onClick={() => onPick(a.mobile)}>
              <strong>{t(a.role as MessageKey)}</strong>
              <Ltr>{digits(a.mobile)}</Ltr>
            </button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The newest demo SMS to one number, refreshed every 2 s, shown beside the code field. */
export function DemoSmsPeek({ mobile }: { mobile: string }) {
  const { t, digits, time } = useI18n();
  const [last, setLast] = useState<DemoSms | null>(null);
  useInterval(async () => {
    const [sms] = await api.demo.inbox(mobile, 1).catch(() => []);
    setLast(sms ?? null);
  }, 2000);
  return (
    <div className="sms-peek" aria-live="polite">
      <div className="sms-peek-head">
        <Icon name="message" size={16} />
        <span>{t('demo.peekTitle')}</span>
        <Link to={`/demo/sms?mobile=${mobile}`} target="_blank" rel="noopener">{t('demo.inboxShort')}</Link>
      </div>
      {last
        ? <><p className="sms-peek-body">{digits(last.body)}</p><time className="muted" dateTime={last.createdAt}>{time(last.createdAt)}</time></>
        : <p className="muted">{t('demo.peekWaiting')}</p>}
    </div>
  );
}
