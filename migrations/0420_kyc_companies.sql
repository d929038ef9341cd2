-- ACC-5 identity verification (KYC) and ACC-3 company accounts.

-- Uploaded files of these modules (national card photos, company logos): the bytes live in the
-- file store; this row says whose they are, what they are (sniffed from the bytes) and their hash.
CREATE TABLE kyc_company_files (
  id text PRIMARY KEY,
  owner_user_id text NOT NULL,
  company_id text,
  purpose text NOT NULL CHECK (purpose IN ('national_card', 'company_logo')),
  storage_key text NOT NULL,
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX kyc_company_files_owner ON kyc_company_files (owner_user_id);

-- One row per submission; a rejected user submits again (a new row), so the history stays.
CREATE TABLE kyc_submissions (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  national_id text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  card_file_id text NOT NULL REFERENCES kyc_company_files (id),
  status text NOT NULL CHECK (status IN ('submitted', 'verified', 'rejected')),
  reject_reason text,
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz NOT NULL
);
-- At most one submission under review, and one verified, per user (races lose on these).
CREATE UNIQUE INDEX kyc_submissions_one_open ON kyc_submissions (user_id) WHERE status = 'submitted';
CREATE UNIQUE INDEX kyc_submissions_one_verified ON kyc_submissions (user_id) WHERE status = 'verified';
CREATE INDEX kyc_submissions_user ON kyc_submissions (user_id, created_at DESC);
CREATE INDEX kyc_submissions_status ON kyc_submissions (status, created_at);

-- Ops demand KYC of a user by a deadline; cleared when the user is verified.
CREATE TABLE kyc_requirements (
  user_id text PRIMARY KEY,
  reason text NOT NULL,
  deadline timestamptz NOT NULL,
  required_by text,
  created_at timestamptz NOT NULL,
  cleared_at timestamptz
);

CREATE TABLE companies (
  id text PRIMARY KEY,
  name text NOT NULL,
  registration_number text NOT NULL,
  national_company_id text NOT NULL,
  landline text NOT NULL,
  staff_count integer NOT NULL CHECK (staff_count > 0),
  logo_file_id text REFERENCES kyc_company_files (id),
  representative_id text NOT NULL,
  city_id text,
  status text NOT NULL CHECK (status IN ('pending', 'active', 'rejected')),
  reject_reason text,
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- A legal entity registers once (a rejected registration may be filed again).
CREATE UNIQUE INDEX companies_national_id_live ON companies (national_company_id) WHERE status <> 'rejected';
CREATE INDEX companies_status ON companies (status, created_at);
CREATE INDEX companies_representative ON companies (representative_id);

CREATE TABLE company_members (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id),
  mobile text NOT NULL,
  user_id text,
  role text NOT NULL CHECK (role IN ('representative', 'member')),
  status text NOT NULL CHECK (status IN ('invited', 'active', 'declined', 'removed')),
  invited_by text,
  created_at timestamptz NOT NULL,
  accepted_at timestamptz,
  ended_at timestamptz
);
-- One live invitation or membership per mobile per company.
CREATE UNIQUE INDEX company_members_live ON company_members (company_id, mobile) WHERE status IN ('invited', 'active');
CREATE INDEX company_members_user ON company_members (user_id) WHERE status = 'active';
CREATE INDEX company_members_mobile ON company_members (mobile) WHERE status = 'invited';

-- Company wallet top-ups paid through the gateway by the representative: the payment credits the
-- representative's wallet (the existing top-up flow), then one ledger transfer moves it to the company.
CREATE TABLE company_topups (
  payment_id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id),
  user_id text NOT NULL,
  amount_rials bigint NOT NULL CHECK (amount_rials > 0),
  status text NOT NULL CHECK (status IN ('pending', 'credited')),
  transfer_id text,
  created_at timestamptz NOT NULL,
  credited_at timestamptz
);
CREATE INDEX company_topups_pending ON company_topups (company_id) WHERE status = 'pending';
