-- XPO-1..XPO-8 cross-border payment orders: FX rates set by ops, orders (cart -> paid -> fulfilled or
-- refunded), checkouts (one payment for several orders), encrypted target-site credentials, receipts.

-- XPO-3: a rate per currency with a validity window; the newest valid row is the current rate.
CREATE TABLE xpo_fx_rates (
  id text PRIMARY KEY,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  rials_per_unit numeric(20, 4) NOT NULL CHECK (rials_per_unit > 0),
  valid_from timestamptz NOT NULL,
  valid_until timestamptz NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL,
  CHECK (valid_until > valid_from)
);
CREATE INDEX xpo_fx_rates_current ON xpo_fx_rates (currency, valid_from DESC);

-- XPO-4: one payment for several orders.
CREATE TABLE xpo_checkouts (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  method text NOT NULL CHECK (method IN ('gateway', 'wallet')),
  order_ids jsonb NOT NULL,
  total_rials bigint NOT NULL CHECK (total_rials > 0),
  status text NOT NULL CHECK (status IN ('pending', 'paid', 'abandoned')),
  payment_id text,
  transfer_id text,
  created_at timestamptz NOT NULL,
  paid_at timestamptz
);
CREATE UNIQUE INDEX xpo_checkouts_payment ON xpo_checkouts (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX xpo_checkouts_user ON xpo_checkouts (user_id, created_at DESC);

CREATE TABLE xpo_orders (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  category text NOT NULL CHECK (category IN ('education', 'travel', 'games', 'shopping')),
  site_name text NOT NULL,
  page_url text NOT NULL,
  currency text NOT NULL,
  amount text NOT NULL,
  instructions text NOT NULL,
  has_credentials boolean NOT NULL DEFAULT false,
  rate_id text NOT NULL REFERENCES xpo_fx_rates (id),
  rials_per_unit text NOT NULL,
  subtotal_rials bigint NOT NULL CHECK (subtotal_rials >= 0),
  fee_rials bigint NOT NULL CHECK (fee_rials >= 0),
  discount_rials bigint NOT NULL DEFAULT 0 CHECK (discount_rials >= 0),
  promotion_id text,
  total_rials bigint NOT NULL CHECK (total_rials >= 0),
  status text NOT NULL CHECK (status IN ('in_cart', 'removed', 'awaiting_verification', 'queued', 'in_progress', 'fulfilled', 'refunded')),
  checkout_id text REFERENCES xpo_checkouts (id),
  paid_rials bigint NOT NULL DEFAULT 0 CHECK (paid_rials >= 0),
  refunded_rials bigint NOT NULL DEFAULT 0 CHECK (refunded_rials >= 0 AND refunded_rials <= paid_rials),
  paid_at timestamptz,
  sla_started_at timestamptz,
  sla_due_at timestamptz,
  escalated_at timestamptz,
  assigned_to text,
  assigned_at timestamptz,
  receipt_file_id text,
  target_reference text,
  fulfilled_at timestamptz,
  refund_reason text,
  refund_transfer_id text,
  refunded_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX xpo_orders_user ON xpo_orders (user_id, created_at DESC);
CREATE INDEX xpo_orders_queue ON xpo_orders (status, sla_due_at);

-- XPO-2: target-site credentials, AES-256-GCM; the row is deleted when the order ends.
CREATE TABLE xpo_credentials (
  order_id text PRIMARY KEY REFERENCES xpo_orders (id),
  key_id text NOT NULL,
  iv text NOT NULL,
  ciphertext text NOT NULL,
  tag text NOT NULL,
  created_at timestamptz NOT NULL
);

-- XPO-5 / XPO-6: the receipt from the target site.
CREATE TABLE xpo_files (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES xpo_orders (id),
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  storage_key text NOT NULL,
  uploaded_by text NOT NULL,
  created_at timestamptz NOT NULL
);
