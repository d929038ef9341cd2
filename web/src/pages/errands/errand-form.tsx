import { useState, type FormEvent, type ReactNode } from 'react';
import { toAsciiDigits, useI18n, type MessageKey } from '../../i18n';
import { Button } from '../../components/ui';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { errorText } from '../../lib/errors';
import { wantedDays, type Errand, type ErrandService, type RequestBody } from './errands-api';

const DELIVERIES = ['upload', 'post', 'courier', 'collect'] as const;

/** ERR-2: the request form, shared by the customer (web) and ops (phone channel). */
export function ErrandForm({ services, initialService, submitLabel, onSubmit, extra }: {
  services: ErrandService[]; initialService?: string | null; submitLabel: string; onSubmit(body: RequestBody): Promise<Errand | void>; extra?: ReactNode;
}) {
  const i18n = useI18n();
  const { t, locale, day, num } = i18n;
  const [code, setCode] = useState(initialService && services.some((s) => s.code === initialService) ? initialService : services[0]?.code ?? '');
  const service = services.find((s) => s.code === code);
  const days = wantedDays(service?.leadDays ?? 1);
  const [wanted, setWanted] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [delivery, setDelivery] = useState<(typeof DELIVERIES)[number]>('upload');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const wantedDate = days.includes(wanted) ? wanted : days[0];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ serviceCode: code, quantity: Math.max(1, Number(toAsciiDigits(quantity).replace(/\D/g, '')) || 1), description, address, wantedDate, documentDelivery: delivery });
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit}>
      {extra}
      <SelectField label={t('err.service')} name="service" value={code} onValue={setCode} options={services.map((s) => ({ value: s.code, label: s.names[locale] }))} />
      {service?.powerOfAttorney ? <p className="muted">{t('err.poaHint')}</p> : null}
      {service?.requiredDocuments.length ? <p className="muted">{t('err.requiredDocs')}: {service.requiredDocuments.map((d) => d[locale]).join('، ')}</p> : null}
      <TextField label={t('err.quantity')} hint={t('err.quantityHint')} name="quantity" inputMode="numeric" value={quantity} onValue={setQuantity} />
      <TextArea label={t('err.description')} name="description" required value={description} onValue={setDescription} />
      <TextField label={t('err.address')} name="address" required value={address} onValue={setAddress} />
      <SelectField label={t('err.wantedDate')} hint={t('err.leadDays', { n: num(service?.leadDays ?? 1) })} name="wantedDate" value={wantedDate} onValue={setWanted} options={days.map((d) => ({ value: d, label: day(d) }))} />
      <SelectField label={t('err.documentDelivery')} name="delivery" value={delivery} onValue={(v) => setDelivery(v as typeof delivery)} options={DELIVERIES.map((d) => ({ value: d, label: t(`err.delivery.${d}` as MessageKey) }))} />
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <Button type="submit" busy={busy} block>{submitLabel}</Button>
    </form>
  );
}
