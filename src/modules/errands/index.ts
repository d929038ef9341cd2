/**
 * Errands by assistants (ERR-1..ERR-7, CLM-3) and assistants' skills (PRV-10). Other modules import only from here.
 */
import type { FastifyInstance } from 'fastify';
import { ErrandDocumentsService } from './errands-documents.service.js';
import { ErrandWorkService } from './errands-work.service.js';
import { ErrandsService, type ErrandsDeps } from './errands.service.js';
import { registerErrandRoutes, registerProviderErrandRoutes } from './errands.routes.js';
import { registerOpsErrandRoutes } from './errands-ops.routes.js';

export { ErrandsService, errandView, type ErrandsDeps, type ErrandView, type RequestInput, type Viewer } from './errands.service.js';
export { ErrandWorkService, type Candidate } from './errands-work.service.js';
export { ErrandDocumentsService } from './errands-documents.service.js';
export { ErrandErrors } from './errands.errors.js';
export { cancellationSplit, rulePrice, earliestWantedDate, withinBusinessHours, canMove, TRANSITIONS } from './errands.rules.js';
export { seedErrandsDemo } from './errands.seed.js';
export type { ErrandRow, ErrandStatus, ErrandServiceRow, VolumeTier } from './errands.tables.js';

declare module '../../platform/events.js' {
  interface AppEvents {
    /** Published by onboarding (issue 5) when a provider is activated; errands keep assistants' skills from it. */
    'provider.activated': { userId: string; fleetType: string; serviceCodes: string[]; skills: string[] };
  }
}

/** The errands module: requests and money (errands), assistants and steps (work), documents and custody. */
export interface ErrandsModule { errands: ErrandsService; work: ErrandWorkService; documents: ErrandDocumentsService }

export function createErrandsModule(deps: ErrandsDeps): ErrandsModule {
  const errands = new ErrandsService(deps);
  const work = new ErrandWorkService(errands);
  const documents = new ErrandDocumentsService(errands);
  deps.platform.events.subscribe('provider.activated', (e) => work.onProviderActivated(e));
  deps.platform.events.subscribe('payment.succeeded', (e) => (e.purpose === 'wallet_topup' ? errands.onPaymentSucceeded(e.paymentId) : undefined));
  return { errands, work, documents };
}

export function registerErrandsRoutes(http: FastifyInstance, m: ErrandsModule) {
  registerErrandRoutes(http, m);
  registerProviderErrandRoutes(http, m);
  registerOpsErrandRoutes(http, m);
}
