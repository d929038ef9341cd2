import type { UserSelf } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Details, Ltr, PageHeader } from '../../components/ui';
import { useToast } from '../../components/toast';
import { hasRole } from '../../areas';
import { nextStep } from '../../lib/flow';
import { PersonalForm } from './personal-form';
import { PasswordCard } from './password-card';
import { GuestsCard } from './guests-card';

export function ProfilePage() {
  const { t, digits, locale } = useI18n();
  const { me, replaceMe, reload } = useSession();
  const { query } = useLocation();
  const toast = useToast();
  const welcome = query.get('welcome') === '1';
  if (!me) return null;

  async function saved(updated: UserSelf) {
    replaceMe(updated);
    toast(t('profile.saved'), 'success');
    if (welcome && updated.profileComplete) navigate(await nextStep(updated, locale), { replace: true });
  }

  return (
    <Shell>
      <PageHeader
        title={t(welcome ? 'profile.welcomeTitle' : 'profile.title')}
        subtitle={welcome ? t('profile.welcomeSubtitle') : undefined}
      />
      {welcome && <p className="steps" aria-label={t('onboarding.progress')}><Badge tone="brand">{t('onboarding.step', { n: 1, total: 2 })}</Badge></p>}
      {!me.profileComplete && !welcome && <Banner kind="warning">{t('profile.incomplete')}</Banner>}
      <div className="stack-lg">
        <Details rows={[[t('field.mobile'), <Ltr key="m">{digits(me.mobile)}</Ltr>], [t('profile.status'), me.status === 'blocked' ? <Badge tone="bad">{t('status.blocked')}</Badge> : <Badge tone="good">{t('status.active')}</Badge>]]} />
        <PersonalForm me={me} onSaved={saved} />
        {!welcome && <PasswordCard me={me} onChanged={() => void reload()} />}
        {!welcome && hasRole(me, 'customer') && <GuestsCard />}
      </div>
    </Shell>
  );
}
