import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { Shell } from '../components/shell';
import { Badge, Banner, ButtonLink, Card, Details } from '../components/ui';
import { Icon } from '../components/icons';

const KIND_LABEL: Record<string, MessageKey> = {
  driver: 'provider.kind.driver', courier: 'provider.kind.courier', mover_company: 'provider.kind.mover_company', assistant: 'provider.kind.assistant',
};
const KYC_LABEL: Record<string, MessageKey> = { none: 'kyc.none', submitted: 'kyc.submitted', verified: 'kyc.verified', rejected: 'kyc.rejected' };

/** The provider's status card; going online and offers arrive with the provider module. */
export function ProviderHomePage() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!me) return null;
  const blocked = me.status === 'blocked';
  return (
    <Shell>
      <div className="hello">
        <h1 className="page-title">{me.firstName ? t('home.hello', { name: me.firstName }) : t('home.helloNoName')}</h1>
        <p className="page-subtitle">{t('provider.subtitle')}</p>
      </div>
      <div className="stack-lg">
        {blocked && (
          <Banner kind="error" title={t('provider.blockedTitle')}>
            {me.blockedReason ? t('home.blockedReason', { reason: me.blockedReason }) : t('home.blockedNoReason')}
          </Banner>
        )}
        <Card title={t('provider.statusTitle')}>
          <div className="status-hero">
            <span className={blocked ? 'status-dot status-dot-bad' : 'status-dot'} aria-hidden="true"><Icon name="steering" size={26} /></span>
            <div>
              <strong>{me.providerKind ? t(KIND_LABEL[me.providerKind] ?? 'provider.kind.unknown') : t('provider.kind.unknown')}</strong>
              <p className="muted">{blocked ? t('provider.cannotWork') : t('provider.offline')}</p>
            </div>
          </div>
          <Details rows={[
            [t('profile.status'), blocked ? <Badge tone="bad">{t('status.blocked')}</Badge> : <Badge tone="good">{t('status.active')}</Badge>],
            [t('provider.kyc'), <Badge key="k" tone={me.kycStatus === 'verified' ? 'good' : me.kycStatus === 'rejected' ? 'bad' : 'neutral'}>{t(KYC_LABEL[me.kycStatus])}</Badge>],
          ]} />
          {!blocked && <ButtonLink to="/provider/work" icon="steering" block>{t('work.open')}</ButtonLink>}
        </Card>
        <Card title={t('rwd.title')} subtitle={t('rwd.subtitle')}>
          <ButtonLink to="/provider/rewards" icon="sparkle" variant="secondary" block>{t('rwd.title')}</ButtonLink>
        </Card>
      </div>
    </Shell>
  );
}
