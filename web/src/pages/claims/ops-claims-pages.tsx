import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { toAsciiDigits, useI18n, type MessageKey } from '../../i18n';
import { useSession } from '../../session';
import { Link, navigate, useLocation } from '../../router';
import { hasRole } from '../../areas';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, Details, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { Segmented } from '../money/money-ui';
import {
  CLAIM_TONE, EXCLUDED, OUTCOMES, categoryKey, claimStatusKey, claimsApi, outcomeKey, rejectKey,
  type AssessBody, type Claim, type Complaint, type OpsClaimDetail, type Outcome, type Preview,
} from './claims-api';

/** CLM-1 / CLM-2 queues: damage claims and complaints, open ones oldest first. */
export function OpsClaimsPage() {
  const i18n = useI18n();
  const { t, dateTime, toman } = i18n;
  const { query } = useLocation();
  const tab = query.get('tab') === 'complaints' ? 'complaints' : 'claims';
  const [claimStatus, setClaimStatus] = useState<Claim['status']>('submitted');
  const [complaintStatus, setComplaintStatus] = useState<Complaint['status']>('open');
  const claims = useAsync(() => (tab === 'claims' ? claimsApi.ops.claims(claimStatus) : Promise.resolve([])), [tab, claimStatus]);
  const complaints = useAsync(() => (tab === 'complaints' ? claimsApi.ops.complaints(complaintStatus) : Promise.resolve([])), [tab, complaintStatus]);
  const error = claims.error ?? complaints.error;
  return (
    <Shell wide>
      <PageHeader title={t('clm.ops.title')} subtitle={t('clm.ops.subtitle')} />
      <div className="filter-row">
        <Segmented label={t('clm.ops.title')} value={tab} onValue={(v) => navigate(v === 'claims' ? '/ops/claims' : '/ops/claims?tab=complaints', { replace: true })}
          options={[{ value: 'claims', label: t('clm.claims') }, { value: 'complaints', label: t('clm.complaints') }]} />
        {tab === 'claims'
          ? <Segmented label={t('clm.status')} value={claimStatus} onValue={setClaimStatus} options={(['submitted', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: t(claimStatusKey(s)) }))} />
          : <Segmented label={t('clm.status')} value={complaintStatus} onValue={setComplaintStatus} options={[{ value: 'open', label: t('clm.underReview') }, { value: 'decided', label: t('clm.decided') }]} />}
      </div>
      {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
      {(claims.loading || complaints.loading) && <Loading />}
      {tab === 'claims' && claims.data && (claims.data.length === 0 ? <EmptyState icon="check" title={t('clm.ops.empty')} /> : (
        <ul className="list card-list">
          {claims.data.map((c) => (
            <li key={c.id}>
              <Link to={`/ops/claims/${encodeURIComponent(c.id)}`} className="list-row list-link">
                <span className="list-main">
                  <strong>{t('clm.claimFor')}</strong>
                  <Ltr>{c.orderId}</Ltr>
                  <span className="muted">{t('clm.declaredValue')}: {toman(c.declaredValueRials)} · {dateTime(c.createdAt)}</span>
                </span>
                <Badge tone={CLAIM_TONE[c.status]}>{t(claimStatusKey(c.status))}</Badge>
              </Link>
            </li>
          ))}
        </ul>
      ))}
      {tab === 'complaints' && complaints.data && (complaints.data.length === 0 ? <EmptyState icon="check" title={t('clm.ops.empty')} /> : (
        <ul className="list card-list">
          {complaints.data.map((c) => (
            <li key={c.id}>
              <Link to={`/ops/complaints/${encodeURIComponent(c.id)}`} className="list-row list-link">
                <span className="list-main"><strong>{t(categoryKey(c.category))}</strong><span className="muted">{dateTime(c.createdAt)}</span></span>
                <Badge tone={c.outcome ? 'neutral' : 'warn'}>{c.outcome ? t(outcomeKey(c.outcome)) : t('clm.underReview')}</Badge>
              </Link>
            </li>
          ))}
        </ul>
      ))}
    </Shell>
  );
}

function ClaimPhotos({ claim }: { claim: OpsClaimDetail }) {
  const { t } = useI18n();
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    Promise.all(claim.files.map((f) => claimsApi.photo(claim.id, f.id).then((p) => `data:${p.contentType};base64,${p.contentBase64}`)))
      .then((u) => { if (live) setUrls(u); }, () => undefined);
    return () => { live = false; };
  }, [claim]);
  return (
    <div className="claim-photos">
      {urls.map((u, i) => <img key={i} src={u} alt={t('clm.photoN', { n: i + 1 })} style={{ maxWidth: 200, maxHeight: 200, margin: 4 }} />)}
    </div>
  );
}

