-- The rates of rate tables (tenant objects of kind 'rate_table'). Amounts
-- are integers in 1/10,000 of the tenant's currency.
CREATE TABLE rates (
    table_id INTEGER NOT NULL REFERENCES tenant_objects (id) ON DELETE CASCADE,
    prefix TEXT NOT NULL,
    description TEXT NOT NULL,
    per_minute BIGINT NOT NULL,
    connection_fee BIGINT NOT NULL,
    billing_minimum INTEGER NOT NULL,
    billing_increment INTEGER NOT NULL,
    PRIMARY KEY (table_id, prefix)
);

-- call_rate was free text; it now holds the id of a rate table. Each text
-- used before becomes an (empty) rate table of that name in its tenant, and
-- the settings refer to it, so nothing an administrator typed is lost.
INSERT INTO tenant_objects (tenant_id, kind, name, value)
SELECT DISTINCT tenant_id, 'rate_table', name, 'created from the former free-text call rate'
FROM (
    SELECT tenant_id, json_extract(settings, '$.outbound.call_rate') AS name FROM extensions
    WHERE json_type(settings, '$.outbound.call_rate') = 'text'
    UNION
    SELECT id, json_extract(defaults, '$.outbound.call_rate') FROM tenants
    WHERE json_type(defaults, '$.outbound.call_rate') = 'text'
) AS legacy
WHERE name <> ''
ON CONFLICT DO NOTHING;

UPDATE extensions SET settings = json_set(settings, '$.outbound.call_rate', (
    SELECT o.id FROM tenant_objects o
    WHERE o.tenant_id = extensions.tenant_id AND o.kind = 'rate_table'
      AND o.name = json_extract(extensions.settings, '$.outbound.call_rate')))
WHERE json_type(settings, '$.outbound.call_rate') = 'text';

UPDATE tenants SET defaults = json_set(defaults, '$.outbound.call_rate', (
    SELECT o.id FROM tenant_objects o
    WHERE o.tenant_id = tenants.id AND o.kind = 'rate_table'
      AND o.name = json_extract(tenants.defaults, '$.outbound.call_rate')))
WHERE json_type(defaults, '$.outbound.call_rate') = 'text';

INSERT INTO extension_refs (extension_id, tenant_id, setting, target_kind, target)
SELECT id, tenant_id, 'call_rate', 'object', CAST(json_extract(settings, '$.outbound.call_rate') AS TEXT)
FROM extensions
WHERE json_type(settings, '$.outbound.call_rate') = 'integer';
