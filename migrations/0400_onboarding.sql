-- Issue 5 (A): provider onboarding (PRV-1, PRV-2, PRV-3, PRV-8, PRV-9, PRV-10).
-- Applications, their uploaded files and documents, the guarantee (promissory note) and the
-- provider fleet type 'assistant' (errand assistants) plus why a provider was deactivated.

ALTER TABLE providers DROP CONSTRAINT IF EXISTS providers_fleet_type_check;
ALTER TABLE providers ADD CONSTRAINT providers_fleet_type_check CHECK (fleet_type IN ('car', 'motorcycle', 'van', 'truck', 'assistant'));
-- PRV-2: 'document_expired' lets an approved replacement reactivate the provider; other reasons do not.
ALTER TABLE providers ADD COLUMN status_reason text;

CREATE TABLE provider_applications (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  city_id text NOT NULL REFERENCES cities (id),
  status text NOT NULL CHECK (status IN ('submitted', 'activated', 'rejected')),
  fleet_type text NOT NULL CHECK (fleet_type IN ('car', 'motorcycle', 'van', 'truck', 'assistant')),
  -- motorcycle only: parcel courier, motorcycle taxi or both
  motorcycle_kind text CHECK (motorcycle_kind IN ('parcel', 'taxi', 'both')),
  service_codes text[] NOT NULL,
  -- { make, model, year, plate, colour, capacitySeats }; '{}' for assistants
  vehicle jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- PRV-9 moving company: { unionLicenceNumber, unionLicenceExpiresOn, companyName, companyRegistration, crewSize }
  moving jsonb,
  -- PRV-10 errand assistant: errand category codes
  skills text[] NOT NULL DEFAULT ARRAY[]::text[],
  rules_accepted_at timestamptz NOT NULL,
  rejection_reason text,
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- PRV-1: one open application per user.
CREATE UNIQUE INDEX provider_applications_one_open ON provider_applications (user_id) WHERE status = 'submitted';
CREATE INDEX provider_applications_status_idx ON provider_applications (status, created_at);

-- A row per stored file (bytes live in platform.files under storage_key).
CREATE TABLE provider_files (
  id text PRIMARY KEY,
  owner_id text NOT NULL REFERENCES users (id),
  storage_key text NOT NULL UNIQUE,
  file_name text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE provider_documents (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  type text NOT NULL CHECK (type IN ('national_card', 'birth_certificate', 'vehicle_card', 'ownership_sheet', 'driving_licence',
    'motorcycle_licence', 'insurance', 'union_licence', 'other')),
  file_id text NOT NULL REFERENCES provider_files (id),
  -- pending -> approved | rejected; an approved one becomes 'replaced' when a newer one of its type is approved
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'replaced')),
  expires_on date,
  rejection_reason text,
  reviewed_by text,
  reviewed_at timestamptz,
  -- PRV-2: the expiry reminder goes once per document
  reminder_sent_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX provider_documents_user_idx ON provider_documents (user_id, type);
CREATE INDEX provider_documents_expiry_idx ON provider_documents (expires_on) WHERE status = 'approved';

-- PRV-3 the promissory note held as guarantee; PRV-5 (helper B) marks it returned.
CREATE TABLE provider_guarantees (
  user_id text PRIMARY KEY REFERENCES users (id),
  amount_rials bigint NOT NULL CHECK (amount_rials > 0),
  serial text NOT NULL,
  received_on date NOT NULL,
  received_by text NOT NULL,
  status text NOT NULL CHECK (status IN ('held', 'returned')),
  returned_at timestamptz,
  returned_by text,
  created_at timestamptz NOT NULL
);
