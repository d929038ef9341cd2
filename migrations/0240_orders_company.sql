-- ACC-3: a member of a company orders on the company's account; the fare and fees are paid from
-- the company's wallet (company_wallet in the ledger), not the member's own.
ALTER TABLE orders ADD COLUMN company_id text;
CREATE INDEX orders_company_idx ON orders (company_id, created_at) WHERE company_id IS NOT NULL;
ALTER TABLE orders DROP CONSTRAINT orders_payment_method_check;
ALTER TABLE orders ADD CONSTRAINT orders_payment_method_check CHECK (payment_method IN ('wallet', 'cash', 'company'));
ALTER TABLE orders ADD CONSTRAINT orders_company_payer CHECK ((payment_method = 'company') = (company_id IS NOT NULL));
