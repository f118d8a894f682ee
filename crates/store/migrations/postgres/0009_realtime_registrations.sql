-- What Asterisk itself writes into the Realtime tables when phones
-- register: PJSIP contacts (ps_contacts, with Asterisk's column names and
-- types) and chan_sip's registration columns of sippeers; and the static
-- contact column of ps_aors. Without them a REGISTER got 200 while the
-- contact was never stored, so the phone could not be called.

CREATE TABLE ps_contacts (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    uri VARCHAR(511),
    expiration_time BIGINT,
    qualify_frequency INTEGER,
    outbound_proxy VARCHAR(255),
    path TEXT,
    user_agent VARCHAR(255),
    qualify_timeout FLOAT,
    reg_server VARCHAR(255),
    authenticate_qualify VARCHAR(5),
    via_addr VARCHAR(40),
    via_port INTEGER,
    call_id VARCHAR(255),
    endpoint VARCHAR(255),
    prune_on_boot VARCHAR(5),
    qualify_2xx_only VARCHAR(5)
);
CREATE INDEX ps_contacts_endpoint ON ps_contacts (endpoint);

ALTER TABLE ps_aors ADD COLUMN contact VARCHAR(255);

ALTER TABLE sippeers ADD COLUMN ipaddr VARCHAR(45);
ALTER TABLE sippeers ADD COLUMN port INTEGER;
ALTER TABLE sippeers ADD COLUMN regseconds INTEGER;
ALTER TABLE sippeers ADD COLUMN fullcontact VARCHAR(80);
ALTER TABLE sippeers ADD COLUMN regserver VARCHAR(20);
ALTER TABLE sippeers ADD COLUMN useragent VARCHAR(255);
ALTER TABLE sippeers ADD COLUMN lastms INTEGER;
ALTER TABLE sippeers ADD COLUMN insecure VARCHAR(40);
ALTER TABLE sippeers ADD COLUMN callbackextension VARCHAR(40);
