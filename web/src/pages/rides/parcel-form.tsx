import { type I18n, useI18n } from '../../i18n';
import { Card } from '../../components/ui';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { MobileField } from '../../components/inputs';
import { MoneyField, Segmented } from '../money/money-ui';

/** ORD-8: what a sender may declare (the server's list; forbidden kinds are refused there with their own code). */
export const PARCEL_CATEGORIES = ['documents', 'food', 'clothing', 'electronics', 'household', 'medicine', 'books', 'cosmetics', 'spare_parts', 'other'] as const;

export interface ParcelDraft {
  category: string; contents: string; declaredToman: string; recipientName: string; recipientMobile: string; recipientAddress: string;
  payer: 'sender' | 'recipient';
}

export const emptyParcel: ParcelDraft = { category: '', contents: '', declaredToman: '', recipientName: '', recipientMobile: '', recipientAddress: '', payer: 'sender' };

/** ORD-8: declared value at most 5,000,000 Toman; the server checks again and names forbidden contents. */
const MAX_DECLARED_TOMAN = 5_000_000n;

/** Checks a person can fix before sending; the server's codes cover the rest. */
export function parcelProblems(i18n: I18n, d: ParcelDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.category) out.category = i18n.t('rides.parcel.required');
  if (!d.contents.trim()) out.contents = i18n.t('rides.parcel.required');
  if (d.declaredToman && BigInt(d.declaredToman) > MAX_DECLARED_TOMAN) out.declaredValueRials = i18n.t('rides.parcel.valueTooHigh', { max: i18n.toman(MAX_DECLARED_TOMAN * 10n) });
  if (!d.recipientName.trim()) out.recipient = i18n.t('rides.parcel.required');
  if (!/^09\d{9}$/.test(d.recipientMobile.replace(/\D/g, ''))) out.mobile = i18n.t('rides.parcel.mobileInvalid');
  if (!d.recipientAddress.trim()) out.address = i18n.t('rides.parcel.required');
  return out;
}

export function ParcelForm({ draft, onDraft, errors }: { draft: ParcelDraft; onDraft(d: ParcelDraft): void; errors: Record<string, string> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const set = <K extends keyof ParcelDraft>(k: K) => (v: ParcelDraft[K]) => onDraft({ ...draft, [k]: v });
  return (
    <Card title={t('rides.parcel.title')} subtitle={t('rides.parcel.subtitle')}>
      <SelectField label={t('rides.parcel.category')} name="category" value={draft.category} onValue={set('category')} error={errors.category}
        options={[{ value: '', label: t('rides.parcel.categoryChoose') }, ...PARCEL_CATEGORIES.map((c) => ({ value: c, label: t(`rides.parcel.cat.${c}`) }))]}
        hint={t('rides.parcel.forbiddenHint')} />
      <TextField label={t('rides.parcel.contents')} name="contents" value={draft.contents} onValue={set('contents')} error={errors.contents} hint={t('rides.parcel.contentsHint')} maxLength={200} />
      <MoneyField label={t('rides.parcel.value')} name="declaredValue" value={draft.declaredToman} onValue={set('declaredToman')} error={errors.declaredValueRials ?? errors.declaredValue} hint={t('rides.parcel.valueHint', { max: i18n.toman(MAX_DECLARED_TOMAN * 10n) })} />
      <TextField label={t('rides.parcel.recipientName')} name="recipientName" value={draft.recipientName} onValue={set('recipientName')} error={errors.recipient ?? errors.name} autoComplete="off" maxLength={100} />
      <MobileField label={t('rides.parcel.recipientMobile')} name="recipientMobile" value={draft.recipientMobile} onValue={set('recipientMobile')} error={errors.mobile} />
      <TextArea label={t('rides.parcel.address')} name="address" value={draft.recipientAddress} onValue={set('recipientAddress')} error={errors.address} maxLength={300} rows={2} />
      <Segmented label={t('rides.parcel.payer')} value={draft.payer} onValue={set('payer')}
        options={[{ value: 'sender', label: t('rides.parcel.payerSender') }, { value: 'recipient', label: t('rides.parcel.payerRecipient') }]} />
      <p className="muted small">{t(draft.payer === 'recipient' ? 'rides.parcel.recipientPaysHint' : 'rides.parcel.senderPaysHint')}</p>
    </Card>
  );
}
