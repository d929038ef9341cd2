import { useState } from 'react';
import type { SessionReply } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Card } from '../../components/ui';
import { useDemo } from '../../lib/demo';
import { nextStep } from '../../lib/flow';
import { OtpForm } from './otp-form';
import { PasswordForm } from './password-form';
import { DemoPanel } from './demo-panel';

type Method = 'otp' | 'password';

export function SignInPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const { query } = useLocation();
  const demo = useDemo();
  const [method, setMethod] = useState<Method>('otp');
  const [mobile, setMobile] = useState('');
  const [sendSignal, setSendSignal] = useState(0);

  async function signedIn(reply: SessionReply) {
    session.start(reply);
    navigate(await nextStep(reply.user, locale, query.get('next')), { replace: true });
  }

  const pickDemo = (m: string) => {
    setMethod('otp');
    setMobile(m);
    setSendSignal((n) => n + 1);
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  const tab = (m: Method, label: string) => (
    <button type="button" role="tab" id={`tab-${m}`} aria-selected={method === m} aria-controls="signin-panel" className={method === m ? 'seg seg-on' : 'seg'} onClick={() => setMethod(m)}>
      {label}
    </button>
  );

  return (
    <Shell>
      <div className="auth">
        <div className="auth-hero">
          <span className="auth-mark" aria-hidden="true">{t('app.mark')}</span>
          <h1>{t('signin.title')}</h1>
          <p>{t('signin.subtitle')}</p>
          {demo && (
            <button type="button" className="demo-chip" onClick={() => document.getElementById('demo-panel')?.scrollIntoView({ behavior: 'smooth' })}>
              {t('demo.tryChip')}
            </button>
          )}
        </div>
        <Card>
          <div className="segmented" role="tablist" aria-label={t('signin.method')}>
            {tab('otp', t('signin.byCode'))}
            {tab('password', t('signin.byPassword'))}
          </div>
          <div id="signin-panel" role="tabpanel" aria-labelledby={`tab-${method}`}>
            {method === 'otp'
              ? <OtpForm mobile={mobile} onMobile={setMobile} sendSignal={sendSignal} demo={!!demo} onSignedIn={signedIn} />
              : <PasswordForm mobile={mobile} onMobile={setMobile} onSignedIn={signedIn} />}
          </div>
        </Card>
        {demo && <div id="demo-panel"><DemoPanel onPick={pickDemo} /></div>}
        <p className="fineprint">{t('signin.fineprint')}</p>
      </div>
    </Shell>
  );
}
