-- Orders (ORD-1..ORD-12, ORD-17, ACC-6, PRV-12): one order model for every kind (ride, parcel, later
-- moving and errand), its history, and the dispatch offers made to providers. Every status change
-- is a guarded update (WHERE status = expected), so of two racing changes exactly one wins.

CREATE TABLE orders (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('ride', 'parcel', 'moving', 'errand')),
  service_code text NOT NULL,
  city_id text NOT NULL,
  customer_id text NOT NULL REFERENCES users(id),
  provider_id text REFERENCES users(id),
  status text NOT NULL CHECK (status IN ('scheduled', 'requested', 'offered', 'accepted', 'arrived', 'in_progress',
    'completed', 'cancelled', 'no_show', 'expired', 'returning', 'returned')),
  quote_id text NOT NULL,
  origin jsonb NOT NULL,
  destination jsonb NOT NULL,
  stops jsonb NOT NULL DEFAULT '[]'::jsonb,
  distance_meters integer NOT NULL CHECK (distance_meters >= 0),
  duration_seconds integer NOT NULL CHECK (duration_seconds >= 0),
  -- What the customer pays (after any discount); changes only by a confirmed re-quote (ORD-3).
  price_rials bigint NOT NULL CHECK (price_rials >= 0),
  -- Discount the promotion funds (the provider still earns on price + discount).
  discount_rials bigint NOT NULL DEFAULT 0 CHECK (discount_rials >= 0),
  promotion_id text,
  payment_method text NOT NULL CHECK (payment_method IN ('wallet', 'cash')),
  payer text NOT NULL DEFAULT 'sender' CHECK (payer IN ('sender', 'recipient')),
  passengers integer NOT NULL DEFAULT 0 CHECK (passengers >= 0),
  guest jsonb,
  parcel jsonb,
  scheduled_at timestamptz,
  dispatch_round integer NOT NULL DEFAULT 0,
  search_deadline timestamptz,
  paid_wait_seconds integer NOT NULL DEFAULT 0 CHECK (paid_wait_seconds >= 0),
  free_wait_until timestamptz,
  fee_rials bigint NOT NULL DEFAULT 0 CHECK (fee_rials >= 0),
  end_reason text,
  ended_by text,
  pod jsonb,
  delivery_code_hash text,
  delivery_code_expires_at timestamptz,
  return_price_rials bigint CHECK (return_price_rials >= 0),
  return_stage text CHECK (return_stage IN ('returning', 'held', 'central_office', 'delivered')),
  hold_until timestamptz,
  receipt_id text,
  idempotency_key text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  accepted_at timestamptz,
  arrived_at timestamptz,
  started_at timestamptz,
  completed_at timestamptz,
  ended_at timestamptz,
  -- ORD-12: a parcel carries no passengers; a ride carries at least one.
  CONSTRAINT orders_parcel_no_passengers CHECK (kind <> 'parcel' OR passengers = 0),
  CONSTRAINT orders_provider_when_assigned CHECK (status NOT IN ('accepted', 'arrived', 'in_progress', 'completed', 'returning', 'returned', 'no_show') OR provider_id IS NOT NULL)
);
CREATE UNIQUE INDEX orders_quote_unique ON orders (quote_id);
CREATE UNIQUE INDEX orders_idempotency_unique ON orders (customer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX orders_customer_idx ON orders (customer_id, created_at DESC, id DESC);
CREATE INDEX orders_provider_idx ON orders (provider_id, created_at DESC) WHERE provider_id IS NOT NULL;
CREATE INDEX orders_status_idx ON orders (status, created_at DESC);
-- A provider holds one active job: the second acceptance of the same provider fails on this index.
CREATE UNIQUE INDEX orders_provider_one_active ON orders (provider_id) WHERE status IN ('accepted', 'arrived', 'in_progress', 'returning');

-- The history of each order: who did what, when, where, from which status to which.
CREATE TABLE order_events (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  at timestamptz NOT NULL,
  type text NOT NULL,
  from_status text,
  to_status text,
  actor_id text,
  actor_role text NOT NULL CHECK (actor_role IN ('customer', 'provider', 'ops', 'system')),
  lat double precision,
  lng double precision,
  data jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX order_events_order_idx ON order_events (order_id, at, id);

-- Offers: one round offers the order to one provider (or a few, with dispatch.offerFanout > 1);
-- the first guarded acceptance wins.
CREATE TABLE order_offers (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  provider_id text NOT NULL REFERENCES users(id),
  round integer NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'expired', 'cancelled')),
  distance_km double precision NOT NULL,
  eta_seconds integer NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  responded_at timestamptz
);
CREATE INDEX order_offers_order_idx ON order_offers (order_id, round);
CREATE INDEX order_offers_provider_pending_idx ON order_offers (provider_id) WHERE status = 'pending';
CREATE UNIQUE INDEX order_offers_once_per_provider ON order_offers (order_id, provider_id, round);
