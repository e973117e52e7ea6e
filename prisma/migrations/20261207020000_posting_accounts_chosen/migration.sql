-- A real company has no default GL accounts: posting accounts are chosen from the company's own chart.
-- Until now every connection without stored accounts posted to the sandbox chart's (1010, 1200, 4050,
-- 1020, 1030, 4000), and saving any other posting setting stored those defaults with it.

-- 1. Sandbox connections keep the sandbox chart's accounts, now stored with them (what they chose stays).
UPDATE sagepro_connections
SET settings = jsonb_build_object(
      'glCash', '1010', 'glReceivables', '1200', 'glDiscounts', '4050',
      'glRefunds', '1020', 'glChargebacks', '1030', 'glSales', '4000'
    ) || settings
WHERE edition = 'sandbox';

-- 2. A SQL Server connection forgets each sandbox default nobody chose for it (no posting change in the
--    audit log ever named that account): its events wait as dead letters naming the account until a
--    person picks one from the company's chart, instead of posting to an account that may mean
--    something else there.
UPDATE sagepro_connections AS c
SET settings = c.settings - ARRAY(
      SELECT d.field
      FROM (VALUES ('glCash', '1010'), ('glReceivables', '1200'), ('glDiscounts', '4050'),
                   ('glRefunds', '1020'), ('glChargebacks', '1030'), ('glSales', '4000')) AS d(field, account)
      WHERE c.settings ->> d.field = d.account
        AND NOT EXISTS (
          SELECT 1 FROM audit_log a
          WHERE a.target_type = 'sagepro_connection' AND a.target_id = c.id::text
            AND a.action = 'connection.updated' AND (a.details -> 'posting') ? d.field
        )
    )
WHERE c.edition = 'sqlserver';
