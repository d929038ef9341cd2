-- Foundation: cities and zones, services, policy settings, accounts and login, terms,
-- notifications outbox, audit log, idempotency keys, files.

CREATE TABLE cities (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  names jsonb NOT NULL,
  time_zone text NOT NULL DEFAULT 'Asia/Tehran',
  center_lat double precision NOT NULL,
  center_lng double precision NOT NULL,
  service_area jsonb,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE zones (
  id text PRIMARY KEY,
  city_id text NOT NULL REFERENCES cities(id),
  code text NOT NULL,
  names jsonb NOT NULL,
  kind text NOT NULL CHECK (kind IN ('district', 'surcharge', 'no_service')),
  polygon jsonb NOT NULL,
  surcharge_rials bigint NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (city_id, code)
);

CREATE TABLE services (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('ride', 'parcel', 'moving', 'errand', 'payment_order')),
  vehicle_type text,
  names jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0
);

-- OPS-2: policy settings; scope is global, a city or a service. Values are JSON; defaults live in code.
CREATE TABLE settings (
  key text NOT NULL,
  scope_type text NOT NULL CHECK (scope_type IN ('global', 'city', 'service')),
  scope_id text NOT NULL DEFAULT '',
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  PRIMARY KEY (key, scope_type, scope_id)
);

CREATE TABLE users (
  id text PRIMARY KEY,
  mobile text NOT NULL,
  national_id text,
  first_name text,
  last_name text,
  email text,
  birth_date date,
  referrer_id text REFERENCES users(id),
  locale text NOT NULL DEFAULT 'fa' CHECK (locale IN ('fa', 'ar', 'en')),
  roles text[] NOT NULL DEFAULT ARRAY['customer']::text[],
  provider_kind text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
  blocked_reason text,
  blocked_at timestamptz,
  password_hash text,
  kyc_status text NOT NULL DEFAULT 'none' CHECK (kyc_status IN ('none', 'submitted', 'verified', 'rejected')),
  city_id text REFERENCES cities(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_mobile_unique UNIQUE (mobile),
  CONSTRAINT users_national_id_unique UNIQUE (national_id),
  CONSTRAINT users_email_unique UNIQUE (email)
);

-- ACC-6: guests a customer rides for (data only until orders exist).
CREATE TABLE guest_riders (
  id text PRIMARY KEY,
  owner_id text NOT NULL REFERENCES users(id),
  name text NOT NULL,
  mobile text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_id, mobile)
);

-- ACC-1: one-time codes, stored hashed; attempts counted per code.
CREATE TABLE otp_codes (
  id text PRIMARY KEY,
  mobile text NOT NULL,
  purpose text NOT NULL DEFAULT 'login',
  code_hash text NOT NULL,
  ip text,
  attempts integer NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX otp_codes_mobile_idx ON otp_codes (mobile, created_at DESC);
CREATE INDEX otp_codes_ip_idx ON otp_codes (ip, created_at DESC);

-- Refresh tokens rotate: each use replaces the token; reuse of a replaced one revokes the family.
CREATE TABLE refresh_tokens (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  family_id text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  rotated_at timestamptz,
  revoked_at timestamptz,
  user_agent text
);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

-- ACC-4: password reset by SMS code or email link.
CREATE TABLE password_resets (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  token_hash text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id, created_at DESC);

-- ACC-9: versioned terms; texts per language.
CREATE TABLE terms_versions (
  version integer PRIMARY KEY,
  texts jsonb NOT NULL,
  published_at timestamptz NOT NULL,
  published_by text
);
CREATE TABLE terms_acceptances (
  user_id text NOT NULL REFERENCES users(id),
  version integer NOT NULL REFERENCES terms_versions(version),
  accepted_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, version)
);

-- NTF-1/NTF-2: outbox written in the same transaction as the change; a worker delivers.
CREATE TABLE notification_outbox (
  id text PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient text NOT NULL,
  user_id text,
  template text NOT NULL,
  locale text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  subject text,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  last_error text,
  adapter text,
  provider_message_id text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX notification_outbox_due_idx ON notification_outbox (status, next_attempt_at);
CREATE INDEX notification_outbox_recipient_idx ON notification_outbox (recipient, created_at DESC);

-- OPS-4 / FRD-3: append-only audit log.
CREATE TABLE audit_log (
  id text PRIMARY KEY,
  actor_id text,
  actor_roles text[] NOT NULL DEFAULT ARRAY[]::text[],
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  before jsonb,
  after jsonb,
  reason text,
  ip text,
  created_at timestamptz NOT NULL
);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, created_at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, created_at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, created_at DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Idempotency-Key on POSTs that create orders or move money: the first response is replayed.
CREATE TABLE idempotency_keys (
  user_id text NOT NULL,
  key text NOT NULL,
  route text NOT NULL,
  request_hash text NOT NULL,
  status_code integer,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

-- Files seam: metadata of stored blobs (bytes live in the data directory or object storage).
CREATE TABLE files (
  id text PRIMARY KEY,
  owner_id text,
  purpose text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  storage_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A registry of devices seen per account, for fraud rules (FRD-1/2) later.
CREATE TABLE user_devices (
  user_id text NOT NULL REFERENCES users(id),
  device_id text NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, device_id)
);
CREATE INDEX user_devices_device_idx ON user_devices (device_id);
