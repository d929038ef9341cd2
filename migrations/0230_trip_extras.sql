-- Issue 4, trip extras: ratings (ORD-14), chat relay (ORD-18), lost items (ORD-15), share links
-- (ORD-13), account links and fraud flags (FRD-1).

CREATE TABLE order_ratings (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  rater_id text NOT NULL REFERENCES users(id),
  ratee_id text NOT NULL REFERENCES users(id),
  ratee_role text NOT NULL CHECK (ratee_role IN ('customer', 'provider')),
  stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment text CHECK (comment IS NULL OR char_length(comment) <= 2000),
  created_at timestamptz NOT NULL,
  -- each side rates the other once per order
  CONSTRAINT order_ratings_once UNIQUE (order_id, ratee_role)
);
CREATE INDEX order_ratings_ratee_idx ON order_ratings (ratee_id, ratee_role, created_at DESC);

CREATE TABLE order_messages (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  sender_id text REFERENCES users(id),
  sender_role text NOT NULL CHECK (sender_role IN ('customer', 'provider', 'system')),
  kind text NOT NULL CHECK (kind IN ('text', 'lost_item')),
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
  redacted boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE INDEX order_messages_order_idx ON order_messages (order_id, id);

CREATE TABLE lost_item_requests (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  customer_id text NOT NULL REFERENCES users(id),
  provider_id text NOT NULL REFERENCES users(id),
  description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 2000),
  status text NOT NULL CHECK (status IN ('open', 'returned', 'not_found', 'closed')),
  created_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by text,
  close_reason text
);
CREATE UNIQUE INDEX lost_item_requests_one_open ON lost_item_requests (order_id) WHERE status = 'open';
CREATE INDEX lost_item_requests_status_idx ON lost_item_requests (status, created_at);

CREATE TABLE share_links (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  customer_id text NOT NULL REFERENCES users(id),
  -- only a hash is stored: a database reader cannot follow someone's trip
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX share_links_order_idx ON share_links (order_id);

CREATE TABLE account_links (
  id text PRIMARY KEY,
  user_a text NOT NULL REFERENCES users(id),
  user_b text NOT NULL REFERENCES users(id),
  reason text NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL,
  removed_at timestamptz,
  removed_by text,
  removed_reason text,
  -- a pair is stored once, in id order
  CHECK (user_a < user_b)
);
CREATE UNIQUE INDEX account_links_active ON account_links (user_a, user_b) WHERE removed_at IS NULL;
CREATE INDEX account_links_b_idx ON account_links (user_b) WHERE removed_at IS NULL;

CREATE TABLE fraud_flags (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('self_dealing')),
  order_id text NOT NULL REFERENCES orders(id),
  city_id text,
  customer_id text NOT NULL REFERENCES users(id),
  provider_id text NOT NULL REFERENCES users(id),
  reasons jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'charged', 'dismissed')),
  fare_rials bigint,
  multiplier integer,
  penalty_rials bigint,
  ledger_transfer_id text,
  created_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolved_by text,
  resolve_reason text,
  CONSTRAINT fraud_flags_once UNIQUE (kind, order_id)
);
CREATE INDEX fraud_flags_status_idx ON fraud_flags (status, created_at DESC);
