import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type SessionReply } from '../../api';
import { useI18n } from '../../i18n';
import { Banner, Button, Ltr } from '../../components/ui';
import { CodeField, MobileField } from '../../components/inputs';
import { errorText } from '../../lib/errors';
import { useCountdown } from '../../lib/hooks';
import { DemoSmsPeek } from './demo-panel';

interface Props {
  mobile: string;
  onMobile(v: string): void;
  /** Bumped by the demo panel to send a code to the number it just filled in. */
  sendSignal: number;
  demo: boolean;
  onSignedIn(reply: SessionReply): Promise<void>;
}

type Sent = { mobile: string; resendAt: number; expiresAt: number };

/** ACC-1: mobile, then the six-digit code from the SMS, with a resend countdown. */
export function OtpForm({ mobile, onMobile, sendSignal, demo, onSignedIn }: Props) {
  const i18n = useI18n();
  const { t, clock } = i18n;
  const [sent, setSent] = useState<Sent | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: 'mobile' | 'code' } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const resendIn = useCountdown(sent?.resendAt ?? null);
  const expiresIn = useCountdown(sent?.expiresAt ?? null);
  const verifying = useRef(false);

  async function sendCode(target = mobile) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await api.auth.requestOtp(target);
      const now = Date.now();
      setSent({ mobile: r.mobile, resendAt: now + r.resendInSeconds * 1000, expiresAt: now + r.expiresInSeconds * 1000 });
      setCode('');
    } catch (err) {
      const wait = err instanceof ApiError ? Number(err.details.retryAfterSeconds ?? 0) : 0;
      if (err instanceof ApiError && err.code === 'RATE_LIMITED' && err.details.scope === 'mobile' && !sent) {
        // A code went out a moment ago (e.g. before a reload): let the person type it.
        setSent({ mobile: target, resendAt: Date.now() + wait * 1000, expiresAt: 0 });
        setNotice(t('signin.alreadySent'));
      } else {
        if (sent && wait) setSent({ ...sent, resendAt: Date.now() + wait * 1000 });
        setError({ text: errorText(i18n, err), field: err instanceof ApiError && err.code === 'MOBILE_INVALID' ? 'mobile' : undefined });
      }
    } finally {
      setBusy(false);
    }
  }

  async function verify(value = code) {
    if (!sent || verifying.current) return;
    if (value.length !== 6) {
      setError({ text: t('signin.codeSixDigits'), field: 'code' });
      return;
    }
    verifying.current = true;
    setBusy(true);
    setError(null);
    try {
      await onSignedIn(await api.auth.verifyOtp(sent.mobile, value));
    } catch (err) {
      setCode('');
      setError({ text: errorText(i18n, err), field: err instanceof ApiError && err.code === 'OTP_INVALID' ? 'code' : undefined });
    } finally {
      verifying.current = false;
      setBusy(false);
    }
  }

  useEffect(() => {
    if (sendSignal > 0) {
      setSent(null);
      void sendCode(mobile);
    }
    // Only when the demo panel asks.
  }, [sendSignal]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (sent) void verify();
    else void sendCode();
  };

  const onCode = (v: string) => {
    setCode(v);
    if (error?.field === 'code') setError(null);
    if (v.length === 6) void verify(v);
  };

  if (!sent) {
    return (
      <form onSubmit={onSubmit} noValidate className="stack">
        <MobileField value={mobile} onValue={onMobile} autoFocus error={error?.field === 'mobile' ? error.text : null} hint={t('signin.mobileHint')} />
        {error && error.field !== 'mobile' && <Banner kind="error">{error.text}</Banner>}
        <Button type="submit" block busy={busy} disabled={!mobile.trim()}>{t('signin.sendCode')}</Button>
      </form>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="stack">
      <p className="lead">
        {t('signin.codeSentTo')} <Ltr><strong>{i18n.digits(sent.mobile)}</strong></Ltr>
        {' '}
        <button type="button" className="link-btn" onClick={() => { setSent(null); setError(null); setNotice(null); }}>{t('signin.changeMobile')}</button>
      </p>
      {notice && <Banner kind="info">{notice}</Banner>}
      <CodeField value={code} onValue={onCode} autoFocus error={error?.field === 'code' ? error.text : null} />
      {error && error.field !== 'code' && <Banner kind="error">{error.text}</Banner>}
      <Button type="submit" block busy={busy}>{t('signin.verify')}</Button>
      <div className="resend">
        {resendIn > 0
          ? <span className="muted" aria-live="off">{t('signin.resendIn', { time: clock(resendIn) })}</span>
          : <button type="button" className="link-btn" onClick={() => void sendCode(sent.mobile)} disabled={busy}>{t('signin.resend')}</button>}
        {expiresIn > 0 && <span className="muted">{t('signin.expiresIn', { time: clock(expiresIn) })}</span>}
      </div>
      {demo && <DemoSmsPeek mobile={sent.mobile} />}
    </form>
  );
}
