/** Pieces shared by the applicant's and the ops screens: labels, checklist, document rows. */
import type { ReactNode } from 'react';
import { ApiError } from '../../api';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { Badge } from '../../components/ui';
import { errorText } from '../../lib/errors';
import type { ChecklistItem, DocumentType, ProviderDocument } from './onboarding-api';

export const docLabel = (t: I18n['t'], type: DocumentType) => t(`onb.doc.${type}` as MessageKey);

/** The error sentence; onboarding codes have their own texts (vehicle refusals carry the reason). */
export function onbError(i18n: I18n, err: unknown): string {
  if (err instanceof ApiError) {
    const key = `onb.err.${err.code}`;
    if (i18n.has(key)) return i18n.t(key, { reason: String(err.message ?? '') });
  }
  return errorText(i18n, err);
}

const TONE = { approved: 'good', pending: 'warn', rejected: 'bad', expired: 'bad', missing: 'neutral', replaced: 'neutral' } as const;

export function StateBadge({ state }: { state: keyof typeof TONE }) {
  const { t } = useI18n();
  return <Badge tone={TONE[state]}>{t(`onb.state.${state}` as MessageKey)}</Badge>;
}

/** PRV-3: what is done and what is still needed, one line each. */
export function ChecklistView({ items }: { items: ChecklistItem[] }) {
  const { t } = useI18n();
  const label = (i: ChecklistItem): ReactNode =>
    i.key === 'documents' ? (i.types ?? []).map((ty) => docLabel(t, ty)).join(t('onb.or')) : t(`onb.check.${i.key}` as MessageKey);
  return (
    <ul className="onb-checklist" data-testid="onb-checklist">
      {items.map((i, n) => (
        <li key={n} className={i.ok ? 'onb-check onb-check-ok' : 'onb-check'}>
          <span aria-hidden="true">{i.ok ? '✓' : '•'}</span>
          <span className="onb-check-label">{label(i)}</span>
          {i.state ? <StateBadge state={i.state} /> : <Badge tone={i.ok ? 'good' : 'neutral'}>{t(i.ok ? 'onb.done' : 'onb.todo')}</Badge>}
          {i.reason && <span className="muted">{t('onb.reason', { reason: i.reason })}</span>}
        </li>
      ))}
    </ul>
  );
}

/** One document: type, status, expiry and the ops reason. `actions` adds buttons (ops). */
export function DocumentRow({ doc, actions }: { doc: ProviderDocument; actions?: ReactNode }) {
  const i18n = useI18n();
  const { t } = i18n;
  const state = doc.expired && doc.status === 'approved' ? 'expired' : doc.status;
  return (
    <li className="onb-doc" data-testid={`doc-${doc.type}`}>
      <div className="onb-doc-main">
        <strong>{docLabel(t, doc.type)}</strong>
        <StateBadge state={state} />
        {doc.expiresOn && <span className="muted">{t('onb.until', { day: i18n.day(doc.expiresOn) })}</span>}
      </div>
      {doc.rejectionReason && <p className="muted">{t('onb.reason', { reason: doc.rejectionReason })}</p>}
      {actions}
    </li>
  );
}
