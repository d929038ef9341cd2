/** Ops: one applicant: identity, application, documents (view, approve, reject), guarantee, activation (PRV-1..PRV-3). */
import { SERVICE_LABEL } from '../rides/ride-ui';
import { useState, type FormEvent, type ReactElement } from 'react';
import { useI18n, toAsciiDigits, type MessageKey } from '../../i18n';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, Details, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { TextField } from '../../components/fields';
import { DayPartsField } from '../../components/inputs';
import { useToast } from '../../components/toast';
import { useAsync } from '../../lib/hooks';
import { apiDate, calendarOf, currentYear, partsOf, type DayParts } from '../../lib/dates';
import { ChecklistView, DocumentRow, onbError } from '../onboarding/onboarding-ui';
import { documentFileUrl, opsProvidersApi, type OpsOnboardingView, type ProviderDocument } from '../onboarding/onboarding-api';

export function OpsProviderApplicantPage({ userId }: { userId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const view = useAsync(() => opsProvidersApi.get(userId), [userId]);
  const v = view.data;
  return (
    <Shell wide>
      <PageHeader back="/ops/providers" title={v ? `${v.user.firstName ?? ''} ${v.user.lastName ?? ''}`.trim() || t('opsProv.applicant') : t('opsProv.applicant')} />
      {view.error != null && <Banner kind="error">{onbError(i18n, view.error)}</Banner>}
      {view.loading && !v && <Loading />}
      {v && (
        <div className="stack">
          <IdentityCard v={v} />
          {v.application?.status === 'submitted' && v.checklist && (
            <Card title={t('onb.checklist')}><ChecklistView items={v.checklist.items} /></Card>
          )}
          <DocumentsCard docs={v.documents} onChange={view.reload} />
          <GuaranteeCard v={v} onChange={view.reload} />
          {v.application?.status === 'submitted' && <DecisionCard v={v} onChange={view.reload} />}
        </div>
      )}
    </Shell>
  );
}

function IdentityCard({ v }: { v: OpsOnboardingView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const a = v.application;
  const vehicle = a?.vehicle;
  return (
    <Card title={t('opsProv.applicant')} actions={a && <Badge tone={a.status === 'activated' ? 'good' : a.status === 'rejected' ? 'bad' : 'warn'}>{t(`onb.status.${a.status}` as MessageKey)}</Badge>}>
      <Details rows={[
        [t('opsProv.mobile'), <Ltr>{i18n.digits(v.user.mobile)}</Ltr>],
        [t('opsProv.nationalId'), <Ltr>{i18n.digits(v.user.nationalId ?? '-')}</Ltr>],
        ...(a ? [
          [t('opsProv.fleet'), `${t(`onb.fleet.${a.fleetType}` as MessageKey)}${a.motorcycleKind ? ` · ${t(`onb.kind.${a.motorcycleKind}` as MessageKey)}` : ''}`],
          [t('opsProv.services'), a.serviceCodes.map((c) => (SERVICE_LABEL[c] ? t(SERVICE_LABEL[c]) : c)).join('، ')],
          [t('opsProv.submittedAt'), i18n.dateTime(a.createdAt)],
        ] as Array<[string, string]> : []),
        ...(vehicle?.plate ? [[t('onb.vehicle'), <span>{vehicle.make} {vehicle.model} · {i18n.num(vehicle.year ?? 0).replace(/[٬,]/g, '')} · {vehicle.colour} · <Ltr>{i18n.digits(vehicle.plate)}</Ltr> · {t('onb.seats')}: {i18n.num(vehicle.capacitySeats ?? 0)}</span>]] as Array<[string, ReactElement]> : []),
        ...(a?.moving ? [[t('onb.moving'), `${a.moving.companyName} · ${a.moving.companyRegistration} · ${t('onb.unionNo')}: ${a.moving.unionLicenceNumber} · ${t('onb.until', { day: i18n.day(a.moving.unionLicenceExpiresOn) })} · ${t('onb.crew')}: ${i18n.num(a.moving.crewSize)}`]] as Array<[string, string]> : []),
        ...(a?.skills.length ? [[t('onb.skills'), a.skills.join('، ')]] as Array<[string, string]> : []),
        ...(v.provider ? [[t('opsProv.providerStatus'), t(v.provider.status === 'active' ? 'opsProv.active' : 'opsProv.inactive')]] as Array<[string, string]> : []),
      ]} />
      {a?.rejectionReason && <Banner kind="warning">{t('onb.reason', { reason: a.rejectionReason })}</Banner>}
    </Card>
  );
}

function DocumentsCard({ docs, onChange }: { docs: ProviderDocument[]; onChange(): void }) {
  const { t } = useI18n();
  return (
    <Card title={t('onb.documents')}>
      {docs.length ? <ul className="onb-docs">{docs.map((d) => <OpsDocument key={d.id} doc={d} onChange={onChange} />)}</ul> : <EmptyState icon="doc" title={t('onb.noDocuments')} />}
    </Card>
  );
}

function OpsDocument({ doc, onChange }: { doc: ProviderDocument; onChange(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [file, setFile] = useState<{ url: string; type: string } | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      toast(t('opsProv.done'), 'success');
      onChange();
    } catch (err) {
      toast(onbError(i18n, err), 'error');
    } finally {
      setBusy(false);
    }
  };
  const view = async () => {
    try { setFile(await documentFileUrl(`/v1/ops/providers/documents/${encodeURIComponent(doc.id)}/file`)); } catch (err) { toast(onbError(i18n, err), 'error'); }
  };
  const actions = (
    <div className="onb-doc-actions">
      <Button variant="ghost" onClick={() => void view()}>{t('opsProv.view')}</Button>
      {doc.status === 'pending' && (
        <>
          <Button variant="primary" busy={busy} onClick={() => void act(() => opsProvidersApi.approve(doc.id))}>{t('opsProv.approve')}</Button>
          <TextField label={t('opsProv.reasonLabel')} name={`reason-${doc.type}`} value={reason} onValue={setReason} />
          <Button variant="danger" busy={busy} disabled={reason.trim().length < 3} onClick={() => void act(() => opsProvidersApi.reject(doc.id, reason.trim()))}>{t('opsProv.reject')}</Button>
        </>
      )}
      {file && (file.type === 'application/pdf'
        ? <iframe className="onb-file" src={file.url} title={doc.type} />
        : <img className="onb-file" src={file.url} alt={doc.type} />)}
    </div>
  );
  return <DocumentRow doc={doc} actions={actions} />;
}

function GuaranteeCard({ v, onChange }: { v: OpsOnboardingView; onChange(): void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const toast = useToast();
  const calendar = calendarOf(locale);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [amount, setAmount] = useState(v.defaultGuaranteeRials);
  const [serial, setSerial] = useState('');
  const [day, setDay] = useState<Partial<DayParts>>(partsOf(today, calendar) ?? {});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const g = v.guarantee;
  if (g && g.status === 'held') {
    return (
      <Card title={t('opsProv.guarantee')} actions={<Badge tone="good">{t('opsProv.guaranteeHeld')}</Badge>}>
        <Details rows={[[t('opsProv.amount'), i18n.toman(g.amountRials)], [t('opsProv.serial'), i18n.digits(g.serial)], [t('opsProv.receivedOn'), i18n.day(g.receivedOn)], [t('opsProv.receivedBy'), <Ltr>{g.receivedBy}</Ltr>]]} />
      </Card>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await opsProvidersApi.guarantee(v.user.id, { amountRials: toAsciiDigits(amount).replace(/\D/g, '') || undefined, serial: serial.trim(), receivedOn: day.y && day.m && day.d ? apiDate(day as DayParts, calendar) : '' });
      toast(t('opsProv.done'), 'success');
      onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const year = currentYear(calendar);
  return (
    <Card title={t('opsProv.guarantee')}>
      <form className="form" onSubmit={submit} noValidate>
        <TextField label={t('opsProv.amount')} name="amountRials" inputMode="numeric" hint={i18n.toman(toAsciiDigits(amount).replace(/\D/g, '') || '0')} value={amount} onValue={setAmount} ltr />
        <TextField label={t('opsProv.serial')} name="serial" value={serial} onValue={setSerial} ltr />
        <DayPartsField legend={t('opsProv.receivedOn')} parts={day} onParts={setDay} years={[year - 1, year]} />
        {error != null && <Banner kind="error">{onbError(i18n, error)}</Banner>}
        <Button type="submit" busy={busy} disabled={!serial.trim()}>{t('opsProv.record')}</Button>
      </form>
    </Card>
  );
}

function DecisionCard({ v, onChange }: { v: OpsOnboardingView; onChange(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const appId = v.application!.id;
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      toast(t('opsProv.done'), 'success');
      onChange();
    } catch (err) {
      toast(onbError(i18n, err), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <div className="stack">
        <Button block busy={busy} disabled={!v.checklist?.complete} onClick={() => void act(() => opsProvidersApi.activate(appId))}>{t('opsProv.activate')}</Button>
        <TextField label={t('opsProv.reasonLabel')} name="appReason" value={reason} onValue={setReason} />
        <Button variant="danger" block busy={busy} disabled={reason.trim().length < 3} onClick={() => void act(() => opsProvidersApi.rejectApplication(appId, reason.trim()))}>{t('opsProv.rejectApp')}</Button>
      </div>
    </Card>
  );
}
