-- The rates of rate tables (tenant objects of kind 'rate_table'). Amounts
-- are integers in 1/10,000 of the tenant's currency.
CREATE TABLE rates (
    table_id BIGINT NOT NULL REFERENCES tenant_objects (id) ON DELETE CASCADE,
    prefix TEXT NOT NULL,
    description TEXT NOT NULL,
    per_minute BIGINT NOT NULL,
    connection_fee BIGINT NOT NULL,
    billing_minimum BIGINT NOT NULL,
    billing_increment BIGINT NOT NULL,
    PRIMARY KEY (table_id, prefix)
);

-- call_rate was free text; it now holds the id of a rate table. Each text
-- used before becomes an (empty) rate table of that name in its tenant, and
-- the settings refer to it, so nothing an administrator typed is lost.
INSERT INTO tenant_objects (tenant_id, kind, name, value)
SELECT DISTINCT tenant_id, 'rate_table', name, 'created from the former free-text call rate'
FROM (
    SELECT tenant_id, settings::jsonb #>> '{outbound,call_rate}' AS name FROM extensions
    WHERE jsonb_typeof(settings::jsonb #> '{outbound,call_rate}') = 'string'
    UNION
    SELECT id, defaults::jsonb #>> '{outbound,call_rate}' FROM tenants
    WHERE jsonb_typeof(defaults::jsonb #> '{outbound,call_rate}') = 'string'
) AS legacy
WHERE name <> ''
ON CONFLICT DO NOTHING;

UPDATE extensions SET settings = jsonb_set(settings::jsonb, '{outbound,call_rate}', COALESCE((
    SELECT to_jsonb(o.id) FROM tenant_objects o
    WHERE o.tenant_id = extensions.tenant_id AND o.kind = 'rate_table'
      AND o.name = extensions.settings::jsonb #>> '{outbound,call_rate}'), 'null'::jsonb))::text
WHERE jsonb_typeof(settings::jsonb #> '{outbound,call_rate}') = 'string';

UPDATE tenants SET defaults = jsonb_set(defaults::jsonb, '{outbound,call_rate}', COALESCE((
    SELECT to_jsonb(o.id) FROM tenant_objects o
    WHERE o.tenant_id = tenants.id AND o.kind = 'rate_table'
      AND o.name = tenants.defaults::jsonb #>> '{outbound,call_rate}'), 'null'::jsonb))::text
WHERE jsonb_typeof(defaults::jsonb #> '{outbound,call_rate}') = 'string';

INSERT INTO extension_refs (extension_id, tenant_id, setting, target_kind, target)
SELECT id, tenant_id, 'call_rate', 'object', settings::jsonb #>> '{outbound,call_rate}'
FROM extensions
WHERE jsonb_typeof(settings::jsonb #> '{outbound,call_rate}') = 'number';
