-- The fiscal calendar (SYCDFIS, ref §2: "sycdfis = fiscal calendar", a GUESS; its fields are not
-- public, so every column here is a GUESS documented in ../README.md). One row per company, fiscal
-- year and period. `closed` = 'Y' once period close has run for the period: nothing may be posted
-- into it any more, and the paid items of it and before are in the history tables. The first open
-- period is also syccomp.curyear / curperd. Applied with search_path set to prosys, like
-- system-001-tables.sql.

CREATE TABLE sycdfis (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  compid    char(2)       NOT NULL DEFAULT '',
  fyear     numeric(4,0)  NOT NULL DEFAULT 0,
  fperiod   numeric(2,0)  NOT NULL DEFAULT 0,
  begdate   timestamp     NOT NULL DEFAULT '1900-01-01',
  enddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  closed    char(1)       NOT NULL DEFAULT '',  -- 'Y' closed, '' open
  closedate timestamp     NOT NULL DEFAULT '1900-01-01',  -- when period close ran
  closeuser char(4)       NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX sycdfis_period ON sycdfis (compid, fyear, fperiod);
