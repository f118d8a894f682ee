-- The recordings and voicemail messages of calls, followed up by pbx.
--
-- Where pbx reads a node's Asterisk spool directory (recordings under
-- monitor/, voicemail boxes under voicemail/), e.g. a read-only mount of
-- the node's /var/spool/asterisk. Without one pbx cannot mail or process
-- the node's recordings, and the node mails voicemail itself.
ALTER TABLE nodes ADD COLUMN spool_dir TEXT;

-- One job per call record and kind (`recording`: mail it and send it to
-- the tenant's speech service as the extension's settings ask;
-- `voicemail`: mail the message the caller left), queued by the CDR
-- ingest in the transaction that stores the record. A worker claims a
-- due job with a lease; a finished job is deleted, a job that gave up
-- stays with its error.
CREATE TABLE media_jobs (
    call_record_id INTEGER NOT NULL REFERENCES call_records (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- The voicemail box of a voicemail job.
    target TEXT,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    due_at BIGINT NOT NULL,
    claimed_until BIGINT,
    last_error TEXT,
    PRIMARY KEY (call_record_id, kind)
);
CREATE INDEX media_jobs_due ON media_jobs (state, due_at);

-- What the tenant's speech service made of a call's recording.
CREATE TABLE call_analyses (
    call_record_id INTEGER PRIMARY KEY REFERENCES call_records (id) ON DELETE CASCADE,
    transcript TEXT,
    summary TEXT,
    sentiment TEXT,
    error TEXT,
    analysed_at BIGINT NOT NULL
);

-- Voicemail messages already mailed (a call can leave several CDRs that
-- name the same box): the box and the message's msg_id.
CREATE TABLE voicemail_mails (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    mailbox TEXT NOT NULL,
    msg_id TEXT NOT NULL,
    mailed_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, mailbox, msg_id)
);
