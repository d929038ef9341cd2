/** Calls of the errands APIs (ERR-1..ERR-7, CLM-3); shapes come from the server's zod schemas. */
import type { z } from 'zod';
import { request } from '../../api';
import type * as S from '../../../../src/modules/errands/errands.schemas';

export type ErrandService = z.infer<typeof S.serviceReply>;
export type Errand = z.infer<typeof S.errandReply>;
export type Timeline = z.infer<typeof S.timelineReply>;
export type ErrandDocument = z.infer<typeof S.documentReply>;
export type Candidate = z.infer<typeof S.candidateReply>;
export type RequestBody = z.input<typeof S.requestBody>;
export type ErrandStatus = Errand['status'];

const id = (s: string) => encodeURIComponent(s);
const get = <T,>(path: string, query?: Record<string, string | undefined>) => request<T>('GET', path, { query });
const post = <T,>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} });

export const errandsApi = {
  services: () => get<ErrandService[]>('/v1/errands/services'),
  create: (body: RequestBody) => post<Errand>('/v1/errands', body),
  mine: () => get<Errand[]>('/v1/errands'),
  timeline: (e: string) => get<Timeline>(`/v1/errands/${id(e)}`),
  pay: (e: string, method: 'wallet' | 'gateway') => post<{ errand: Errand; redirectUrl: string | null }>(`/v1/errands/${id(e)}/pay`, { method }),
  cancel: (e: string, reason: string) => post<Errand>(`/v1/errands/${id(e)}/cancel`, { reason }),
  rate: (e: string, stars: number) => post<Errand>(`/v1/errands/${id(e)}/rating`, { stars }),
  upload: (e: string, label: string, fileName: string, contentBase64: string) => post<ErrandDocument>(`/v1/errands/${id(e)}/documents`, { label, fileName, contentBase64 }),
  original: (e: string, label: string, delivery: 'post' | 'courier' | 'in_person', tracking?: string) => post<ErrandDocument>(`/v1/errands/${id(e)}/documents`, { label, delivery, tracking: tracking || null }),
};

export const assistantApi = {
  list: () => get<Errand[]>('/v1/provider/errands'),
  timeline: (e: string) => get<Timeline>(`/v1/provider/errands/${id(e)}`),
  step: (e: string, step: 'dispatch' | 'start' | 'complete') => post<Errand>(`/v1/provider/errands/${id(e)}/${step}`),
  fail: (e: string, reason: string) => post<Errand>(`/v1/provider/errands/${id(e)}/fail`, { reason }),
  cost: (e: string, costRials: string, note?: string) => post<Errand>(`/v1/provider/errands/${id(e)}/cost`, { costRials, note: note || null }),
  custody: (e: string, doc: string, action: 'collected' | 'returned') => post<ErrandDocument>(`/v1/provider/errands/${id(e)}/documents/${id(doc)}/custody`, { action }),
};

export const opsErrandsApi = {
  list: (status?: string) => get<Errand[]>('/v1/ops/errands', { status: status || undefined }),
  get: (e: string) => get<Timeline>(`/v1/ops/errands/${id(e)}`),
  hours: () => get<{ open: boolean; days: number[]; from: string; to: string }>('/v1/ops/errands/phone-hours'),
  phone: (body: RequestBody & { customerMobile: string }) => post<{ errand: Errand; withinHours: boolean }>('/v1/ops/errands', body),
  feasibility: (e: string, feasible: boolean, reason?: string, priceRials?: string) => post<Errand>(`/v1/ops/errands/${id(e)}/feasibility`, { feasible, reason: reason || null, priceRials: priceRials || null }),
  quote: (e: string, priceRials?: string) => post<Errand>(`/v1/ops/errands/${id(e)}/quote`, { priceRials: priceRials || null }),
  suggestions: (e: string) => get<Candidate[]>(`/v1/ops/errands/${id(e)}/suggestions`),
  assign: (e: string, assistantId: string) => post<Errand>(`/v1/ops/errands/${id(e)}/assign`, { assistantId }),
  cancel: (e: string, reason: string) => post<Errand>(`/v1/ops/errands/${id(e)}/cancel`, { reason }),
  failureReview: (e: string, assistantAtFault: boolean, refundRials: string, reason: string) => post<Errand>(`/v1/ops/errands/${id(e)}/failure-review`, { assistantAtFault, refundRials, reason }),
  custody: (e: string, doc: string, action: 'received' | 'handed_to_assistant' | 'returned') => post<ErrandDocument>(`/v1/ops/errands/${id(e)}/documents/${id(doc)}/custody`, { action }),
};

/** Gregorian YYYY-MM-DD days from `lead` days after today (Tehran) for `count` days: the wanted-date choices. */
export function wantedDays(leadDays: number, count = 30): string[] {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const base = new Date(`${today}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(base);
    d.setUTCDate(d.getUTCDate() + leadDays + i);
    return d.toISOString().slice(0, 10);
  });
}

/** Reads a picked file as base64 (uploads travel as JSON). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}
