-- PRV-6 equipment shop: a catalogue managed by ops, multi-item orders by providers, price
-- confirmation, payment (wallet or SMS link), shipment with a tracking number; PRV-7 boxes.

CREATE TABLE shop_items (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name_fa text NOT NULL,
  name_en text NOT NULL,
  price_rials bigint NOT NULL CHECK (price_rials > 0),
  in_stock boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  -- PRV-7: delivering this item sets the provider's delivery-box flag.
  is_box boolean NOT NULL DEFAULT false,
  sort integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE shop_orders (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('placed', 'awaiting_payment', 'paid', 'shipped', 'delivered', 'cancelled')),
  list_total_rials bigint NOT NULL CHECK (list_total_rials > 0),
  total_rials bigint CHECK (total_rials > 0),
  -- PRV-5: equipment handed over at sign-up counts toward the guarantee-return charge.
  at_signup boolean NOT NULL DEFAULT false,
  collect text CHECK (collect IN ('wallet', 'link')),
  transfer_id text,
  link_id text,
  tracking_number text,
  cancel_reason text,
  confirmed_by text,
  confirmed_at timestamptz,
  paid_at timestamptz,
  shipped_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX shop_orders_user ON shop_orders (user_id, created_at DESC);
CREATE INDEX shop_orders_status ON shop_orders (status, created_at);
CREATE UNIQUE INDEX shop_orders_link ON shop_orders (link_id) WHERE link_id IS NOT NULL;

CREATE TABLE shop_order_lines (
  order_id text NOT NULL REFERENCES shop_orders (id),
  item_id text NOT NULL REFERENCES shop_items (id),
  name_fa text NOT NULL,
  name_en text NOT NULL,
  unit_price_rials bigint NOT NULL CHECK (unit_price_rials > 0),
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 20),
  is_box boolean NOT NULL,
  PRIMARY KEY (order_id, item_id)
);

CREATE TABLE shop_order_events (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES shop_orders (id),
  status text NOT NULL,
  actor_id text,
  note text,
  created_at timestamptz NOT NULL
);
CREATE INDEX shop_order_events_order ON shop_order_events (order_id, created_at, id);
