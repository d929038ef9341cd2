/** Calls of the onboarding APIs (PRV-1..PRV-3); shapes come from the server's zod schemas. */
import type { z } from 'zod';
import { request, tokenStore } from '../../api';
import type * as S from '../../../../src/modules/onboarding/onboarding.schemas';

export type OnboardingView = z.infer<typeof S.onboardingView>;
export type OpsOnboardingView = z.infer<typeof S.opsOnboardingView>;
export type Application = z.infer<typeof S.applicationView>;
export type ProviderDocument = z.infer<typeof S.documentView>;
export type ChecklistItem = z.infer<typeof S.checklistView>['items'][number];
export type ApplicationBody = z.input<typeof S.applicationBody>;
export type DocumentType = ProviderDocument['type'];
export type FleetType = Application['fleetType'];
export type ApplicationListItem = z.infer<typeof S.applicationListView>['items'][number];

const id = (s: string) => encodeURIComponent(s);

export const onboardingApi = {
  mine: () => request<OnboardingView>('GET', '/v1/provider/application'),
  apply: (body: ApplicationBody) => request<OnboardingView>('POST', '/v1/provider/application', { body }),
  upload: (body: { type: DocumentType; fileName: string; contentBase64: string; expiresOn?: string | null }) =>
    request<ProviderDocument>('POST', '/v1/provider/documents', { body }),
};

export const opsProvidersApi = {
  list: (status?: string) => request<{ items: ApplicationListItem[] }>('GET', '/v1/ops/providers/applications', { query: status ? { status } : undefined }),
  get: (userId: string) => request<OpsOnboardingView>('GET', `/v1/ops/providers/${id(userId)}/onboarding`),
  approve: (docId: string) => request<ProviderDocument>('POST', `/v1/ops/providers/documents/${id(docId)}/approve`, { body: {} }),
  reject: (docId: string, reason: string) => request<ProviderDocument>('POST', `/v1/ops/providers/documents/${id(docId)}/reject`, { body: { reason } }),
  guarantee: (userId: string, body: { amountRials?: string; serial: string; receivedOn: string }) => request<unknown>('POST', `/v1/ops/providers/${id(userId)}/guarantee`, { body }),
  activate: (appId: string) => request<Application>('POST', `/v1/ops/providers/applications/${id(appId)}/activate`, { body: {} }),
  rejectApplication: (appId: string, reason: string) => request<Application>('POST', `/v1/ops/providers/applications/${id(appId)}/reject`, { body: { reason } }),
};

/** Fetches a document's file with the bearer token (the route is not public) as an object URL. */
export async function documentFileUrl(path: string): Promise<{ url: string; type: string }> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${tokenStore.get()?.accessToken ?? ''}` } });
  if (!res.ok) throw new Error(`file ${res.status}`);
  const blob = await res.blob();
  return { url: URL.createObjectURL(blob), type: blob.type };
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

/** Types that carry an expiry date (PRV-2), as the server requires. */
export const EXPIRING: readonly DocumentType[] = ['driving_licence', 'motorcycle_licence', 'insurance', 'union_licence'];
export const DOC_TYPES: readonly DocumentType[] = ['national_card', 'birth_certificate', 'vehicle_card', 'ownership_sheet', 'driving_licence', 'motorcycle_licence', 'insurance', 'union_licence', 'other'];
