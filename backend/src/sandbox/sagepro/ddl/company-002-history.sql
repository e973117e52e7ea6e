-- Sage Pro's history tables: what period close moves out of the current tables, column for column
-- the same (ref §2, §6: "History tables ARYMST, ARYTRN and SOYMST have the same columns as ARMAST,
-- ARTRAN and SOMAST"; ARYCSH and SOYTRN by the same pattern, ref §2). Paid invoices with their lines
-- and receipts, and closed or void orders with their lines. Applied per company like
-- company-001-tables.sql; same types, widths, blanks and indexes (under the history table's name).

-- AR invoice history (ARYMST): paid and void items moved by period close.
CREATE TABLE arymst (
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
CREATE INDEX arymst_invno ON arymst (invno);
CREATE INDEX arymst_custno ON arymst (custno, invno);

-- AR invoice line history (ARYTRN).
CREATE TABLE arytrn (
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
CREATE INDEX arytrn_invno ON arytrn (invno, tranlineno);

-- Cash receipt history (ARYCSH): the receipts of the items moved to ARYMST.
CREATE TABLE arycsh (
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
CREATE INDEX arycsh_custno ON arycsh (custno, invno);
CREATE INDEX arycsh_invno ON arycsh (invno);

-- Sales order history (SOYMST): closed and void orders moved by period close.
CREATE TABLE soymst (
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
CREATE INDEX soymst_sono ON soymst (sono);
CREATE INDEX soymst_custno ON soymst (custno, sono);

-- Sales order line history (SOYTRN).
CREATE TABLE soytrn (
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
CREATE INDEX soytrn_sono ON soytrn (sono, tranlineno);
CREATE INDEX soytrn_item ON soytrn (item, loctid);
