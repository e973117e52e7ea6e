-- Sage Pro ERP, SQL Server edition: the system database (PROSYS / NPIPROSYS), here the schema
-- `prosys`. Applied with search_path set to that schema, so no name is qualified.
-- Like every Sage Pro table: an id_col identity, fixed-width CHAR fields padded with spaces, money as
-- numeric(16,4), dates as timestamp with 1900-01-01 for "empty", NOT NULL with blank defaults, and no
-- foreign keys, unique keys or triggers (Sage Pro keeps none at the database level).
-- Widths and the columns marked GUESS are documented in ../README.md.

-- Companies (SYCCOMP).
CREATE TABLE syccomp (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  compid    char(2)       NOT NULL DEFAULT '',
  compname  char(35)      NOT NULL DEFAULT '',
  address1  char(35)      NOT NULL DEFAULT '',
  city      char(20)      NOT NULL DEFAULT '',
  addrstate char(10)      NOT NULL DEFAULT '',
  zip       char(10)      NOT NULL DEFAULT '',
  phone     char(20)      NOT NULL DEFAULT '',
  currid    char(3)       NOT NULL DEFAULT '',
  curyear   numeric(4,0)  NOT NULL DEFAULT 0,   -- GUESS: current fiscal year
  curperd   numeric(2,0)  NOT NULL DEFAULT 0,   -- GUESS: current fiscal period
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT '',
  lckstat   char(1)       NOT NULL DEFAULT '',
  lckuser   char(4)       NOT NULL DEFAULT '',
  lckdate   timestamp     NOT NULL DEFAULT '1900-01-01',
  lcktime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX syccomp_compid ON syccomp (compid);

-- Per-company code lists (SYCRLST): salespeople, order statuses ('ORDRSTAT'), sources, types, ...
CREATE TABLE sycrlst (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  compid    char(10)      NOT NULL DEFAULT '',  -- '01        ' as third-party SQL compares it
  ruleid    char(8)       NOT NULL DEFAULT '',  -- 'ORDRSTAT', 'SLSPERS ', 'DRIVER  '
  chrvl     char(20)      NOT NULL DEFAULT '',
  descrip   char(40)      NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX sycrlst_rule ON sycrlst (compid, ruleid, chrvl);

-- Next numbers (SYSDATA): one row per module and company, sysid = module + compid ('SO01', 'AR01').
-- int1 holds the LAST number used (the next is int1 + 1); see ../README.md for each counter.
CREATE TABLE sysdata (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sysid     char(4)       NOT NULL DEFAULT '',
  descrip   char(30)      NOT NULL DEFAULT '',
  pass1     char(10)      NOT NULL DEFAULT '',
  pass2     char(10)      NOT NULL DEFAULT '',  -- a row whose pass2 starts with 'D' is skipped by SO entry
  int1      numeric(10,0) NOT NULL DEFAULT 0,
  int2      numeric(10,0) NOT NULL DEFAULT 0,
  int3      numeric(10,0) NOT NULL DEFAULT 0,
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX sysdata_sysid ON sysdata (sysid);
