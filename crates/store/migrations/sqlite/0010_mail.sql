-- Outgoing mail: the SMTP server settings of the system (scope 'system')
-- and of tenants that have their own (scope 'tenant:<id>'; the password is
-- sealed like every secret at rest), and the persistent queue the mailer
-- tasks deliver from. A row is claimed by a compare-and-set on
-- (state, attempts), so with several pbx instances each mail is sent once.
CREATE TABLE mail_settings (
    scope TEXT PRIMARY KEY,
    tenant_id INTEGER REFERENCES tenants(id) ON DELETE CASCADE,
    host TEXT NOT NULL,
    port INTEGER NOT NULL,
    security TEXT NOT NULL,
    username TEXT,
    password TEXT,
    sender TEXT NOT NULL,
    public_url TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id INTEGER REFERENCES tenants(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    recipients TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    attachment_path TEXT,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms BIGINT NOT NULL,
    claimed_by TEXT,
    claimed_until_ms BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_ms);
CREATE INDEX mail_outbox_tenant ON mail_outbox (tenant_id, id);
