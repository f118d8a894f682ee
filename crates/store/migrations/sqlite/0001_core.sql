CREATE TABLE tenants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    preferred_stack TEXT NOT NULL,
    extension_limit INTEGER NOT NULL,
    extension_count INTEGER NOT NULL DEFAULT 0,
    allow_custom_usernames INTEGER NOT NULL,
    defaults TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    CONSTRAINT tenants_code_key UNIQUE (code)
);

CREATE TABLE extensions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    number_value INTEGER NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    username TEXT,
    secret TEXT,
    flags INTEGER NOT NULL,
    search_text TEXT NOT NULL,
    settings TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT extensions_number_key UNIQUE (tenant_id, number),
    CONSTRAINT extensions_username_key UNIQUE (username)
);
CREATE INDEX extensions_tenant_number_value ON extensions (tenant_id, number_value);
CREATE INDEX extensions_tenant_name ON extensions (tenant_id, name);
CREATE INDEX extensions_tenant_kind ON extensions (tenant_id, kind);

CREATE TABLE tenant_objects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    CONSTRAINT tenant_objects_name_key UNIQUE (tenant_id, kind, name)
);

CREATE TABLE extension_refs (
    extension_id INTEGER NOT NULL REFERENCES extensions (id) ON DELETE CASCADE,
    tenant_id INTEGER NOT NULL,
    setting TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target TEXT NOT NULL
);
CREATE INDEX extension_refs_target ON extension_refs (tenant_id, target_kind, target);
CREATE INDEX extension_refs_extension ON extension_refs (extension_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    permissions TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username)
);

CREATE TABLE user_tenants (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, tenant_id)
);

CREATE TABLE user_extensions (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    PRIMARY KEY (user_id, tenant_id, number)
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
);

CREATE TABLE user_prefs (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (user_id, name)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    source TEXT NOT NULL,
    tenant_code TEXT NOT NULL,
    extension_number TEXT NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_code, extension_number);
