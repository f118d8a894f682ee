-- The rates of rate tables (tenant objects of kind 'rate_table'). Amounts
-- are integers in 1/10,000 of the tenant's currency.
CREATE TABLE rates (
    table_id INTEGER NOT NULL REFERENCES tenant_objects (id) ON DELETE CASCADE,
    prefix TEXT NOT NULL,
    description TEXT NOT NULL,
    per_minute BIGINT NOT NULL,
    connection_fee BIGINT NOT NULL,
    billing_minimum INTEGER NOT NULL,
    billing_increment INTEGER NOT NULL,
    PRIMARY KEY (table_id, prefix)
);
