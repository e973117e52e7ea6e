-- Sage Pro ERP, SQL Server edition: one company's database (PRO01 / NPICOMPANY01), here a schema per
-- company (`pro01`, `pro99`). Applied once per company with search_path set to its schema, so no
-- name is qualified.
-- Every table: an id_col identity primary key, fixed-width CHAR fields padded with spaces (document
-- counters right-justified, codes left-justified), money (VFP currency Y) as numeric(16,4), VFP N(w,d)
-- as numeric(w,d), dates as timestamp with 1900-01-01 for "empty", NOT NULL with blank defaults.
-- Business keys are indexed but NOT unique (the SQL edition can hold two arcust rows with one custno),
-- and there are no foreign keys or triggers: Sage Pro keeps its rules in the application.
-- Widths and the columns marked GUESS are documented in ../README.md.

-- Customers.
CREATE TABLE arcust (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  custno    char(6)       NOT NULL DEFAULT '',
  company   char(35)      NOT NULL DEFAULT '',
  contact   char(30)      NOT NULL DEFAULT '',
  title     char(30)      NOT NULL DEFAULT '',
  address1  char(35)      NOT NULL DEFAULT '',
  address2  char(35)      NOT NULL DEFAULT '',
  city      char(20)      NOT NULL DEFAULT '',
  addrstate char(10)      NOT NULL DEFAULT '',
  zip       char(10)      NOT NULL DEFAULT '',
  country   char(15)      NOT NULL DEFAULT '',
  phone     char(20)      NOT NULL DEFAULT '',
  faxno     char(20)      NOT NULL DEFAULT '',
  email     text          NOT NULL DEFAULT '',   -- memo
  terr      char(3)       NOT NULL DEFAULT '',
  salesmn   char(4)       NOT NULL DEFAULT '',
  source    char(15)      NOT NULL DEFAULT '',
  type      char(8)       NOT NULL DEFAULT '',
  pterms    char(20)      NOT NULL DEFAULT '',
  pdisc     numeric(7,3)  NOT NULL DEFAULT 0,
  pdays     numeric(3,0)  NOT NULL DEFAULT 0,
  pnet      numeric(3,0)  NOT NULL DEFAULT 0,
  disc      numeric(7,3)  NOT NULL DEFAULT 0,
  tax       numeric(7,3)  NOT NULL DEFAULT 0,
  taxcode   char(6)       NOT NULL DEFAULT '',
  pricecode char(3)       NOT NULL DEFAULT '',
  currency  char(3)       NOT NULL DEFAULT '',
  gllink    char(3)       NOT NULL DEFAULT '',
  aracct    char(24)      NOT NULL DEFAULT '',
  ldate     timestamp     NOT NULL DEFAULT '1900-01-01',  -- last sale
  lastpay   timestamp     NOT NULL DEFAULT '1900-01-01',
  entered   timestamp     NOT NULL DEFAULT '1900-01-01',
  balance   numeric(16,4) NOT NULL DEFAULT 0,            -- sum of open items (arstat <> 'V')
  hibalance numeric(16,4) NOT NULL DEFAULT 0,
  ptdsls    numeric(16,4) NOT NULL DEFAULT 0,
  ytdsls    numeric(16,4) NOT NULL DEFAULT 0,
  onorder   numeric(16,4) NOT NULL DEFAULT 0,
  credlimit numeric(16,4) NOT NULL DEFAULT 0,
  lpymt     numeric(16,4) NOT NULL DEFAULT 0,
  lsale     numeric(16,4) NOT NULL DEFAULT 0,
  pmtdays   numeric(6,1)  NOT NULL DEFAULT 0,
  credstat  char(1)       NOT NULL DEFAULT '',  -- 'H' credit hold
  custstat  char(1)       NOT NULL DEFAULT '',  -- GUESS: 'I' inactive, '' active
  comment   char(65)      NOT NULL DEFAULT '',
  cstmemo   text          NOT NULL DEFAULT '',  -- memo
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT '',
  lckstat   char(1)       NOT NULL DEFAULT '',
  lckuser   char(4)       NOT NULL DEFAULT '',
  lckdate   timestamp     NOT NULL DEFAULT '1900-01-01',
  lcktime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX arcust_custno ON arcust (custno);

-- AR open items: invoices, credits ('C'), open receipts ('O').
CREATE TABLE armast (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invno     char(10)      NOT NULL DEFAULT '',  -- right-justified
  custno    char(6)       NOT NULL DEFAULT '',
  invdte    timestamp     NOT NULL DEFAULT '1900-01-01',
  artype    char(1)       NOT NULL DEFAULT '',  -- '' invoice, 'C' credit, 'O' open receipt, 'T'
  arstat    char(1)       NOT NULL DEFAULT '',  -- '' active, 'V' / 'X' void
  ornum     char(10)      NOT NULL DEFAULT '',  -- sales order it came from, right-justified
  ponum     char(20)      NOT NULL DEFAULT '',
  refno     char(20)      NOT NULL DEFAULT '',
  salesmn   char(4)       NOT NULL DEFAULT '',
  terr      char(3)       NOT NULL DEFAULT '',
  shipvia   char(12)      NOT NULL DEFAULT '',
  pterms    char(20)      NOT NULL DEFAULT '',
  pdisc     numeric(7,3)  NOT NULL DEFAULT 0,
  pdays     numeric(3,0)  NOT NULL DEFAULT 0,
  pnet      numeric(3,0)  NOT NULL DEFAULT 0,
  disc      numeric(7,3)  NOT NULL DEFAULT 0,
  taxrate   numeric(7,3)  NOT NULL DEFAULT 0,
  invamt    numeric(16,4) NOT NULL DEFAULT 0,
  tax       numeric(16,4) NOT NULL DEFAULT 0,
  paidamt   numeric(16,4) NOT NULL DEFAULT 0,  -- receipts + discounts applied
  disamt    numeric(16,4) NOT NULL DEFAULT 0,  -- discounts taken
  balance   numeric(16,4) NOT NULL DEFAULT 0,  -- invamt - paidamt
  bbal      numeric(16,4) NOT NULL DEFAULT 0,  -- balance in base currency
  currid    char(3)       NOT NULL DEFAULT '',
  glarec    char(24)      NOT NULL DEFAULT '',  -- GUESS: AR account posted to
  dtepaid   timestamp     NOT NULL DEFAULT '1900-01-01',  -- last payment
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT '',
  lckstat   char(1)       NOT NULL DEFAULT '',
  lckuser   char(4)       NOT NULL DEFAULT '',
  lckdate   timestamp     NOT NULL DEFAULT '1900-01-01',
  lcktime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX armast_invno ON armast (invno);
CREATE INDEX armast_custno ON armast (custno, invno);

-- AR invoice lines.
CREATE TABLE artran (
  id_col     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invno      char(10)      NOT NULL DEFAULT '',
  custno     char(6)       NOT NULL DEFAULT '',
  tranlineno numeric(4,0)  NOT NULL DEFAULT 0,
  transeq    char(4)       NOT NULL DEFAULT '',  -- right-justified line number
  item       char(25)      NOT NULL DEFAULT '',
  descrip    char(30)      NOT NULL DEFAULT '',
  loctid     char(6)       NOT NULL DEFAULT '',
  serial     char(20)      NOT NULL DEFAULT '',
  sono       char(10)      NOT NULL DEFAULT '',
  umeasur    char(4)       NOT NULL DEFAULT '',
  qtyord     numeric(12,2) NOT NULL DEFAULT 0,
  qtyshp     numeric(12,2) NOT NULL DEFAULT 0,
  cost       numeric(16,4) NOT NULL DEFAULT 0,
  price      numeric(16,4) NOT NULL DEFAULT 0,
  extprice   numeric(16,4) NOT NULL DEFAULT 0,
  disc       numeric(7,3)  NOT NULL DEFAULT 0,
  glsale     char(24)      NOT NULL DEFAULT '',
  artype     char(1)       NOT NULL DEFAULT '',
  arstat     char(1)       NOT NULL DEFAULT '',
  invdte     timestamp     NOT NULL DEFAULT '1900-01-01',
  salesmn    char(4)       NOT NULL DEFAULT '',
  adduser    char(4)       NOT NULL DEFAULT '',
  adddate    timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime    char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX artran_invno ON artran (invno, tranlineno);

-- Cash receipts: one row per receipt applied to one invoice.
CREATE TABLE arcash (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  custno    char(6)       NOT NULL DEFAULT '',
  invno     char(10)      NOT NULL DEFAULT '',
  refno     char(20)      NOT NULL DEFAULT '',  -- check number / payment reference
  dtepaid   timestamp     NOT NULL DEFAULT '1900-01-01',
  paidamt   numeric(16,4) NOT NULL DEFAULT 0,
  disamt    numeric(16,4) NOT NULL DEFAULT 0,
  arsess    char(6)       NOT NULL DEFAULT '',  -- GUESS: AR session it was entered in
  cashacct  char(24)      NOT NULL DEFAULT '',  -- GUESS: GL cash account debited
  currid    char(3)       NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX arcash_custno ON arcash (custno, invno);
CREATE INDEX arcash_invno ON arcash (invno);

-- AR GL distributions: amount > 0 debit, < 0 credit; each session balances to zero.
CREATE TABLE ardist (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tranno    char(10)      NOT NULL DEFAULT '',  -- = armast.invno
  custno    char(6)       NOT NULL DEFAULT '',  -- GUESS (APDIST has vendno)
  glacnt    char(24)      NOT NULL DEFAULT '',
  descrip   char(30)      NOT NULL DEFAULT '',
  amount    numeric(16,4) NOT NULL DEFAULT 0,
  trandte   timestamp     NOT NULL DEFAULT '1900-01-01',
  arsess    char(6)       NOT NULL DEFAULT '',  -- right-justified
  glbatch   char(6)       NOT NULL DEFAULT '',  -- right-justified; blank until transferred to GL
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX ardist_tranno ON ardist (tranno);
CREATE INDEX ardist_arsess ON ardist (arsess);

-- Sales order headers.
CREATE TABLE somast (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sono      char(10)      NOT NULL DEFAULT '',  -- right-justified
  custno    char(6)       NOT NULL DEFAULT '',
  cshipno   char(4)       NOT NULL DEFAULT '',
  sostat    char(1)       NOT NULL DEFAULT '',  -- '' open, 'C' closed, 'V' void
  sotype    char(1)       NOT NULL DEFAULT '',  -- '' regular, 'B' bid, 'R' return, 'O'
  orderstat char(20)      NOT NULL DEFAULT '',  -- user-defined status, codes in prosys.sycrlst 'ORDRSTAT'
  ponum     char(20)      NOT NULL DEFAULT '',
  ornum     char(10)      NOT NULL DEFAULT '',
  sodate    timestamp     NOT NULL DEFAULT '1900-01-01',
  ordate    timestamp     NOT NULL DEFAULT '1900-01-01',
  shipvia   char(12)      NOT NULL DEFAULT '',
  fob       char(15)      NOT NULL DEFAULT '',
  pterms    char(20)      NOT NULL DEFAULT '',
  pdisc     numeric(7,3)  NOT NULL DEFAULT 0,
  pdays     numeric(3,0)  NOT NULL DEFAULT 0,
  pnet      numeric(3,0)  NOT NULL DEFAULT 0,
  ordamt    numeric(16,4) NOT NULL DEFAULT 0,
  shpamt    numeric(16,4) NOT NULL DEFAULT 0,
  bordamt   numeric(16,4) NOT NULL DEFAULT 0,
  tax       numeric(16,4) NOT NULL DEFAULT 0,
  taxrate   numeric(7,3)  NOT NULL DEFAULT 0,
  shipchg   numeric(16,4) NOT NULL DEFAULT 0,
  salesmn   char(4)       NOT NULL DEFAULT '',
  terr      char(3)       NOT NULL DEFAULT '',
  defloc    char(6)       NOT NULL DEFAULT '',
  currid    char(3)       NOT NULL DEFAULT '',
  exchrat   numeric(9,5)  NOT NULL DEFAULT 0,
  glarec    char(24)      NOT NULL DEFAULT '',
  notes     text          NOT NULL DEFAULT '',  -- memo
  release   char(1)       NOT NULL DEFAULT '',
  shipcomp  char(1)       NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT '',
  lckstat   char(1)       NOT NULL DEFAULT '',
  lckuser   char(4)       NOT NULL DEFAULT '',
  lckdate   timestamp     NOT NULL DEFAULT '1900-01-01',
  lcktime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX somast_sono ON somast (sono);
CREATE INDEX somast_custno ON somast (custno, sono);

-- Sales order lines.
CREATE TABLE sotran (
  id_col     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sono       char(10)      NOT NULL DEFAULT '',
  tranlineno numeric(4,0)  NOT NULL DEFAULT 0,
  transeq    char(4)       NOT NULL DEFAULT '',
  custno     char(6)       NOT NULL DEFAULT '',
  item       char(25)      NOT NULL DEFAULT '',
  descrip    char(30)      NOT NULL DEFAULT '',
  loctid     char(6)       NOT NULL DEFAULT '',
  serial     char(20)      NOT NULL DEFAULT '',
  cpartno    char(25)      NOT NULL DEFAULT '',
  umeasur    char(4)       NOT NULL DEFAULT '',
  qtyord     numeric(12,2) NOT NULL DEFAULT 0,  -- still open
  qtyshp     numeric(12,2) NOT NULL DEFAULT 0,
  origqtyord numeric(12,2) NOT NULL DEFAULT 0,
  tqtyord    numeric(12,2) NOT NULL DEFAULT 0,
  tqtyshp    numeric(12,2) NOT NULL DEFAULT 0,
  cost       numeric(16,4) NOT NULL DEFAULT 0,
  price      numeric(16,4) NOT NULL DEFAULT 0,
  extprice   numeric(16,4) NOT NULL DEFAULT 0,
  origextpri numeric(16,4) NOT NULL DEFAULT 0,
  bcost      numeric(16,4) NOT NULL DEFAULT 0,
  bprice     numeric(16,4) NOT NULL DEFAULT 0,
  bextpri    numeric(16,4) NOT NULL DEFAULT 0,
  tprice     numeric(16,4) NOT NULL DEFAULT 0,
  tcost      numeric(16,4) NOT NULL DEFAULT 0,
  disc       numeric(7,3)  NOT NULL DEFAULT 0,
  taxrate    numeric(7,3)  NOT NULL DEFAULT 0,
  taxable    char(1)       NOT NULL DEFAULT '',
  stkcode    char(1)       NOT NULL DEFAULT '',
  glsale     char(24)      NOT NULL DEFAULT '',
  glasst     char(24)      NOT NULL DEFAULT '',
  ordate     timestamp     NOT NULL DEFAULT '1900-01-01',
  rqdate     timestamp     NOT NULL DEFAULT '1900-01-01',
  shipdate   timestamp     NOT NULL DEFAULT '1900-01-01',
  sostat     char(1)       NOT NULL DEFAULT '',
  sotype     char(1)       NOT NULL DEFAULT '',
  salesmn    char(4)       NOT NULL DEFAULT '',
  terr       char(3)       NOT NULL DEFAULT '',
  currid     char(3)       NOT NULL DEFAULT '',
  exchrat    numeric(9,5)  NOT NULL DEFAULT 0,
  adduser    char(4)       NOT NULL DEFAULT '',
  adddate    timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime    char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX sotran_sono ON sotran (sono, tranlineno);
CREATE INDEX sotran_item ON sotran (item, loctid);

-- Sales order addresses ('D' delivery).
CREATE TABLE soaddr (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sono      char(10)      NOT NULL DEFAULT '',
  custno    char(6)       NOT NULL DEFAULT '',
  adtype    char(1)       NOT NULL DEFAULT '',
  company   char(35)      NOT NULL DEFAULT '',
  address1  char(35)      NOT NULL DEFAULT '',
  address2  char(35)      NOT NULL DEFAULT '',
  address3  char(35)      NOT NULL DEFAULT '',
  city      char(20)      NOT NULL DEFAULT '',
  addrstate char(10)      NOT NULL DEFAULT '',
  zip       char(10)      NOT NULL DEFAULT '',
  country   char(15)      NOT NULL DEFAULT '',
  phone     char(20)      NOT NULL DEFAULT '',
  email     char(60)      NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX soaddr_sono ON soaddr (sono, adtype);

-- Item master.
CREATE TABLE icitem (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item      char(25)      NOT NULL DEFAULT '',
  itmdesc   char(30)      NOT NULL DEFAULT '',
  itmdes2   char(30)      NOT NULL DEFAULT '',
  itmclss   char(4)       NOT NULL DEFAULT '',
  plinid    char(4)       NOT NULL DEFAULT '',
  comcode   char(6)       NOT NULL DEFAULT '',
  stkcode   char(1)       NOT NULL DEFAULT '',  -- 'Y' stocked
  umeasur   char(4)       NOT NULL DEFAULT '',
  price     numeric(16,4) NOT NULL DEFAULT 0,
  stdcost   numeric(16,4) NOT NULL DEFAULT 0,
  lstcost   numeric(16,4) NOT NULL DEFAULT 0,
  ionhand   numeric(12,2) NOT NULL DEFAULT 0,  -- sum of iciloc.lonhand
  ionordr   numeric(12,2) NOT NULL DEFAULT 0,
  ilsale    timestamp     NOT NULL DEFAULT '1900-01-01',
  ilrecv    timestamp     NOT NULL DEFAULT '1900-01-01',
  itemstat  char(1)       NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT '',
  lckstat   char(1)       NOT NULL DEFAULT '',
  lckuser   char(4)       NOT NULL DEFAULT '',
  lckdate   timestamp     NOT NULL DEFAULT '1900-01-01',
  lcktime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX icitem_item ON icitem (item);

-- Item by location.
CREATE TABLE iciloc (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item      char(25)      NOT NULL DEFAULT '',
  loctid    char(6)       NOT NULL DEFAULT '',
  lonhand   numeric(12,2) NOT NULL DEFAULT 0,  -- sum of iciqty.qonhand
  lsoaloc   numeric(12,2) NOT NULL DEFAULT 0,  -- allocated to open orders; available = lonhand - lsoaloc
  lonordr   numeric(12,2) NOT NULL DEFAULT 0,
  lsupplr   char(6)       NOT NULL DEFAULT '',
  lavgcst   numeric(16,4) NOT NULL DEFAULT 0,
  lstdcst   numeric(16,4) NOT NULL DEFAULT 0,
  llstcst   numeric(16,4) NOT NULL DEFAULT 0,
  icacct    char(24)      NOT NULL DEFAULT '',
  gllink    char(3)       NOT NULL DEFAULT '',
  itemstat  char(1)       NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX iciloc_item ON iciloc (item, loctid);

-- Quantity by location and bin (and serial).
CREATE TABLE iciqty (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item      char(25)      NOT NULL DEFAULT '',
  loctid    char(6)       NOT NULL DEFAULT '',
  qbin      char(10)      NOT NULL DEFAULT '',
  qstore    char(10)      NOT NULL DEFAULT '',
  qserial   char(20)      NOT NULL DEFAULT '',
  qonhand   numeric(12,2) NOT NULL DEFAULT 0,
  qsoaloc   numeric(12,2) NOT NULL DEFAULT 0,
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX iciqty_item ON iciqty (item, loctid, qbin);

-- Chart of accounts.
CREATE TABLE glacnt (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  glacnt    char(24)      NOT NULL DEFAULT '',
  gldesc    char(30)      NOT NULL DEFAULT '',
  gltype    char(1)       NOT NULL DEFAULT '',  -- GUESS: A asset, L liability, Q equity, R revenue, E expense
  glstat    char(1)       NOT NULL DEFAULT '',  -- GUESS: '' active, 'I' inactive
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX glacnt_glacnt ON glacnt (glacnt);
