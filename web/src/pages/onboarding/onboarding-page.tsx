/** PRV-1..PRV-3 for the applicant: apply (mobile-first form), upload documents, follow the checklist. */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { useI18n, toAsciiDigits, type MessageKey } from '../../i18n';
import { Shell } from '../../components/shell';
import { Banner, Button, ButtonLink, Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { Checkbox, SelectField, TextField } from '../../components/fields';
import { DayPartsField } from '../../components/inputs';
import { useToast } from '../../components/toast';
import { useAsync } from '../../lib/hooks';
import { apiDate, calendarOf, currentYear, type DayParts } from '../../lib/dates';
import { useSession } from '../../session';
import { navigate } from '../../router';
import { errandsApi } from '../errands/errands-api';
import { ChecklistView, DocumentRow, docLabel, onbError } from './onboarding-ui';
import { DOC_TYPES, EXPIRING, fileToBase64, onboardingApi, type ApplicationBody, type DocumentType, type FleetType, type OnboardingView } from './onboarding-api';

const FLEETS: FleetType[] = ['motorcycle', 'car', 'van', 'truck', 'assistant'];

export function OnboardingPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const view = useAsync(() => onboardingApi.mine(), []);
  const app = view.data?.application;
  const showForm = view.data && (!app || app.status === 'rejected');
  return (
    <Shell>
      <PageHeader title={t('onb.title')} subtitle={t('onb.subtitle')} />
      {view.loading && !view.data && <Loading />}
      {view.error != null && <Banner kind="error">{onbError(i18n, view.error)}</Banner>}
      {app && <ApplicationCard view={view.data!} />}
      {showForm && <ApplyForm onDone={(v) => view.setData(v)} />}
      {app && app.status === 'submitted' && <DocumentsCard view={view.data!} onChange={view.reload} />}
    </Shell>
  );
}

function ApplicationCard({ view }: { view: OnboardingView }) {
  const { t } = useI18n();
  const { reload } = useSession();
  const app = view.application!;
  return (
    <Card title={t('onb.application')} subtitle={`${t(`onb.fleet.${app.fleetType}` as MessageKey)}${app.motorcycleKind ? ` · ${t(`onb.kind.${app.motorcycleKind}` as MessageKey)}` : ''}`}>
      <p data-testid="onb-status"><strong>{t(`onb.status.${app.status}` as MessageKey)}</strong></p>
      {app.status === 'rejected' && <Banner kind="warning">{t('onb.reason', { reason: app.rejectionReason ?? '' })} {t('onb.applyAgain')}</Banner>}
      {app.status === 'activated' && (
        <Banner kind="success" title={t('onb.active')} action={<Button variant="secondary" onClick={() => void reload().then(() => navigate('/provider'))}>{t('onb.toProviderArea')}</Button>} />
      )}
      {app.status === 'submitted' && view.checklist && (
        <>
          <h3 className="card-subtitle">{t('onb.checklist')}</h3>
          <ChecklistView items={view.checklist.items} />
          {view.checklist.items.some((i) => i.key === 'terms' && !i.ok) && <ButtonLink to="/terms" variant="secondary">{t('onb.toTerms')}</ButtonLink>}
          {view.checklist.complete && <Banner kind="success">{t('onb.complete')}</Banner>}
        </>
      )}
    </Card>
  );
}

interface FormState {
  fleetType: FleetType; motorcycleKind: 'parcel' | 'taxi' | 'both';
  make: string; model: string; modelYear: string; plate: string; colour: string; seats: string;
  unionNo: string; unionExpiry: Partial<DayParts>; company: string; companyReg: string; crew: string;
  skills: string; rules: boolean;
}

const INITIAL: FormState = {
  fleetType: 'motorcycle', motorcycleKind: 'parcel', make: '', model: '', modelYear: '', plate: '', colour: '', seats: '1',
  unionNo: '', unionExpiry: {}, company: '', companyReg: '', crew: '2', skills: '', rules: false,
};

