-- A reconciliation report with differences nobody explained raises the tenant's alert (#15).
ALTER TYPE alert_rule_kind ADD VALUE 'reconciliation_difference';
