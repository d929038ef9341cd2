import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { Banner, Button, EmptyState } from '../../components/ui';
import { errorText } from '../../lib/errors';
import { useAsync, useInterval } from '../../lib/hooks';
import { ridesApi } from './rides-api';

/**
 * ORD-18: the in-app chat between customer and provider; messages go through the platform, so
 * neither side ever sees the other's number.
 */
export function ChatPanel({ orderId, me }: { orderId: string; me: 'customer' | 'provider' }) {
  const i18n = useI18n();
  const { t, shortTime } = i18n;
  const messages = useAsync(() => ridesApi.messages(orderId), [orderId]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useInterval(async () => { messages.setData(await ridesApi.messages(orderId)); }, 3000);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await ridesApi.send(orderId, text.trim());
      setText('');
      messages.setData(await ridesApi.messages(orderId));
    } catch (err) { setError(errorText(i18n, err)); } finally { setBusy(false); }
  };
  return (
    <div className="chat">
      {messages.error ? <Banner kind="error">{errorText(i18n, messages.error)}</Banner> : null}
      {messages.data && messages.data.length === 0 && <EmptyState icon="message" title={t('rides.chat.empty')}>{t('rides.chat.privacy')}</EmptyState>}
      <ul className="chat-list" aria-live="polite">
        {(messages.data ?? []).map((m) => (
          <li key={m.id} className={m.from === me ? 'chat-msg chat-mine' : m.from === 'system' ? 'chat-msg chat-system' : 'chat-msg'}>
            <span dir="auto">{m.text}</span>
            <time className="muted small">{shortTime(m.createdAt)}</time>
          </li>
        ))}
      </ul>
      {error && <Banner kind="error">{error}</Banner>}
      <form className="inline-form" onSubmit={(e) => void send(e)}>
        <label className="field">
          <span className="sr-only">{t('rides.chat.message')}</span>
          <input className="input" name="message" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('rides.chat.placeholder')} maxLength={500} autoComplete="off" dir="auto" />
        </label>
        <Button type="submit" busy={busy} disabled={!text.trim()}>{t('rides.chat.send')}</Button>
      </form>
    </div>
  );
}
