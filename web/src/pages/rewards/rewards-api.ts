/** Calls of the rewards API (issue 6), typed from the server's zod schemas. */
import type { z } from 'zod';
import { request } from '../../api';
import type * as S from '../../../../src/modules/rewards/rewards.schemas';

export type Progress = z.infer<typeof S.progressReply>;
export type Tier = Progress['tier'];
export type Standings = z.infer<typeof S.standingsReply>;
export type Program = z.infer<typeof S.programReply>;
export type Adjustment = z.infer<typeof S.adjustmentReply>;
export type AdjustBody = z.input<typeof S.adjustBody>;

export const rewardsApi = {
  progress: (seasonId?: string) => request<Progress>('GET', '/v1/provider/rewards', { query: seasonId ? { seasonId } : undefined }),
  optOut: () => request<{ optedOut: boolean }>('POST', '/v1/provider/rewards/opt-out'),
  optIn: () => request<{ optedOut: boolean }>('POST', '/v1/provider/rewards/opt-in'),
  program: () => request<Program>('GET', '/v1/ops/rewards/program'),
  standings: (q: { seasonId?: string; q?: string; offset: number; limit: number }) =>
    request<Standings>('GET', '/v1/ops/rewards/standings', { query: { ...q, offset: String(q.offset), limit: String(q.limit) } }),
  adjustments: () => request<Adjustment[]>('GET', '/v1/ops/rewards/adjustments'),
  adjust: (body: AdjustBody) => request<Adjustment>('POST', '/v1/ops/rewards/adjustments', { body }),
  revoke: (body: { orderId: string; reason: string }) => request<Adjustment>('POST', '/v1/ops/rewards/revocations', { body }),
};

export const TIER_KEY = { blue: 'rwd.tier.blue', gold: 'rwd.tier.gold', platinum: 'rwd.tier.platinum', diamond: 'rwd.tier.diamond' } as const;