const EMPTY: AssessBody = { extent: 'partial', damagePercent: 50, causedByCarriage: true, packagingShowsImpact: false, excludedCause: null, providerAtFault: false, deactivateProvider: false, note: null };

/** CLM-1 assessment: the rule's answer is shown before the decision; the payout is one ledger transfer. */
export function OpsClaimPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, toman, dateTime } = i18n;
  const [version, setVersion] = useState(0);
  const claim = useAsync(() => claimsApi.ops.claim(id), [id, version]);
  const c = claim.data;
  return (
    <Shell wide>
      <PageHeader title={t('clm.ops.claim')} back="/ops/claims" />
      {claim.error ? <Banner kind="error">{errorText(i18n, claim.error)}</Banner> : null}
      {!c && !claim.error && <Loading />}
      {c && (
        <div className="stack-lg">
          <Card title={t('clm.parcel')} actions={<Badge tone={CLAIM_TONE[c.status]}>{t(claimStatusKey(c.status))}</Badge>}>
            <Details rows={[
              [t('clm.order'), <Link key="o" to={`/ops/orders/${encodeURIComponent(c.orderId)}`}>{c.orderId}</Link>],
              [t('clm.declaredValue'), BigInt(c.declaredValueRials) > 0n ? toman(c.declaredValueRials) : t('clm.noValue')],
              [t('clm.cap'), toman(c.capRials)],
              [t('clm.category'), i18n.has(`rides.parcel.cat.${c.category}`) ? t(`rides.parcel.cat.${c.category}` as MessageKey) : c.category],
              [t('clm.contentsVisible'), c.contentsVisible ? t('common.yes') : t('common.no')],
              [t('clm.podDamage'), c.podDamage ?? t('clm.noDamageDeclared')],
              [t('clm.filedAt'), dateTime(c.createdAt)],
              [t('clm.description'), c.description],
            ]} />
            <ClaimPhotos claim={c} />
          </Card>
          {c.status === 'submitted'
            ? <AssessForm claim={c} onDone={() => setVersion((v) => v + 1)} />
            : (
              <Card title={t('clm.decision')}>
                <Details rows={[
                  [t('clm.status'), t(claimStatusKey(c.status))],
                  [t('clm.compensation'), toman(c.compensationRials)],
                  ...(c.paidBy ? [[t('clm.paidBy'), t(c.paidBy === 'provider' ? 'clm.paidBy.provider' : 'clm.paidBy.platform')] as [string, string]] : []),
                  ...(c.rejectReason ? [[t('clm.rejectReason'), t(rejectKey(c.rejectReason))] as [string, string]] : []),
                  ...(c.note ? [[t('clm.note'), c.note] as [string, string]] : []),
                ]} />
              </Card>
            )}
        </div>
      )}
    </Shell>
  );
}

