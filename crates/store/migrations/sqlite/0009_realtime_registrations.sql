-- What Asterisk itself writes into the Realtime tables when phones
-- register: PJSIP contacts (ps_contacts, with Asterisk's column names and
-- types) and chan_sip's registration columns of sippeers; and the static
-- contact column of ps_aors. Without them a REGISTER got 200 while the
-- contact was never stored, so the phone could not be called.

CREATE TABLE ps_contacts (
    id TEXT NOT NULL PRIMARY KEY,
    uri TEXT,
    expiration_time INTEGER,
    qualify_frequency INTEGER,
    outbound_proxy TEXT,
    path TEXT,
    user_agent TEXT,
    qualify_timeout REAL,
    reg_server TEXT,
    authenticate_qualify TEXT,
    via_addr TEXT,
    via_port INTEGER,
    call_id TEXT,
    endpoint TEXT,
    prune_on_boot TEXT,
    qualify_2xx_only TEXT
);
CREATE INDEX ps_contacts_endpoint ON ps_contacts (endpoint);

ALTER TABLE ps_aors ADD COLUMN contact TEXT;

ALTER TABLE sippeers ADD COLUMN ipaddr TEXT;
ALTER TABLE sippeers ADD COLUMN port INTEGER;
ALTER TABLE sippeers ADD COLUMN regseconds INTEGER;
ALTER TABLE sippeers ADD COLUMN fullcontact TEXT;
ALTER TABLE sippeers ADD COLUMN regserver TEXT;
ALTER TABLE sippeers ADD COLUMN useragent TEXT;
ALTER TABLE sippeers ADD COLUMN lastms INTEGER;
ALTER TABLE sippeers ADD COLUMN insecure TEXT;
ALTER TABLE sippeers ADD COLUMN callbackextension TEXT;
