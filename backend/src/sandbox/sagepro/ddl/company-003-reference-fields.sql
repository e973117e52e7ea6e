-- Tables and fields named in shared/reference/sage-pro.md §2 and §6 that company-001 lacked. Added
-- columns go at the end of their tables (ALTER TABLE; a real company has them in its own order),
-- and every history table gets the columns its current table gets, so the two stay alike. Widths
-- are the reference's where it gives them (arcust), else GUESSes documented in ../README.md.

-- Customers (ref §2, the Pro32 arcust01 dump).
ALTER TABLE arcust
  ADD COLUMN phone2    char(20)      NOT NULL DEFAULT '',
  ADD COLUMN indust    char(8)       NOT NULL DEFAULT '',
  ADD COLUMN code      char(2)       NOT NULL DEFAULT '',
  ADD COLUMN svc       numeric(7,3)  NOT NULL DEFAULT 0,   -- service (finance) charge %
  ADD COLUMN credit    numeric(16,4) NOT NULL DEFAULT 0,   -- open credits (artype 'O' / 'C')
  ADD COLUMN sltxact   char(24)      NOT NULL DEFAULT '',  -- GL sales tax account
  ADD COLUMN fchgact   char(24)      NOT NULL DEFAULT '',  -- GL finance charge account
  ADD COLUMN history   char(1)       NOT NULL DEFAULT '',  -- 'Y' keep history
  ADD COLUMN flags     char(10)      NOT NULL DEFAULT '',
  ADD COLUMN taxdist   char(4)       NOT NULL DEFAULT '',  -- tax district
  ADD COLUMN statfmt   char(1)       NOT NULL DEFAULT '',  -- statement format: 'O' open item, 'B' balance forward
  ADD COLUMN forward   numeric(16,4) NOT NULL DEFAULT 0;   -- balance forward

-- AR items and their history (ref §2: ARMAST fields).
ALTER TABLE armast
  ADD COLUMN sotrack   char(20)      NOT NULL DEFAULT '',
  ADD COLUMN storenr   char(6)       NOT NULL DEFAULT '',
  ADD COLUMN shipto    char(4)       NOT NULL DEFAULT '',  -- arcadr.cshipno
  ADD COLUMN ordate    timestamp     NOT NULL DEFAULT '1900-01-01',  -- order date
  ADD COLUMN fob       char(15)      NOT NULL DEFAULT '',
  ADD COLUMN taxdist   char(4)       NOT NULL DEFAULT '';
ALTER TABLE arymst
  ADD COLUMN sotrack   char(20)      NOT NULL DEFAULT '',
  ADD COLUMN storenr   char(6)       NOT NULL DEFAULT '',
  ADD COLUMN shipto    char(4)       NOT NULL DEFAULT '',
  ADD COLUMN ordate    timestamp     NOT NULL DEFAULT '1900-01-01',
  ADD COLUMN fob       char(15)      NOT NULL DEFAULT '',
  ADD COLUMN taxdist   char(4)       NOT NULL DEFAULT '';

-- Sales orders and their history (ref §2: SOMAST fields).
ALTER TABLE somast
  ADD COLUMN sotrack   char(20)      NOT NULL DEFAULT '',
  ADD COLUMN taxdist   char(4)       NOT NULL DEFAULT '',
  ADD COLUMN tracking  char(30)      NOT NULL DEFAULT '',  -- carrier tracking number
  ADD COLUMN maint     char(1)       NOT NULL DEFAULT '',
  ADD COLUMN reqtime   char(8)       NOT NULL DEFAULT '',
  ADD COLUMN printed   char(1)       NOT NULL DEFAULT '';  -- 'Y' pick ticket / invoice printed
ALTER TABLE soymst
  ADD COLUMN sotrack   char(20)      NOT NULL DEFAULT '',
  ADD COLUMN taxdist   char(4)       NOT NULL DEFAULT '',
  ADD COLUMN tracking  char(30)      NOT NULL DEFAULT '',
  ADD COLUMN maint     char(1)       NOT NULL DEFAULT '',
  ADD COLUMN reqtime   char(8)       NOT NULL DEFAULT '',
  ADD COLUMN printed   char(1)       NOT NULL DEFAULT '';

