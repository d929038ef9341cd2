-- PAY-4 (and XPO-7 later): promotions. A promotion is a rule: who may use it (public or personal
-- users), when (window), where (services, cities, minimum order, extra conditions) and what it
-- gives (a % discount with an optional cap, a fixed discount, or gift credit posted to the ledger).

CREATE TABLE promotions (
  id text PRIMARY KEY,
  -- Normalised code (upper-case ASCII); NULL means an automatic campaign applied without a code.
  code text CHECK (code IS NULL OR code ~ '^[A-Z0-9][A-Z0-9_-]{2,31}$'),
  audience text NOT NULL CHECK (audience IN ('public', 'personal')),
  benefit_type text NOT NULL CHECK (benefit_type IN ('percent', 'fixed', 'gift_credit')),
  percent_basis_points integer CHECK (percent_basis_points BETWEEN 1 AND 10000),
  amount_rials bigint CHECK (amount_rials > 0),
  max_discount_rials bigint CHECK (max_discount_rials > 0),
  gift_valid_days integer CHECK (gift_valid_days BETWEEN 1 AND 3660),
  gift_expires_at timestamptz,
  service_codes text[] NOT NULL DEFAULT ARRAY[]::text[],
  city_ids text[] NOT NULL DEFAULT ARRAY[]::text[],
  min_order_rials bigint CHECK (min_order_rials >= 0),
  conditions jsonb NOT NULL DEFAULT '[]'::jsonb,
  starts_at timestamptz,
  ends_at timestamptz,
  total_usage_limit integer CHECK (total_usage_limit >= 0),
  per_user_limit integer CHECK (per_user_limit >= 1),
  -- Redemptions in force plus gift claims; changed only under the row lock.
  used_count integer NOT NULL DEFAULT 0 CHECK (used_count >= 0),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'cancelled')),
  title jsonb NOT NULL,
  description jsonb,
  version integer NOT NULL DEFAULT 1,
  created_by text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT promotions_window_order CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at),
  CONSTRAINT promotions_percent_terms CHECK ((benefit_type = 'percent') = (percent_basis_points IS NOT NULL)),
  CONSTRAINT promotions_amount_terms CHECK ((benefit_type = 'percent') = (amount_rials IS NULL)),
  CONSTRAINT promotions_cap_terms CHECK (max_discount_rials IS NULL OR benefit_type = 'percent'),
  CONSTRAINT promotions_gift_terms CHECK (benefit_type = 'gift_credit' OR (gift_valid_days IS NULL AND gift_expires_at IS NULL))
);
-- A code names one live promotion; a cancelled promotion frees its code.
CREATE UNIQUE INDEX promotions_live_code_unique ON promotions (code) WHERE code IS NOT NULL AND status <> 'cancelled';
CREATE INDEX promotions_automatic_idx ON promotions (status, benefit_type) WHERE code IS NULL;
CREATE INDEX promotions_created_idx ON promotions (created_at DESC, id DESC);

-- Personal packages: the users a personal promotion belongs to (not transferable).
CREATE TABLE promotion_users (
  promotion_id text NOT NULL REFERENCES promotions(id),
  user_id text NOT NULL REFERENCES users(id),
  added_at timestamptz NOT NULL,
  PRIMARY KEY (promotion_id, user_id)
);
CREATE INDEX promotion_users_user_idx ON promotion_users (user_id);

-- Per-user usage counter, checked and changed under the promotion's row lock.
CREATE TABLE promotion_user_usage (
  promotion_id text NOT NULL REFERENCES promotions(id),
  user_id text NOT NULL REFERENCES users(id),
  used_count integer NOT NULL DEFAULT 0 CHECK (used_count >= 0),
  PRIMARY KEY (promotion_id, user_id)
);

-- A discount consumed by an order or payment; released (counted back) when it is cancelled.
CREATE TABLE promotion_redemptions (
  id text PRIMARY KEY,
  promotion_id text NOT NULL REFERENCES promotions(id),
  user_id text NOT NULL REFERENCES users(id),
  status text NOT NULL CHECK (status IN ('redeemed', 'released')),
  reference_type text NOT NULL,
  reference_id text NOT NULL,
  idempotency_key text NOT NULL,
  service_code text,
  city_id text,
  amount_rials bigint CHECK (amount_rials >= 0),
  discount_rials bigint NOT NULL CHECK (discount_rials >= 0),
  created_at timestamptz NOT NULL,
  released_at timestamptz,
  CONSTRAINT promotion_redemptions_key_unique UNIQUE (idempotency_key),
  CONSTRAINT promotion_redemptions_discount_le_amount CHECK (amount_rials IS NULL OR discount_rials <= amount_rials)
);
CREATE INDEX promotion_redemptions_promotion_idx ON promotion_redemptions (promotion_id, status);
CREATE INDEX promotion_redemptions_reference_idx ON promotion_redemptions (reference_type, reference_id);

-- Gift credit granted once per user per promotion; expiry reverses the unused part in the ledger.
CREATE TABLE promotion_gift_grants (
  id text PRIMARY KEY,
  promotion_id text NOT NULL REFERENCES promotions(id),
  user_id text NOT NULL REFERENCES users(id),
  amount_rials bigint NOT NULL CHECK (amount_rials > 0),
  idempotency_key text,
  ledger_transfer_id text NOT NULL,
  expires_at timestamptz,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'expired')),
  expired_rials bigint CHECK (expired_rials >= 0 AND expired_rials <= amount_rials),
  expiry_transfer_id text,
  expired_at timestamptz,
  created_at timestamptz NOT NULL,
  CONSTRAINT promotion_gift_grants_once UNIQUE (promotion_id, user_id),
  CONSTRAINT promotion_gift_grants_key_unique UNIQUE (user_id, idempotency_key)
);
CREATE INDEX promotion_gift_grants_due_idx ON promotion_gift_grants (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;
CREATE INDEX promotion_gift_grants_user_idx ON promotion_gift_grants (user_id, status);
