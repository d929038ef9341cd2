-- Delayed jobs (offer time-outs, expiries, reminders): in-process timers backed by this table, so
-- a restart loses nothing. A unique key makes scheduling idempotent.
CREATE TABLE jobs (
  id text PRIMARY KEY,
  kind text NOT NULL,
  key text,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  run_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE UNIQUE INDEX jobs_kind_key_idx ON jobs (kind, key) WHERE key IS NOT NULL;
CREATE INDEX jobs_due_idx ON jobs (status, run_at);
