-- CLM-1 parcel damage claims, CLM-2 complaints against providers, PAY-6 penalties.

-- One claim per parcel order, filed by its sender; the parcel data is copied at filing so the
-- assessment reads what was declared then.
CREATE TABLE claims (
  id text PRIMARY KEY,
  order_id text NOT NULL,
  customer_id text NOT NULL,
  provider_id text,
  status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
  description text NOT NULL,
  declared_value_rials bigint NOT NULL CHECK (declared_value_rials >= 0),
  category text NOT NULL,
  contents_visible boolean NOT NULL,
  pod_damage text,
  assessment jsonb,
  compensation_rials bigint NOT NULL DEFAULT 0 CHECK (compensation_rials >= 0),
  paid_by text CHECK (paid_by IN ('platform', 'provider')),
  transfer_id text,
  reject_reason text,
  note text,
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX claims_one_per_order ON claims (order_id);
CREATE INDEX claims_customer ON claims (customer_id, created_at DESC);
CREATE INDEX claims_status ON claims (status, created_at);

-- Photos of a claim: the bytes live in the file store; the type is sniffed from the bytes.
CREATE TABLE claim_files (
  id text PRIMARY KEY,
  claim_id text NOT NULL REFERENCES claims (id),
  owner_user_id text NOT NULL,
  storage_key text NOT NULL,
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX claim_files_claim ON claim_files (claim_id);

-- PAY-6: a liquidated-damages charge posted to a provider's balance (one ledger transfer each).
CREATE TABLE penalties (
  id text PRIMARY KEY,
  provider_id text NOT NULL,
  amount_rials bigint NOT NULL CHECK (amount_rials > 0),
  reason text NOT NULL,
  source_type text NOT NULL CHECK (source_type IN ('manual', 'complaint', 'claim', 'errand')),
  source_id text,
  transfer_id text NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL
);
CREATE INDEX penalties_provider ON penalties (provider_id, created_at DESC);
-- A complaint or claim charges at most one penalty.
CREATE UNIQUE INDEX penalties_one_per_source ON penalties (source_type, source_id) WHERE source_id IS NOT NULL;

-- CLM-2: a complaint against a provider or assistant, about an order or general.
CREATE TABLE complaints (
  id text PRIMARY KEY,
  complainant_id text NOT NULL,
  against_user_id text NOT NULL,
  order_id text,
  category text NOT NULL,
  description text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'decided')),
  outcome text CHECK (outcome IN ('dismissed', 'warning', 'penalty', 'deactivation')),
  note text,
  penalty_id text REFERENCES penalties (id),
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz NOT NULL,
  CHECK (against_user_id <> complainant_id)
);
CREATE INDEX complaints_complainant ON complaints (complainant_id, created_at DESC);
CREATE INDEX complaints_against ON complaints (against_user_id, created_at DESC);
CREATE INDEX complaints_status ON complaints (status, created_at);
-- One open complaint per person about one order (a double submit loses on this).
CREATE UNIQUE INDEX complaints_one_open_per_order ON complaints (complainant_id, order_id) WHERE order_id IS NOT NULL AND status = 'open';
