-- Fast provisioning: a tenant's SIP domain (the address phones register
-- to), and the short-lived tokens behind the QR codes that set a phone up
-- (only a SHA-256 of each token is kept).
ALTER TABLE tenants ADD COLUMN sip_domain TEXT;
CREATE TABLE provisioning_tokens (
    token_hash TEXT PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    created_by TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX provisioning_tokens_expires ON provisioning_tokens (expires_at);