function AssessForm({ claim, onDone }: { claim: OpsClaimDetail; onDone(): void }) {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const toast = useToast();
  const [a, setA] = useState<AssessBody>(EMPTY);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (patch: Partial<AssessBody>) => setA((x) => ({ ...x, ...patch }));
  const body: AssessBody = { ...a, damagePercent: a.extent === 'total' ? null : a.damagePercent };
  useEffect(() => {
    const h = setTimeout(() => { claimsApi.ops.preview(claim.id, body).then(setPreview, () => setPreview(null)); }, 250);
    return () => clearTimeout(h);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [claim.id, JSON.stringify(body)]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await claimsApi.ops.assess(claim.id, body);
      toast(t('clm.ops.assessed'), 'success');
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title={t('clm.assess')}>
      <form className="stack" onSubmit={submit} name="assess">
        <SelectField label={t('clm.extent')} name="extent" value={a.extent} onValue={(v) => set({ extent: v as AssessBody['extent'] })}
          options={[{ value: 'partial', label: t('clm.extent.partial') }, { value: 'total', label: t('clm.extent.total') }]} />
        {a.extent === 'partial' && (
          <TextField label={t('clm.damagePercent')} name="damagePercent" inputMode="numeric" ltr value={i18n.digits(String(a.damagePercent ?? ''))}
            onValue={(v) => set({ damagePercent: Number(toAsciiDigits(v).replace(/\D/g, '')) || null })} />
        )}
        <Checkbox label={t('clm.causedByCarriage')} checked={!!a.causedByCarriage} onValue={(v) => set({ causedByCarriage: v })} />
        {!claim.contentsVisible && <Checkbox label={t('clm.packagingShowsImpact')} checked={!!a.packagingShowsImpact} onValue={(v) => set({ packagingShowsImpact: v })} />}
        <SelectField label={t('clm.excludedCause')} name="excludedCause" value={a.excludedCause ?? ''} onValue={(v) => set({ excludedCause: (v || null) as AssessBody['excludedCause'] })}
          options={[{ value: '', label: t('clm.excluded.none') }, ...EXCLUDED.map((x) => ({ value: x, label: t(rejectKey(`excluded_${x}`)) }))]} />
        {claim.providerId && <Checkbox label={t('clm.providerAtFault')} checked={!!a.providerAtFault} onValue={(v) => set({ providerAtFault: v })} />}
        {claim.providerId && <Checkbox label={t('clm.deactivateProvider')} checked={!!a.deactivateProvider} onValue={(v) => set({ deactivateProvider: v })} />}
        <TextArea label={t('clm.note')} name="note" value={a.note ?? ''} onValue={(v) => set({ note: v || null })} maxLength={1000} />
        {preview && (
          <Banner kind={preview.outcome === 'approved' ? 'info' : 'warning'}>
            <span data-testid="claim-preview">{preview.outcome === 'approved' ? t('clm.preview.pay', { amount: toman(preview.compensationRials) }) : t(rejectKey(preview.reason ?? ''))}</span>
          </Banner>
        )}
        {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
        <Button type="submit" busy={busy}>{t('clm.decide')}</Button>
      </form>
    </Card>
  );
}

/** CLM-2 decision: dismissed, warning (SMS), penalty (ops admin, PAY-6) or deactivation. */
export function OpsComplaintPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const { me } = useSession();
  const toast = useToast();
  const [version, setVersion] = useState(0);
  const complaint = useAsync(() => claimsApi.ops.complaint(id), [id, version]);
  const [outcome, setOutcome] = useState<Outcome>('warning');
  const [note, setNote] = useState('');
  const [amountToman, setAmountToman] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const c = complaint.data;
  const admin = hasRole(me, 'ops_admin');
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const toman = toAsciiDigits(amountToman).replace(/\D/g, '');
      await claimsApi.ops.decide(id, { outcome, note, amountRials: outcome === 'penalty' && toman ? String(BigInt(toman) * 10n) : null });
      toast(t('clm.ops.assessed'), 'success');
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Shell wide>
      <PageHeader title={t('clm.ops.complaint')} back="/ops/claims?tab=complaints" />
      {complaint.error ? <Banner kind="error">{errorText(i18n, complaint.error)}</Banner> : null}
      {!c && !complaint.error && <Loading />}
      {c && (
        <div className="stack-lg">
          <Card title={t(categoryKey(c.category))} actions={<Badge tone={c.outcome ? 'neutral' : 'warn'}>{c.outcome ? t(outcomeKey(c.outcome)) : t('clm.underReview')}</Badge>}>
            <Details rows={[
              [t('clm.against'), <Link key="p" to={`/ops/users/${encodeURIComponent(c.againstUserId)}`}>{c.againstUserId}</Link>],
              [t('clm.complainant'), <Link key="c" to={`/ops/users/${encodeURIComponent(c.complainantId)}`}>{c.complainantId}</Link>],
              ...(c.orderId ? [[t('clm.order'), <Link key="o" to={`/ops/orders/${encodeURIComponent(c.orderId)}`}>{c.orderId}</Link>] as [string, ReactElement]] : []),
              [t('clm.filedAt'), dateTime(c.createdAt)],
              [t('clm.description'), c.description],
              ...(c.note ? [[t('clm.note'), c.note] as [string, string]] : []),
            ]} />
          </Card>
          {c.status === 'open' && (
            <Card title={t('clm.decide')}>
              <form className="stack" onSubmit={submit}>
                <SelectField label={t('clm.outcome')} name="outcome" value={outcome} onValue={(v) => setOutcome(v as Outcome)}
                  options={OUTCOMES.filter((o) => o !== 'penalty' || admin).map((o) => ({ value: o, label: t(outcomeKey(o)) }))} />
                {outcome === 'penalty' && <TextField label={t('clm.penaltyToman')} hint={t('clm.penaltyHint')} name="amount" inputMode="numeric" ltr value={i18n.digits(amountToman)} onValue={setAmountToman} />}
                <TextArea label={t('clm.note')} name="note" value={note} onValue={setNote} required minLength={3} maxLength={1000} />
                {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
                <Button type="submit" busy={busy}>{t('clm.decide')}</Button>
              </form>
            </Card>
          )}
        </div>
      )}
    </Shell>
  );
}
