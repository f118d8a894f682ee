-- The rates of rate tables (tenant objects of kind 'rate_table'). Amounts
-- are integers in 1/10,000 of the tenant's currency.
CREATE TABLE rates (
    table_id BIGINT NOT NULL REFERENCES tenant_objects (id) ON DELETE CASCADE,
    prefix TEXT NOT NULL,
    description TEXT NOT NULL,
    per_minute BIGINT NOT NULL,
    connection_fee BIGINT NOT NULL,
    billing_minimum BIGINT NOT NULL,
    billing_increment BIGINT NOT NULL,
    PRIMARY KEY (table_id, prefix)
);
