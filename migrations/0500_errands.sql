-- ERR-1..ERR-7, CLM-3, PRV-10: errands fulfilled by assistants after a quote and payment.

-- ERR-1 / ERR-6: the catalogue, managed by ops. price_mode 'rule' computes base + per item; 'quote' waits for ops.
CREATE TABLE errand_services (
  code text PRIMARY KEY,
  category text NOT NULL,
  names jsonb NOT NULL,
  price_mode text NOT NULL CHECK (price_mode IN ('rule', 'quote')),
  base_rials bigint NOT NULL DEFAULT 0 CHECK (base_rials >= 0),
  per_item_rials bigint NOT NULL DEFAULT 0 CHECK (per_item_rials >= 0),
  lead_days integer NOT NULL CHECK (lead_days BETWEEN 1 AND 3),
  required_documents jsonb NOT NULL DEFAULT '[]',
  power_of_attorney boolean NOT NULL DEFAULT false,
  volume_tiers jsonb NOT NULL DEFAULT '[]',
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);

-- PRV-10: which errand categories an assistant may take (set by ops, or from provider.activated).
CREATE TABLE errand_assistants (
  user_id text PRIMARY KEY REFERENCES users(id),
  categories text[] NOT NULL,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL
);

CREATE TABLE errands (
  id text PRIMARY KEY,
  customer_id text NOT NULL REFERENCES users(id),
  service_code text NOT NULL REFERENCES errand_services(code),
  category text NOT NULL,
  city_id text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('web', 'phone')),
  created_by text NOT NULL,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
  description text NOT NULL,
  address text NOT NULL,
  wanted_date date NOT NULL,
  document_delivery text NOT NULL CHECK (document_delivery IN ('upload', 'post', 'courier', 'collect')),
  status text NOT NULL CHECK (status IN ('requested', 'feasible', 'infeasible', 'quoted', 'paid', 'assigned', 'dispatched', 'in_progress', 'done', 'failed', 'cancelled')),
  price_rials bigint CHECK (price_rials > 0),
  paid_rials bigint NOT NULL DEFAULT 0 CHECK (paid_rials >= 0),
  refunded_rials bigint NOT NULL DEFAULT 0 CHECK (refunded_rials >= 0),
  cost_so_far_rials bigint NOT NULL DEFAULT 0 CHECK (cost_so_far_rials >= 0),
  pending_payment_id text,
  assistant_id text REFERENCES users(id),
  reason text,
  failure_review text NOT NULL DEFAULT 'none' CHECK (failure_review IN ('none', 'open', 'refunded', 'rejected')),
  rating integer CHECK (rating BETWEEN 1 AND 5),
  -- The Idempotency-Key of the creating request: a retry returns the first errand.
  idempotency_key text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- ERR-7 / CLM-3: refunds never exceed what was paid.
  CHECK (refunded_rials <= paid_rials)
);
CREATE INDEX errands_customer ON errands (customer_id, created_at DESC);
CREATE INDEX errands_status ON errands (status, created_at);
CREATE INDEX errands_assistant ON errands (assistant_id, status);
CREATE UNIQUE INDEX errands_idempotency ON errands (customer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX errands_pending_payment ON errands (pending_payment_id) WHERE pending_payment_id IS NOT NULL;

-- ERR-5: every step, in order, for the customer's timeline.
CREATE TABLE errand_events (
  id text PRIMARY KEY,
  errand_id text NOT NULL REFERENCES errands(id),
  from_status text,
  to_status text NOT NULL,
  note text,
  actor_id text,
  at timestamptz NOT NULL
);
CREATE INDEX errand_events_errand ON errand_events (errand_id, at, id);

-- ERR-4: uploaded copies, and originals travelling by post / courier / in person.
CREATE TABLE errand_documents (
  id text PRIMARY KEY,
  errand_id text NOT NULL REFERENCES errands(id),
  label text NOT NULL,
  delivery text NOT NULL CHECK (delivery IN ('upload', 'post', 'courier', 'in_person')),
  file_key text,
  content_type text,
  size_bytes integer,
  sha256 text,
  tracking text,
  holder text NOT NULL CHECK (holder IN ('customer', 'in_transit', 'office', 'assistant', 'returned', 'digital')),
  holder_user_id text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX errand_documents_errand ON errand_documents (errand_id, created_at);

-- ERR-4: who held which original when.
CREATE TABLE errand_custody (
  id text PRIMARY KEY,
  document_id text NOT NULL REFERENCES errand_documents(id),
  errand_id text NOT NULL REFERENCES errands(id),
  action text NOT NULL CHECK (action IN ('sent', 'received', 'collected', 'handed_to_assistant', 'returned')),
  holder text NOT NULL,
  holder_user_id text,
  recorded_by text NOT NULL,
  note text,
  at timestamptz NOT NULL
);
CREATE INDEX errand_custody_doc ON errand_custody (document_id, at, id);
