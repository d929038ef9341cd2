-- Issue 4 (B): the minimal provider profile (PRV-7, PRV-11; issue 5 extends it) and what tracking
-- keeps across restarts: who is online, where, busy with which order, and rejected location jumps.

CREATE TABLE providers (
  user_id text PRIMARY KEY REFERENCES users (id),
  city_id text NOT NULL REFERENCES cities (id),
  fleet_type text NOT NULL CHECK (fleet_type IN ('car', 'motorcycle', 'van', 'truck')),
  service_codes text[] NOT NULL DEFAULT ARRAY[]::text[],
  -- { make, model, year, plate, colour, capacitySeats } from the vehicle card (PRV-11: capacity).
  vehicle jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- PRV-7: couriers carrying a delivery box get priority for parcels.
  has_box boolean NOT NULL DEFAULT false,
  -- Rewards tier priority (later issues); higher goes first among equally good candidates.
  priority integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX providers_city_idx ON providers (city_id);

-- Presence survives a restart: the in-memory index is rebuilt from the rows with online = true.
-- Written on online / offline / busy changes and at most every few seconds per position, never per point.
CREATE TABLE provider_presence (
  provider_id text PRIMARY KEY REFERENCES providers (user_id),
  city_id text NOT NULL,
  online boolean NOT NULL,
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  position_at timestamptz NOT NULL,
  order_id text,
  updated_at timestamptz NOT NULL
);
CREATE INDEX provider_presence_online_idx ON provider_presence (city_id) WHERE online;

-- PRV-11: a location jump faster than dispatch.maxSpeedKmh is rejected and kept here for ops.
CREATE TABLE location_rejections (
  id bigserial PRIMARY KEY,
  provider_id text NOT NULL,
  from_lat double precision NOT NULL,
  from_lng double precision NOT NULL,
  to_lat double precision NOT NULL,
  to_lng double precision NOT NULL,
  speed_kmh double precision NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX location_rejections_provider_idx ON location_rejections (provider_id, at DESC);
