-- OPS-1: one queue of items waiting for an ops decision (provider applications, documents, change
-- requests, KYC, payment orders, errands, claims, complaints, ...). Each module keeps its own data
-- and decision; this table only says what is waiting, since when, and who is looking at it.
CREATE TABLE review_items (
  id text PRIMARY KEY,
  kind text NOT NULL,
  subject_id text NOT NULL,
  subject_user_id text,
  city_id text,
  title text NOT NULL,
  link text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'resolved')),
  sla_minutes integer,
  claimed_by text,
  claimed_at timestamptz,
  outcome text,
  resolved_by text,
  resolved_at timestamptz,
  created_at timestamptz NOT NULL
);
-- At most one open item per subject: enqueueing twice is a no-op.
CREATE UNIQUE INDEX review_items_open_subject ON review_items (kind, subject_id) WHERE status = 'open';
CREATE INDEX review_items_open_age ON review_items (status, kind, created_at);