function bodyOf(f: FormState, calendar: ReturnType<typeof calendarOf>): ApplicationBody {
  const num = (s: string) => Number(toAsciiDigits(s).trim() || 'NaN');
  const body: ApplicationBody = { fleetType: f.fleetType, rulesAccepted: f.rules };
  if (f.fleetType === 'motorcycle') body.motorcycleKind = f.motorcycleKind;
  if (f.fleetType !== 'assistant') {
    body.vehicle = { make: f.make.trim(), model: f.model.trim(), modelYear: num(f.modelYear), plate: f.plate, colour: f.colour.trim(), seats: num(f.seats) };
  }
  if (f.fleetType === 'truck') {
    const e = f.unionExpiry;
    body.moving = {
      unionLicenceNumber: toAsciiDigits(f.unionNo.trim()), unionLicenceExpiresOn: e.y && e.m && e.d ? apiDate(e as DayParts, calendar) : '',
      companyName: f.company.trim(), companyRegistration: toAsciiDigits(f.companyReg.trim()), crewSize: num(f.crew),
    };
  }
  if (f.fleetType === 'assistant') body.skills = f.skills.split(/[,،\s]+/).map((s) => s.trim()).filter(Boolean);
  return body;
}

function ApplyForm({ onDone }: { onDone(v: OnboardingView): void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const toast = useToast();
  const [f, setF] = useState<FormState>(INITIAL);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = <K extends keyof FormState>(k: K) => (v: FormState[K]) => setF((s) => ({ ...s, [k]: v }));
  const calendar = calendarOf(locale);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const v = await onboardingApi.apply(bodyOf(f, calendar));
      toast(t('onb.sent'), 'success');
      onDone(v);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const profileMissing = error instanceof ApiError && (error.code === 'ONBOARDING_PROFILE_INCOMPLETE' || error.code === 'CITY_UNKNOWN');
  const year = currentYear(calendar);
  return (
    <Card>
      <form onSubmit={submit} className="form" noValidate>
        <SelectField label={t('onb.fleet')} name="fleetType" value={f.fleetType} onValue={(v) => set('fleetType')(v as FleetType)}
          options={FLEETS.map((x) => ({ value: x, label: t(`onb.fleet.${x}` as MessageKey) }))} />
        {f.fleetType === 'motorcycle' && (
          <SelectField label={t('onb.kind')} name="motorcycleKind" value={f.motorcycleKind} onValue={(v) => set('motorcycleKind')(v as FormState['motorcycleKind'])}
            options={(['parcel', 'taxi', 'both'] as const).map((x) => ({ value: x, label: t(`onb.kind.${x}`) }))} />
        )}
        {f.fleetType !== 'assistant' && (
          <fieldset className="fieldset">
            <legend className="field-label">{t('onb.vehicle')}</legend>
            <TextField label={t('onb.make')} name="make" value={f.make} onValue={set('make')} />
            <TextField label={t('onb.model')} name="model" value={f.model} onValue={set('model')} />
            <TextField label={t('onb.modelYear')} name="modelYear" inputMode="numeric" hint={t('onb.modelYearHint')} value={f.modelYear} onValue={set('modelYear')} ltr />
            <TextField label={t('onb.plate')} name="plate" hint={t(f.fleetType === 'motorcycle' ? 'onb.plateHint.motorcycle' : 'onb.plateHint.car')} value={f.plate} onValue={set('plate')} />
            <TextField label={t('onb.colour')} name="colour" value={f.colour} onValue={set('colour')} />
            <TextField label={t('onb.seats')} name="seats" inputMode="numeric" value={f.seats} onValue={set('seats')} ltr />
          </fieldset>
        )}
        {f.fleetType === 'truck' && (
          <fieldset className="fieldset">
            <legend className="field-label">{t('onb.moving')}</legend>
            <TextField label={t('onb.company')} name="company" value={f.company} onValue={set('company')} />
            <TextField label={t('onb.companyReg')} name="companyReg" value={f.companyReg} onValue={set('companyReg')} ltr />
            <TextField label={t('onb.unionNo')} name="unionNo" value={f.unionNo} onValue={set('unionNo')} ltr />
            <DayPartsField legend={t('onb.unionExpiry')} parts={f.unionExpiry} onParts={set('unionExpiry')} years={Array.from({ length: 11 }, (_, k) => year + k)} />
            <TextField label={t('onb.crew')} name="crew" inputMode="numeric" value={f.crew} onValue={set('crew')} ltr />
          </fieldset>
        )}
        {f.fleetType === 'assistant' && <SkillsField value={f.skills} onValue={set('skills')} />}
        <Checkbox label={t('onb.rules')} checked={f.rules} onValue={set('rules')} />
        {error != null && <Banner kind="error" action={profileMissing ? <ButtonLink to="/profile" variant="secondary">{t('onb.toProfile')}</ButtonLink> : undefined}>{onbError(i18n, error)}</Banner>}
        <Button type="submit" block busy={busy} disabled={!f.rules}>{t('onb.submit')}</Button>
      </form>
    </Card>
  );
}

/** PRV-2: upload a document (type sniffed by the server) and see each one's review state. */
function DocumentsCard({ view, onChange }: { view: OnboardingView; onChange(): void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const toast = useToast();
  const required = view.requiredDocuments.flat();
  const choices: DocumentType[] = [...required, ...DOC_TYPES.filter((d) => !required.includes(d))];
  const [type, setType] = useState<DocumentType>(choices.find((c) => !view.documents.some((d) => d.type === c && d.status !== 'rejected')) ?? choices[0]);
  const [file, setFile] = useState<File | null>(null);
  const [expiry, setExpiry] = useState<Partial<DayParts>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const calendar = calendarOf(locale);
  const year = currentYear(calendar);
  const upload = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const contentBase64 = await fileToBase64(file);
      const expiresOn = EXPIRING.includes(type) && expiry.y && expiry.m && expiry.d ? apiDate(expiry as DayParts, calendar) : null;
      await onboardingApi.upload({ type, fileName: file.name, contentBase64, expiresOn });
      toast(t('onb.uploaded'), 'success');
      setFile(null);
      setExpiry({});
      (e.target as HTMLFormElement).reset();
      onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('onb.documents')}>
      {view.documents.length ? (
        <ul className="onb-docs">{view.documents.map((d) => <DocumentRow key={d.id} doc={d} />)}</ul>
      ) : <EmptyState icon="doc" title={t('onb.noDocuments')} />}
      <form onSubmit={upload} className="form" noValidate>
        <SelectField label={t('onb.docType')} name="docType" value={type} onValue={(v) => setType(v as DocumentType)} options={choices.map((c) => ({ value: c, label: docLabel(t, c) }))} />
        <label className="field">
          <span className="field-label">{t('onb.file')}</span>
          <input className="input" type="file" name="file" accept="image/jpeg,image/png,application/pdf" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        {EXPIRING.includes(type) && <DayPartsField legend={t('onb.expiresOn')} parts={expiry} onParts={setExpiry} years={Array.from({ length: 11 }, (_, k) => year + k)} />}
        {error != null && <Banner kind="error">{onbError(i18n, error)}</Banner>}
        <Button type="submit" block busy={busy} disabled={!file} icon="doc">{t('onb.upload')}</Button>
      </form>
    </Card>
  );
}

/** PRV-10: the errand services an assistant can do, picked from the live catalogue (stored as a comma list of codes). */
function SkillsField({ value, onValue }: { value: string; onValue(v: string): void }) {
  const { t, locale } = useI18n();
  const services = useAsync(() => errandsApi.services(), []);
  const chosen = new Set(value.split(',').filter(Boolean));
  const toggle = (code: string, on: boolean) => {
    if (on) chosen.add(code); else chosen.delete(code);
    onValue([...chosen].join(','));
  };
  return (
    <fieldset className="fieldset">
      <legend className="field-label">{t('onb.skills')}</legend>
      <p className="muted small">{t('onb.skillsHint')}</p>
      {services.loading && <Loading />}
      {(services.data ?? []).map((s) => (
        <Checkbox key={s.code} label={s.names[locale] ?? s.names.fa} checked={chosen.has(s.code)} onValue={(on) => toggle(s.code, on)} />
      ))}
    </fieldset>
  );
}
