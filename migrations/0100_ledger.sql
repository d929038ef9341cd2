-- Double-entry ledger (issue 3, PAY-1..PAY-6): accounts with maintained balances, immutable
-- transfers with idempotency keys, signed entries (each transfer sums to zero), and provider
-- settlement requests (PAY-3). Money is bigint Rials.

-- One account per owner and kind. balance_rials = sum of the entries of posted transfers;
-- pending_rials = what pending transfers (holds) will take out; available = balance - pending.
CREATE TABLE ledger_accounts (
  id text PRIMARY KEY,
  owner_type text NOT NULL CHECK (owner_type IN ('user', 'company', 'platform')),
  owner_id text NOT NULL,
  kind text NOT NULL,
  allow_negative boolean NOT NULL,
  -- Hot accounts (platform revenue ...) spread their balance over this many rows of
  -- ledger_account_shards so concurrent transfers do not queue on one row lock.
  shard_count smallint NOT NULL DEFAULT 1 CHECK (shard_count BETWEEN 1 AND 64),
  balance_rials bigint NOT NULL DEFAULT 0,
  pending_rials bigint NOT NULL DEFAULT 0 CHECK (pending_rials >= 0),
  created_at timestamptz NOT NULL,
  CONSTRAINT ledger_accounts_owner_kind_unique UNIQUE (owner_type, owner_id, kind),
  -- The last line of defence behind the service's own check (INSUFFICIENT_FUNDS).
  CONSTRAINT ledger_accounts_no_overdraft CHECK (allow_negative OR balance_rials - pending_rials >= 0),
  CONSTRAINT ledger_accounts_sharded_may_go_negative CHECK (shard_count = 1 OR allow_negative)
) WITH (fillfactor = 70); -- room on each page, so a balance update stays a HOT update (no index writes)
CREATE INDEX ledger_accounts_owner_idx ON ledger_accounts (owner_id);

-- Extra balance rows of a hot account; the account's balance is its own row plus these.
-- (No foreign key: its KEY SHARE lock on the one hot account row is what sharding avoids;
-- `npm run ledger:check` verifies the reference instead.)
CREATE TABLE ledger_account_shards (
  account_id text NOT NULL,
  shard smallint NOT NULL CHECK (shard >= 1),
  balance_rials bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, shard)
) WITH (fillfactor = 70);

-- A transfer never changes, except a pending one becoming posted or voided exactly once.
CREATE TABLE ledger_transfers (
  id text PRIMARY KEY,
  idempotency_key text NOT NULL,
  -- sha256 of the content, so a key reused with other content is refused
  content_hash text NOT NULL,
  reason text NOT NULL,
  reference_type text,
  reference_id text,
  memo text,
  status text NOT NULL CHECK (status IN ('posted', 'pending', 'voided')),
  -- idempotency key of the post or void of a pending transfer
  resolution_key text,
  created_at timestamptz NOT NULL,
  resolved_at timestamptz,
  CONSTRAINT ledger_transfers_idempotency_key_unique UNIQUE (idempotency_key)
);
CREATE UNIQUE INDEX ledger_transfers_resolution_key_unique ON ledger_transfers (resolution_key) WHERE resolution_key IS NOT NULL;
CREATE INDEX ledger_transfers_reference_idx ON ledger_transfers (reference_type, reference_id) WHERE reference_id IS NOT NULL;
CREATE INDEX ledger_transfers_pending_idx ON ledger_transfers (created_at) WHERE status = 'pending';

-- Net signed amount per account per transfer (credit > 0, debit < 0); a transfer's entries sum
-- to 0. A statement reads an account's entries newest first by transfer id (ids sort by time).
-- No foreign keys on this hot path (each would lock the referenced row for every entry);
-- `npm run ledger:check` verifies that every entry names an existing transfer and account.
CREATE TABLE ledger_entries (
  account_id text NOT NULL,
  transfer_id text NOT NULL,
  amount_rials bigint NOT NULL CHECK (amount_rials <> 0),
  PRIMARY KEY (account_id, transfer_id)
);
CREATE INDEX ledger_entries_transfer_idx ON ledger_entries (transfer_id);

-- Corrections are new transfers: entries refuse UPDATE, DELETE and TRUNCATE.
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entries is append-only: post a correcting transfer instead';
END;
$$;
CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();

-- Transfers refuse DELETE and any UPDATE other than pending -> posted | voided.
CREATE FUNCTION ledger_transfers_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'ledger_transfers are immutable: post a correcting transfer instead';
  END IF;
  IF OLD.status <> 'pending' OR NEW.status NOT IN ('posted', 'voided') OR NEW.resolution_key IS NULL
     OR ROW(NEW.id, NEW.idempotency_key, NEW.content_hash, NEW.reason, NEW.reference_type, NEW.reference_id, NEW.memo, NEW.created_at)
        IS DISTINCT FROM ROW(OLD.id, OLD.idempotency_key, OLD.content_hash, OLD.reason, OLD.reference_type, OLD.reference_id, OLD.memo, OLD.created_at) THEN
    RAISE EXCEPTION 'ledger_transfers are immutable: only a pending transfer may become posted or voided, once';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_transfers_immutable BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION ledger_transfers_guard();
CREATE TRIGGER ledger_transfers_no_truncate BEFORE TRUNCATE ON ledger_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_transfers_guard();

-- PAY-3: a provider asks for payout of a positive balance; the amount is held (a pending
-- transfer provider_wallet -> bank) until finance rejects (void) or pays it (post).
CREATE TABLE settlement_requests (
  id text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES users(id),
  amount_rials bigint NOT NULL CHECK (amount_rials > 0),
  status text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'paid')),
  hold_transfer_id text NOT NULL REFERENCES ledger_transfers(id),
  bank_reference text,
  reject_reason text,
  decided_by text,
  decided_at timestamptz,
  paid_by text,
  paid_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT settlement_requests_hold_unique UNIQUE (hold_transfer_id)
);
CREATE INDEX settlement_requests_status_idx ON settlement_requests (status, created_at);
CREATE INDEX settlement_requests_provider_idx ON settlement_requests (provider_id, created_at DESC);
