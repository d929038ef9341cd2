import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { caller } from '../../platform/http/auth.js';
import { DEFAULT_TIME_ZONE } from '../../platform/time.js';
import { actorOf } from '../identity/index.js';
import { rewardsRepo as repo } from './rewards.repo.js';
import type { RewardsService } from './rewards.service.js';
import * as S from './rewards.schemas.js';
import { adjustmentView, historyView, progressView, seasonView, standingView } from './rewards.views.js';

const tags = ['rewards'];

/** RWD-1..RWD-8 for drivers: my progress, opt out and back in. */
export function registerProviderRewardsRoutes(app: FastifyInstance, deps: { rewards: RewardsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const provider = app.guards.requireRoles('provider');

  r.get('/v1/provider/rewards', { onRequest: provider, schema: { tags, summary: 'My points, tier, next tier, quality gates and the peak calendar (a past season with seasonId)', querystring: S.seasonQuery, response: { 200: S.progressReply } } },
    async (req) => {
      const me = await deps.rewards.requireProvider(caller(req).id);
      return progressView(deps.rewards, me.userId, me.cityId, req.query.seasonId);
    });

  for (const [path, optedOut] of [['opt-out', true], ['opt-in', false]] as const) {
    r.post(`/v1/provider/rewards/${path}`, { onRequest: provider, schema: { tags, summary: optedOut ? 'Leave the rewards program (RWD-1: nothing else changes)' : 'Rejoin the rewards program', response: { 200: S.optOutReply } } },
      async (req) => {
        await deps.rewards.setOptOut(caller(req).id, optedOut);
        return { optedOut };
      });
  }
}

/** RWD-2/5/8/9 for ops: program settings and seasons, standings, one provider, adjustments, revocations, recompute. */
export function registerOpsRewardsRoutes(app: FastifyInstance, deps: { rewards: RewardsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');
  const admin = app.guards.requireRoles('ops_admin');
  const opsTags = ['ops'];
  const rw = deps.rewards;
  const currentSeason = () => rw.seasonOf(rw.clock.now(), null);

  r.get('/v1/ops/rewards/program', { onRequest: staff, schema: { tags: opsTags, summary: 'The program settings (edit them under /v1/ops/settings) and the seasons with standings', response: { 200: S.programReply } } },
    async () => {
      const s = rw.settings;
      const seasons = await repo.seasonsWithData(rw.db);
      return {
        seasonMonths: s.get('rewards.seasonMonths'), pointsPerTrip: s.get('rewards.pointsPerTrip'), peakBonusPoints: s.get('rewards.peakBonusPoints'),
        peakWindows: s.get('rewards.peakWindows'), tierThresholds: s.get('rewards.tierThresholds'), minRating: s.get('rewards.minRating'),
        maxCancellationPercent: s.get('rewards.maxCancellationPercent'), ratingWindowTrips: s.get('rewards.ratingWindowTrips'),
        cancellationWindowDays: s.get('rewards.cancellationWindowDays'), tierBenefits: s.get('rewards.tierBenefits'), orderKinds: [...s.get('rewards.orderKinds')],
        currentSeason: seasonView(await currentSeason(), DEFAULT_TIME_ZONE),
        seasons: seasons.flatMap((x) => {
          const season = rw.parseSeasonOrNull(x.seasonId);
          return season ? [{ ...seasonView(season, DEFAULT_TIME_ZONE), providers: x.providers }] : [];
        }),
      };
    });

  r.get('/v1/ops/rewards/standings', { onRequest: staff, schema: { tags: opsTags, summary: 'Standings of a season, by points (paged)', querystring: S.standingsQuery, response: { 200: S.standingsReply } } },
    async (req) => {
      const season = req.query.seasonId ? rw.parseSeason(req.query.seasonId) : await currentSeason();
      const { rows, total } = await repo.standingsPage(rw.db, { seasonId: season.id, tier: req.query.tier, q: req.query.q, offset: req.query.offset, limit: req.query.limit });
      return { season: seasonView(season, DEFAULT_TIME_ZONE), total, items: rows.map(standingView) };
    });

  r.get('/v1/ops/rewards/providers/:providerId', { onRequest: staff, schema: { tags: opsTags, summary: 'One provider: standing, quality, tier history and adjustments', params: S.providerParam, querystring: S.seasonQuery, response: { 200: S.providerDetailReply } } },
    async (req) => {
      const p = await rw.requireProvider(req.params.providerId);
      const season = req.query.seasonId ? rw.parseSeason(req.query.seasonId) : await rw.seasonOf(rw.clock.now(), p.cityId);
      const q = await rw.refresh(p.userId, p.cityId);
      const standing = await repo.standing(rw.db, p.userId, season.id);
      return {
        providerId: p.userId, optedOut: await repo.optedOut(rw.db, p.userId), standing: standing ? standingView(standing) : null,
        quality: { rating: q.rating, ratedTrips: q.ratedTrips, accepted: q.accepted, cancelled: q.cancelled, cancellationPercent: q.cancellationPercent },
        history: (await repo.history(rw.db, p.userId, season.id, 50)).map(historyView),
        adjustments: (await repo.adjustments(rw.db, { providerId: p.userId, seasonId: season.id, limit: 50 })).map(adjustmentView),
      };
    });

  r.get('/v1/ops/rewards/adjustments', { onRequest: staff, schema: { tags: opsTags, summary: 'Adjustments and revocations, newest first', querystring: S.adjustmentsQuery, response: { 200: S.adjustmentReply.array() } } },
    async (req) => (await repo.adjustments(rw.db, req.query)).map(adjustmentView));

  r.post('/v1/ops/rewards/adjustments', { onRequest: ops, schema: { tags: opsTags, summary: 'Add or remove points with a reason (RWD-9, audited)', body: S.adjustBody, response: { 201: S.adjustmentReply } } },
    async (req, reply) => {
      const id = await rw.adjust(actorOf(req), req.body);
      return reply.status(201).send(adjustmentView((await repo.adjustmentById(rw.db, id))!));
    });

  r.post('/v1/ops/rewards/revocations', { onRequest: ops, schema: { tags: opsTags, summary: 'Revoke one trip\'s points for fraud or misuse (RWD-9, audited, once per trip)', body: S.revokeBody, response: { 201: S.adjustmentReply } } },
    async (req, reply) => {
      const id = await rw.revokeTrip(actorOf(req), req.body);
      return reply.status(201).send(adjustmentView((await repo.adjustmentById(rw.db, id))!));
    });

  r.post('/v1/ops/rewards/recompute', { onRequest: admin, schema: { tags: opsTags, summary: 'Rebuild a season\'s standings from the raw trips and adjustments (audited)', body: S.recomputeBody, response: { 200: S.recomputeReply } } },
    async (req) => {
      const before = await rw.verify(req.body.seasonId);
      const changed = await rw.recompute(actorOf(req), req.body.seasonId, req.body.reason);
      return { seasonId: req.body.seasonId, changed, equalBefore: before.equal };
    });
}
