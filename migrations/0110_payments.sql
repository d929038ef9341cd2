-- Payments (PAY-1, PAY-5, PAY-8): card payments through a gateway, payment links for charges,
-- receipts, and the state of the built-in sandbox gateway (demo mode).

-- PAY-5: a charge to a user (provider or customer), paid through a short link sent by SMS or
-- taken from the balance. credit_account is the ledger account the money settles into.
CREATE TABLE payment_links (
  id text PRIMARY KEY,
  code text NOT NULL,
  user_id text NOT NULL REFERENCES users(id),
  amount_rials bigint NOT NULL CHECK (amount_rials > 0),
  reason text NOT NULL CHECK (reason IN ('equipment', 'penalty', 'commission', 'debt', 'guarantee_return', 'other')),
  description text NOT NULL,
  credit_account jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'cancelled')),
  expires_at timestamptz NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  paid_at timestamptz,
  paid_via text CHECK (paid_via IN ('gateway', 'balance')),
  payment_id text,
  ledger_transfer_id text,
  cancelled_at timestamptz,
  cancelled_by text,
  cancel_reason text,
  CONSTRAINT payment_links_code_unique UNIQUE (code)
);
CREATE INDEX payment_links_user_idx ON payment_links (user_id, created_at DESC);
CREATE INDEX payment_links_status_idx ON payment_links (status, created_at DESC);

-- PAY-1: one row per attempt at the gateway. Written only once the gateway gave an authority,
-- so a failed or timed-out request leaves nothing behind.
CREATE TABLE payments (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  purpose text NOT NULL CHECK (purpose IN ('wallet_topup', 'payment_link')),
  link_id text REFERENCES payment_links(id),
  amount_rials bigint NOT NULL CHECK (amount_rials > 0),
  description text NOT NULL,
  gateway text NOT NULL,
  authority text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed', 'rejected')),
  callback_status text,
  callback_at timestamptz,
  verify_attempts integer NOT NULL DEFAULT 0,
  ref_id text,
  card_pan_masked text,
  failure_code text,
  credited_account jsonb,
  ledger_transfer_id text,
  receipt_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  verified_at timestamptz,
  CONSTRAINT payments_gateway_authority_unique UNIQUE (gateway, authority),
  CONSTRAINT payments_link_matches_purpose CHECK ((purpose = 'payment_link') = (link_id IS NOT NULL))
);
CREATE INDEX payments_user_idx ON payments (user_id, created_at DESC);
CREATE INDEX payments_link_idx ON payments (link_id);
CREATE INDEX payments_pending_idx ON payments (status, updated_at) WHERE status = 'pending';

-- What browsers and gateways told us about a payment (callbacks, verify replies, mismatches):
-- the trail ops read when a customer disputes a payment. Append-only.
CREATE TABLE payment_events (
  id text PRIMARY KEY,
  payment_id text NOT NULL REFERENCES payments(id),
  kind text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL
);
CREATE INDEX payment_events_payment_idx ON payment_events (payment_id, created_at);

CREATE FUNCTION payment_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'payment_events is append-only';
END;
$$;
CREATE TRIGGER payment_events_no_update BEFORE UPDATE OR DELETE ON payment_events
  FOR EACH ROW EXECUTE FUNCTION payment_events_append_only();

-- PAY-8: one receipt per money-in ledger transfer (gateway payment or charge taken from a balance).
CREATE SEQUENCE receipt_number_seq;
CREATE TABLE receipts (
  id text PRIMARY KEY,
  number text NOT NULL,
  user_id text NOT NULL REFERENCES users(id),
  amount_rials bigint NOT NULL CHECK (amount_rials > 0),
  purpose text NOT NULL,
  description text NOT NULL,
  payment_id text REFERENCES payments(id),
  link_id text REFERENCES payment_links(id),
  ledger_transfer_id text NOT NULL,
  gateway text,
  ref_id text,
  card_pan_masked text,
  issued_at timestamptz NOT NULL,
  CONSTRAINT receipts_number_unique UNIQUE (number),
  CONSTRAINT receipts_payment_unique UNIQUE (payment_id),
  CONSTRAINT receipts_transfer_unique UNIQUE (ledger_transfer_id)
);
CREATE INDEX receipts_user_idx ON receipts (user_id, issued_at DESC);

-- The built-in sandbox gateway (demo mode): its own sessions, as a real gateway keeps them.
CREATE TABLE sandbox_gateway_sessions (
  authority text PRIMARY KEY,
  amount_rials bigint NOT NULL CHECK (amount_rials > 0),
  callback_url text NOT NULL,
  description text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'cancelled')),
  ref_id text,
  card_pan_masked text,
  verified_at timestamptz,
  refunded_at timestamptz,
  created_at timestamptz NOT NULL,
  decided_at timestamptz
);
