-- Budget counters start from the spend recorded so far in their period (a SUM of cost_nanos over a
-- key's or a tenant's records since the period began). With cost_nanos in the index that sum is
-- read from the index alone, however many records a busy tenant has this month.
DROP INDEX usage_records_tenant_at;

DROP INDEX usage_records_key_at;

CREATE INDEX usage_records_tenant_at_cost ON usage_records (tenant_id, at, cost_nanos);

CREATE INDEX usage_records_key_at_cost ON usage_records (key_id, at, cost_nanos);
