import type { Locale } from '../../platform/i18n.js';
import { localizeDigits } from '../../platform/i18n.js';
import { formatToman } from '../../platform/money.js';
import { formatDateTime } from '../../platform/time.js';
import { esc, page } from './html.js';
import type { ReceiptRow } from './payments.tables.js';

const LABELS: Record<Locale, Record<string, string>> = {
  fa: { title: 'رسید پرداخت', brand: 'پیک', number: 'شماره رسید', date: 'تاریخ', payer: 'پرداخت‌کننده', amount: 'مبلغ', purpose: 'بابت', description: 'شرح', refId: 'کد پیگیری درگاه', card: 'کارت', gateway: 'درگاه', print: 'چاپ', wallet_topup: 'افزایش اعتبار کیف پول', payment_link: 'پرداخت صورت‌حساب', charge_from_balance: 'کسر از موجودی', zarinpal: 'زرین‌پال', sandbox: 'درگاه آزمایشی', balance: 'موجودی حساب' },
  ar: { title: 'إيصال الدفع', brand: 'بيك', number: 'رقم الإيصال', date: 'التاريخ', payer: 'الدافع', amount: 'المبلغ', purpose: 'مقابل', description: 'الوصف', refId: 'رقم مرجع البوابة', card: 'البطاقة', gateway: 'البوابة', print: 'طباعة', wallet_topup: 'شحن المحفظة', payment_link: 'دفع فاتورة', charge_from_balance: 'خصم من الرصيد', zarinpal: 'زرين بال', sandbox: 'بوابة تجريبية', balance: 'رصيد الحساب' },
  en: { title: 'Payment receipt', brand: 'Peyk', number: 'Receipt number', date: 'Date', payer: 'Payer', amount: 'Amount', purpose: 'Purpose', description: 'Description', refId: 'Gateway reference', card: 'Card', gateway: 'Gateway', print: 'Print', wallet_topup: 'Wallet top-up', payment_link: 'Payment of a charge', charge_from_balance: 'Taken from balance', zarinpal: 'Zarinpal', sandbox: 'Sandbox gateway', balance: 'Account balance' },
};

/** PAY-8: the printable receipt, server-rendered in the payer's language (Persian by default). */
export function renderReceiptPage(r: ReceiptRow, payerName: string, locale: Locale): string {
  const t = LABELS[locale];
  const digits = (text: string) => localizeDigits(text, locale);
  const rows: Array<[string, string]> = [
    [t.number, `<span dir="ltr">${esc(digits(r.number))}</span>`],
    [t.date, esc(formatDateTime(r.issuedAt, locale))],
    [t.payer, esc(payerName)],
    [t.amount, `<span class="amount">${esc(formatToman(r.amountRials, locale))}</span>`],
    [t.purpose, esc(t[r.purpose] ?? r.purpose)],
    [t.description, esc(r.description)],
    [t.gateway, esc(r.gateway ? t[r.gateway] ?? r.gateway : t.balance)],
  ];
  if (r.refId) rows.push([t.refId, `<span dir="ltr">${esc(digits(r.refId))}</span>`]);
  if (r.cardPanMasked) rows.push([t.card, `<span dir="ltr">${esc(r.cardPanMasked)}</span>`]);
  const body = `<h1>${esc(t.brand)} · ${esc(t.title)}</h1><dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`
    + `<div class="row noprint"><button class="pay" type="button" onclick="window.print()">${esc(t.print)}</button></div>`;
  return page({ locale, title: `${t.title} ${r.number}`, body });
}
