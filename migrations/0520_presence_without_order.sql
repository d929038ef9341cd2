-- Who holds which job is the orders' own record (orders_provider_one_active); tracking rebuilds its
-- busy flags from the active orders after a restart. The copy kept here cost two writes per order
-- (at accept and at completion) and could lag the orders after a crash between the two.
ALTER TABLE provider_presence DROP COLUMN order_id;