-- Items (ref §2: ICITEM fields).
ALTER TABLE icitem
  ADD COLUMN ilordr    timestamp     NOT NULL DEFAULT '1900-01-01',  -- last ordered from a supplier
  ADD COLUMN ilpcnt    timestamp     NOT NULL DEFAULT '1900-01-01',  -- last physical count
  ADD COLUMN makeitr   char(1)       NOT NULL DEFAULT '',  -- 'Y' manufactured (kit / assembly)
  ADD COLUMN altitm1   char(25)      NOT NULL DEFAULT '',
  ADD COLUMN altitm2   char(25)      NOT NULL DEFAULT '';

-- Customer ship-to addresses (ARCADR, ref §2).
CREATE TABLE arcadr (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  custno    char(6)       NOT NULL DEFAULT '',
  cshipno   char(4)       NOT NULL DEFAULT '',
  company   char(35)      NOT NULL DEFAULT '',
  contact   char(30)      NOT NULL DEFAULT '',
  address1  char(35)      NOT NULL DEFAULT '',
  address2  char(35)      NOT NULL DEFAULT '',
  city      char(20)      NOT NULL DEFAULT '',
  addrstate char(10)      NOT NULL DEFAULT '',
  zip       char(10)      NOT NULL DEFAULT '',
  country   char(15)      NOT NULL DEFAULT '',
  phone     char(20)      NOT NULL DEFAULT '',
  taxdist   char(4)       NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX arcadr_custno ON arcadr (custno, cshipno);

-- Inventory cost layers (ICCOST, ref §2: item, cost, conhand): quantity on hand at each cost.
CREATE TABLE iccost (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item      char(25)      NOT NULL DEFAULT '',
  loctid    char(6)       NOT NULL DEFAULT '',
  cost      numeric(16,4) NOT NULL DEFAULT 0,
  conhand   numeric(12,2) NOT NULL DEFAULT 0,  -- sums to iciloc.lonhand per item and location
  recdate   timestamp     NOT NULL DEFAULT '1900-01-01',  -- received
  purno     char(10)      NOT NULL DEFAULT '',  -- the purchase order it came in on
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX iccost_item ON iccost (item, loctid);

-- Purchase orders (POMAST, ref §2).
CREATE TABLE pomast (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  purno     char(10)      NOT NULL DEFAULT '',  -- right-justified
  potype    char(1)       NOT NULL DEFAULT '',  -- '' regular, 'B' blanket
  postat    char(1)       NOT NULL DEFAULT '',  -- '' open, 'C' closed, 'V' / 'X' void
  vendno    char(6)       NOT NULL DEFAULT '',
  purdate   timestamp     NOT NULL DEFAULT '1900-01-01',
  reqdate   timestamp     NOT NULL DEFAULT '1900-01-01',
  loctid    char(6)       NOT NULL DEFAULT '',
  shipvia   char(12)      NOT NULL DEFAULT '',
  puramt    numeric(16,4) NOT NULL DEFAULT 0,   -- ordered, at cost
  recamt    numeric(16,4) NOT NULL DEFAULT 0,   -- received, at cost
  currid    char(3)       NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX pomast_purno ON pomast (purno);
CREATE INDEX pomast_vendno ON pomast (vendno, purno);

-- Purchase order lines (POTRAN, ref §2).
CREATE TABLE potran (
  id_col     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  purno      char(10)      NOT NULL DEFAULT '',
  tranlineno numeric(4,0)  NOT NULL DEFAULT 0,
  vendno     char(6)       NOT NULL DEFAULT '',
  item       char(25)      NOT NULL DEFAULT '',
  descrip    char(30)      NOT NULL DEFAULT '',
  loctid     char(6)       NOT NULL DEFAULT '',
  umeasur    char(4)       NOT NULL DEFAULT '',
  qtyord     numeric(12,2) NOT NULL DEFAULT 0,
  qtyrec     numeric(12,2) NOT NULL DEFAULT 0,
  cost       numeric(16,4) NOT NULL DEFAULT 0,
  extcost    numeric(16,4) NOT NULL DEFAULT 0,  -- qtyord x cost
  postat     char(1)       NOT NULL DEFAULT '',
  reqdate    timestamp     NOT NULL DEFAULT '1900-01-01',
  recdate    timestamp     NOT NULL DEFAULT '1900-01-01',
  glasst     char(24)      NOT NULL DEFAULT '',
  adduser    char(4)       NOT NULL DEFAULT '',
  adddate    timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime    char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX potran_purno ON potran (purno, tranlineno);
CREATE INDEX potran_item ON potran (item, loctid);
