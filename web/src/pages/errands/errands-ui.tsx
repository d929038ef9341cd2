import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { Link } from '../../router';
import { Badge, Card, Details } from '../../components/ui';
import type { Errand, ErrandDocument, ErrandService, Timeline } from './errands-api';

const TONE: Record<string, 'neutral' | 'good' | 'bad' | 'warn' | 'brand'> = {
  requested: 'warn', feasible: 'warn', quoted: 'brand', paid: 'brand', assigned: 'brand', dispatched: 'brand', in_progress: 'brand',
  done: 'good', failed: 'bad', infeasible: 'bad', cancelled: 'neutral',
};

export function ErrandStatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <Badge tone={TONE[status] ?? 'neutral'}>{t(`err.status.${status}` as MessageKey)}</Badge>;
}

export function ErrandRow({ errand, to, service }: { errand: Errand; to: string; service?: ErrandService }) {
  const { t, locale, day, toman } = useI18n();
  return (
    <Link to={to} className="list-row list-link">
      <span className="list-main">
        <strong>{service ? service.names[locale] : errand.serviceCode}</strong>
        <span className="muted">{t('err.wantedOn', { day: day(errand.wantedDate) })}{errand.priceRials ? ` — ${toman(errand.priceRials)}` : ''}</span>
      </span>
      <ErrandStatusBadge status={errand.status} />
    </Link>
  );
}

/** ERR-5: every step with its time. */
export function TimelineCard({ timeline }: { timeline: Timeline }) {
  const { t, dateTime } = useI18n();
  return (
    <Card title={t('err.timeline')}>
      <ol className="timeline" aria-label={t('err.timeline')}>
        {timeline.events.map((e) => (
          <li key={e.id} className="timeline-item">
            <span className="timeline-step">{e.fromStatus === e.toStatus ? t('err.note') : t(`err.status.${e.toStatus}` as MessageKey)}</span>
            <span className="muted"> — {dateTime(e.at)}</span>
            {e.note && e.fromStatus === e.toStatus ? <div className="muted">{e.note}</div> : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}

export function ErrandMoney({ errand }: { errand: Errand }) {
  const { t, toman, day, num } = useI18n();
  const rows: Array<[ReactNode, ReactNode]> = [
    [t('err.status'), <ErrandStatusBadge status={errand.status} />],
    [t('err.wantedDate'), day(errand.wantedDate)],
    [t('err.quantity'), num(errand.quantity)],
    [t('err.price'), errand.priceRials ? toman(errand.priceRials) : t('err.notQuoted')],
    [t('err.paid'), toman(errand.paidRials)],
  ];
  if (errand.refundedRials !== '0') rows.push([t('err.refunded'), toman(errand.refundedRials)]);
  if (errand.costSoFarRials !== '0') rows.push([t('err.costSoFar'), toman(errand.costSoFarRials)]);
  if (errand.reason) rows.push([t('err.reason'), errand.reason]);
  return <Details rows={rows} />;
}

/** ERR-4: the documents and where each original is now. */
export function DocumentsCard({ docs, actions, children }: { docs: ErrandDocument[]; actions?: (d: ErrandDocument) => ReactNode; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Card title={t('err.documents')}>
      {docs.length === 0 ? <p className="muted">{t('err.noDocuments')}</p> : (
        <ul className="list">
          {docs.map((d) => (
            <li key={d.id} className="list-row">
              <span className="list-main">
                <strong>{d.label}</strong>
                <span className="muted">{t(`err.delivery.${d.delivery}` as MessageKey)} — {t(`err.holder.${d.holder}` as MessageKey)}</span>
              </span>
              {actions?.(d)}
            </li>
          ))}
        </ul>
      )}
      {children}
    </Card>
  );
}
