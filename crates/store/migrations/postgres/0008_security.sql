-- An upload kept for its apply is stored sealed, in pieces of 1 MiB, so
-- writing or reading it never copies the whole file at once; the old
-- content column stays empty.
CREATE TABLE import_chunks (
    import_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (import_id, seq)
);
-- The order uploads were kept in (created_at has whole seconds only).
ALTER TABLE imports ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX imports_owner ON imports (tenant_id, user_id, seq);

-- chan_sip finds peers by name ignoring case: usernames are compared
-- folded before they are taken.
CREATE INDEX extensions_username_folded ON extensions (LOWER(username));
