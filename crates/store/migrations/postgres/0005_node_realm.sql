-- A node's SIP realm: when set, Realtime rows carry digests of
-- username:realm:secret (ps_auths.md5_cred, sippeers.md5secret) instead of
-- the plaintext secret.
ALTER TABLE nodes ADD COLUMN realm TEXT;
ALTER TABLE sippeers ADD COLUMN md5secret TEXT;
