CREATE TABLE tenants (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    preferred_stack TEXT NOT NULL,
    extension_limit BIGINT NOT NULL,
    extension_count BIGINT NOT NULL DEFAULT 0,
    allow_custom_usernames BIGINT NOT NULL,
    defaults TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    CONSTRAINT tenants_code_key UNIQUE (code)
);

CREATE TABLE extensions (
    id BIGSERIAL PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    number_value BIGINT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    username TEXT,
    secret TEXT,
    flags BIGINT NOT NULL,
    search_text TEXT NOT NULL,
    settings TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT extensions_number_key UNIQUE (tenant_id, number),
    CONSTRAINT extensions_username_key UNIQUE (username)
);
CREATE INDEX extensions_tenant_number_value ON extensions (tenant_id, number_value);
CREATE INDEX extensions_tenant_name ON extensions (tenant_id, name);
CREATE INDEX extensions_tenant_kind ON extensions (tenant_id, kind);

CREATE TABLE tenant_objects (
    id BIGSERIAL PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    CONSTRAINT tenant_objects_name_key UNIQUE (tenant_id, kind, name)
);

CREATE TABLE extension_refs (
    extension_id BIGINT NOT NULL REFERENCES extensions (id) ON DELETE CASCADE,
    tenant_id BIGINT NOT NULL,
    setting TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target TEXT NOT NULL
);
CREATE INDEX extension_refs_target ON extension_refs (tenant_id, target_kind, target);
CREATE INDEX extension_refs_extension ON extension_refs (extension_id);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    permissions TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username)
);

CREATE TABLE user_tenants (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, tenant_id)
);

CREATE TABLE user_extensions (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    PRIMARY KEY (user_id, tenant_id, number)
);

CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
);

CREATE TABLE user_prefs (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (user_id, name)
);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    source TEXT NOT NULL,
    tenant_code TEXT NOT NULL,
    extension_number TEXT NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_code, extension_number);
