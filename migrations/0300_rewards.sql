-- Issue 6: the provider rewards program (RWD-1..RWD-9). Points are not money: nothing here touches
-- the ledger. Raw inputs (one row per completed trip, ops adjustments) are kept, so the standings
-- can be recomputed from them at any time and must equal the incrementally maintained ones.

-- RWD-1: every active provider is a member unless they opted out (no row = member).
CREATE TABLE reward_members (
  provider_id text PRIMARY KEY REFERENCES users (id),
  opted_out boolean NOT NULL,
  changed_at timestamptz NOT NULL
);

-- RWD-3: one row per completed trip (idempotent by order id); points fixed when the trip arrives.
-- season_id is the local start month of the season ('2026-11' = Nov 2026 - Jan 2027).
CREATE TABLE reward_trips (
  order_id text PRIMARY KEY,
  provider_id text NOT NULL,
  city_id text NOT NULL,
  season_id text NOT NULL,
  started_at timestamptz NOT NULL,
  completed_at timestamptz NOT NULL,
  peak boolean NOT NULL,
  -- 0 while the provider had opted out (RWD-1)
  points integer NOT NULL CHECK (points >= 0),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX reward_trips_season_idx ON reward_trips (season_id, provider_id);

-- RWD-9: ops adjustments and revocations (a revocation names the trip; once per trip).
CREATE TABLE reward_adjustments (
  id text PRIMARY KEY,
  provider_id text NOT NULL,
  season_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('adjust', 'revoke')),
  order_id text,
  points integer NOT NULL CHECK (points <> 0),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 3 AND 500),
  actor_id text,
  created_at timestamptz NOT NULL
);
CREATE INDEX reward_adjustments_provider_idx ON reward_adjustments (provider_id, season_id, created_at DESC);
CREATE INDEX reward_adjustments_season_idx ON reward_adjustments (season_id, provider_id);
CREATE UNIQUE INDEX reward_adjustments_revoke_once ON reward_adjustments (order_id) WHERE kind = 'revoke';

-- RWD-6: what the cancellation rate counts: offers the provider accepted and the provider's own
-- cancellations, from the orders module's events (one row per order and kind).
CREATE TABLE reward_activity (
  order_id text NOT NULL,
  provider_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('accepted', 'cancelled')),
  at timestamptz NOT NULL,
  PRIMARY KEY (order_id, provider_id, kind)
);
CREATE INDEX reward_activity_provider_idx ON reward_activity (provider_id, at);

-- RWD-5/6: the provider's quality as last evaluated (rating of the last N rated trips, cancellation rate).
CREATE TABLE reward_quality (
  provider_id text PRIMARY KEY,
  rating numeric(4, 2),
  rated_trips integer NOT NULL,
  accepted integer NOT NULL,
  cancelled integer NOT NULL,
  cancellation_percent numeric(6, 2) NOT NULL,
  evaluated_at timestamptz NOT NULL
);

-- The standings: maintained per trip event and adjustment; `recompute` rebuilds them from the raw rows.
CREATE TABLE reward_standings (
  provider_id text NOT NULL,
  season_id text NOT NULL,
  trip_points integer NOT NULL DEFAULT 0,
  trips integer NOT NULL DEFAULT 0,
  peak_trips integer NOT NULL DEFAULT 0,
  adjustment_points integer NOT NULL DEFAULT 0,
  points integer NOT NULL DEFAULT 0,
  tier text NOT NULL DEFAULT 'blue' CHECK (tier IN ('blue', 'gold', 'platinum', 'diamond')),
  tier_since timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (season_id, provider_id)
);
CREATE INDEX reward_standings_rank_idx ON reward_standings (season_id, points DESC, provider_id);
CREATE INDEX reward_standings_provider_idx ON reward_standings (provider_id, season_id);

-- RWD-7: every tier change with why.
CREATE TABLE reward_tier_history (
  id bigserial PRIMARY KEY,
  provider_id text NOT NULL,
  season_id text NOT NULL,
  from_tier text NOT NULL,
  to_tier text NOT NULL,
  reason text NOT NULL,
  points integer NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX reward_tier_history_provider_idx ON reward_tier_history (provider_id, season_id, id DESC);
