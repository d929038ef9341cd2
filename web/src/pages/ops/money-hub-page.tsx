import { useI18n, type MessageKey } from '../../i18n';
import { useSession } from '../../session';
import { hasRole } from '../../areas';
import { Link } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, PageHeader } from '../../components/ui';
import { Icon, type IconName } from '../../components/icons';
import { useAsync } from '../../lib/hooks';
import { moneyApi } from '../money/money-api';

interface Entry { to: string; icon: IconName; title: MessageKey; text: MessageKey; badge?: number }

/** The ops entry to money: ledger, settlement queue (finance), promotions, payment links. */
export function OpsMoneyPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const finance = hasRole(me, 'finance');
  const queue = useAsync(() => (finance ? moneyApi.ops.settlements({ status: 'requested', limit: 100 }).then((r) => r.items.length) : Promise.resolve(0)), [finance]);
  const entries: Entry[] = [
    { to: '/ops/ledger', icon: 'list', title: 'opsMoney.ledger', text: 'opsMoney.ledgerText' },
    ...(finance ? [{ to: '/ops/settlements', icon: 'bank' as const, title: 'opsMoney.settlements' as const, text: 'opsMoney.settlementsText' as const, badge: queue.data }] : []),
    { to: '/ops/promotions', icon: 'tag', title: 'opsMoney.promotions', text: 'opsMoney.promotionsText' },
    { to: '/ops/payment-links', icon: 'link', title: 'opsMoney.links', text: 'opsMoney.linksText' },
    ...(hasRole(me, 'ops_admin', 'finance') ? [{ to: '/ops/penalties', icon: 'ban' as const, title: 'clm.pen.title' as const, text: 'clm.pen.subtitle' as const }] : []),
  ];
  return (
    <Shell wide>
      <PageHeader title={t('opsMoney.title')} subtitle={t('opsMoney.subtitle')} />
      <ul className="list card-list">
        {entries.map((e) => (
          <li key={e.to}>
            <Link to={e.to} className="list-row list-link">
              <span className="tile-icon" aria-hidden="true"><Icon name={e.icon} size={22} /></span>
              <span className="list-main">
                <strong>{t(e.title)}</strong>
                <span className="muted small">{t(e.text)}</span>
              </span>
              {!!e.badge && <Badge tone="warn">{t('opsMoney.waiting', { n: e.badge })}</Badge>}
              <Icon name="chevron" size={18} />
            </Link>
          </li>
        ))}
      </ul>
    </Shell>
  );
}
