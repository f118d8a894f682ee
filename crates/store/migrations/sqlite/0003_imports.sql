CREATE TABLE imports (
    id TEXT PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX imports_expires ON imports (expires_at);
