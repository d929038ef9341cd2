-- PRV-4 self-service change requests (mobile, fleet, vehicle, documents), each reviewed by ops,
-- and PRV-5 guarantee returns. Each has its own timeline of status rows.

CREATE TABLE change_requests (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  type text NOT NULL CHECK (type IN ('mobile', 'fleet', 'vehicle', 'documents')),
  status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected', 'cancelled')),
  -- What the provider asks for (new mobile, fleet type + services, vehicle data); validated by the service.
  payload jsonb NOT NULL,
  document_ids text[] NOT NULL DEFAULT '{}',
  note text,
  reject_reason text,
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz NOT NULL
);
-- One open request per type per provider.
CREATE UNIQUE INDEX change_requests_one_open ON change_requests (user_id, type) WHERE status = 'submitted';
CREATE INDEX change_requests_user ON change_requests (user_id, created_at DESC);
CREATE INDEX change_requests_status ON change_requests (status, created_at);

CREATE TABLE change_request_events (
  id text PRIMARY KEY,
  request_id text NOT NULL REFERENCES change_requests (id),
  status text NOT NULL,
  actor_id text,
  note text,
  created_at timestamptz NOT NULL
);
CREATE INDEX change_request_events_request ON change_request_events (request_id, created_at, id);

-- PRV-5: "continue" returns the identity document; "quit" ends cooperation and returns the
-- guarantee documents against a charge of a share of the equipment received at sign-up.
CREATE TABLE guarantee_returns (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  choice text NOT NULL CHECK (choice IN ('continue', 'quit')),
  status text NOT NULL CHECK (status IN ('requested', 'awaiting_payment', 'ready', 'shipped', 'rejected', 'cancelled')),
  equipment_rials bigint NOT NULL CHECK (equipment_rials >= 0),
  charge_percent integer NOT NULL CHECK (charge_percent BETWEEN 0 AND 100),
  charge_rials bigint NOT NULL CHECK (charge_rials >= 0),
  postal_address text NOT NULL,
  collect text CHECK (collect IN ('wallet', 'link', 'none')),
  transfer_id text,
  link_id text,
  tracking_number text,
  reject_reason text,
  decided_by text,
  decided_at timestamptz,
  shipped_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX guarantee_returns_one_open ON guarantee_returns (user_id) WHERE status IN ('requested', 'awaiting_payment', 'ready');
CREATE INDEX guarantee_returns_status ON guarantee_returns (status, created_at);
CREATE UNIQUE INDEX guarantee_returns_link ON guarantee_returns (link_id) WHERE link_id IS NOT NULL;

CREATE TABLE guarantee_return_events (
  id text PRIMARY KEY,
  return_id text NOT NULL REFERENCES guarantee_returns (id),
  status text NOT NULL,
  actor_id text,
  note text,
  created_at timestamptz NOT NULL
);
CREATE INDEX guarantee_return_events_return ON guarantee_return_events (return_id, created_at, id);
