-- ORD-2 / ORD-3: quotes. A quote fixes a price for a job for a short time; an order consumes it once
-- (guarded update: used_at IS NULL AND expires_at > now). Change quotes (ORD-3) name their order.
CREATE TABLE quotes (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  city_id text NOT NULL REFERENCES cities(id),
  service_code text NOT NULL,
  service_kind text NOT NULL,
  origin jsonb NOT NULL,
  destination jsonb NOT NULL,
  stops jsonb NOT NULL DEFAULT '[]'::jsonb,
  distance_meters integer NOT NULL CHECK (distance_meters >= 0),
  duration_seconds integer NOT NULL CHECK (duration_seconds >= 0),
  routing_source text NOT NULL,
  breakdown jsonb NOT NULL,
  price_rials bigint NOT NULL CHECK (price_rials >= 0),
  promotion_id text,
  promotion_title jsonb,
  hold jsonb,
  waiting_minutes integer NOT NULL DEFAULT 0 CHECK (waiting_minutes >= 0),
  scheduled_at timestamptz,
  -- ORD-3: set on a re-quote of a running order; no foreign key, orders are created by a later migration.
  change_of_order_id text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  order_id text,
  CONSTRAINT quotes_use_consistent CHECK ((used_at IS NULL) = (order_id IS NULL)),
  CONSTRAINT quotes_expiry_after_creation CHECK (expires_at > created_at)
);
CREATE INDEX quotes_user_idx ON quotes (user_id, created_at DESC);
CREATE INDEX quotes_change_idx ON quotes (change_of_order_id) WHERE change_of_order_id IS NOT NULL;

-- ORD-11: eligibility rules per service and jurisdiction over customer or provider attributes.
-- A rule denies when all its conditions hold. None ship enabled.
CREATE TABLE eligibility_rules (
  id text PRIMARY KEY,
  service_code text,            -- NULL: every service
  city_id text REFERENCES cities(id), -- NULL: every city
  subject text NOT NULL CHECK (subject IN ('customer', 'provider')),
  conditions jsonb NOT NULL,
  effect text NOT NULL DEFAULT 'deny' CHECK (effect IN ('deny')),
  code text NOT NULL,
  messages jsonb NOT NULL,
  active boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_by text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX eligibility_rules_active_idx ON eligibility_rules (active);

-- ORD-11: attributes the identity tables do not hold (e.g. gender as declared to ops), per user.
CREATE TABLE subject_attributes (
  user_id text PRIMARY KEY REFERENCES users(id),
  attributes jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text
);
