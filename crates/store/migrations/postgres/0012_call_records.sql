-- Call records: one row per Asterisk CDR, kept per tenant and extension
-- (the calling extension of internal and outbound calls, the called one
-- of inbound calls), priced when an outbound call ends. Times are Unix
-- seconds; amounts are in 1/10,000 of the tenant currency.
CREATE TABLE call_records (
    id BIGSERIAL PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    extension TEXT NOT NULL,
    direction TEXT NOT NULL,
    caller TEXT NOT NULL,
    callee TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    answered_at BIGINT,
    ended_at BIGINT NOT NULL,
    duration BIGINT NOT NULL,
    billsec BIGINT NOT NULL,
    disposition TEXT NOT NULL,
    node TEXT NOT NULL,
    uniqueid TEXT NOT NULL,
    linkedid TEXT NOT NULL,
    recording TEXT,
    rate_prefix TEXT,
    amount BIGINT
);
CREATE INDEX call_records_extension_day ON call_records (tenant_id, extension, started_at);
CREATE INDEX call_records_tenant_day ON call_records (tenant_id, started_at);

-- Outbound spend per extension and UTC day (Unix seconds / 86,400),
-- kept with the records: the limit check and the spend chart read a few
-- rows here instead of summing millions of records.
CREATE TABLE call_spend_daily (
    tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    extension TEXT NOT NULL,
    day BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, extension, day)
);

-- Budget granted to outbound calls still running: the limit check counts
-- it as spent until the call's record arrives (or the grant expires), so
-- parallel calls cannot together overspend a limit.
CREATE TABLE call_grants (
    uniqueid TEXT PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    extension TEXT NOT NULL,
    node TEXT NOT NULL,
    channel TEXT NOT NULL,
    amount BIGINT NOT NULL,
    granted_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX call_grants_extension ON call_grants (tenant_id, extension);

-- The pbx call-control service (FastAGI, host:port) a node's dialplan asks
-- before each outbound call, and what a tenant's calls do when it cannot.
ALTER TABLE nodes ADD COLUMN call_control TEXT;
ALTER TABLE tenants ADD COLUMN call_control_fallback TEXT NOT NULL DEFAULT 'allow';

-- Where each node's cdr_pgsql writes its CDRs (`table = asterisk_cdr` in
-- cdr_pgsql.conf). Asterisk fills the columns named after CDR fields and
-- the pbx_* columns from the CDR variables the generated dialplan sets.
-- pbx drains it: each batch is deleted in the transaction that stores its
-- call records, so nothing is lost while pbx is down and nothing is
-- stored twice when several pbx instances drain it.
CREATE TABLE asterisk_cdr (
    id BIGSERIAL PRIMARY KEY,
    start BIGINT,
    answer BIGINT,
    "end" BIGINT,
    duration BIGINT,
    billsec BIGINT,
    clid TEXT,
    src TEXT,
    dst TEXT,
    dcontext TEXT,
    channel TEXT,
    dstchannel TEXT,
    lastapp TEXT,
    lastdata TEXT,
    disposition TEXT,
    amaflags TEXT,
    accountcode TEXT,
    uniqueid TEXT,
    linkedid TEXT,
    userfield TEXT,
    sequence BIGINT,
    pbx_tenant TEXT,
    pbx_ext TEXT,
    pbx_direction TEXT,
    pbx_node TEXT,
    pbx_dialled TEXT,
    pbx_recording TEXT
);

-- Extensions whose outbound calls are blocked (by an administrator or an
-- abuse rule) until an administrator unlocks them.
CREATE TABLE extension_locks (
    tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    locked_at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    locked_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, number)
);
