-- Committed changes waiting to reach the Asterisk nodes: each change writes
-- one row in its own transaction, and the projector of whichever `pbx serve`
-- instance projects a node claims the rows after the node's cursor.
CREATE TABLE projection_outbox (
    id BIGSERIAL PRIMARY KEY,
    tenant_code TEXT NOT NULL,
    pjsip TEXT NOT NULL,
    sip TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
ALTER TABLE nodes ADD COLUMN projected_through BIGINT NOT NULL DEFAULT 0;
