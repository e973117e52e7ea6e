-- Purchasing's history, inventory transactions and locations, and accounts payable: the rest of
-- shared/reference/sage-pro.md §2 the sandbox can model with the fields the reference names (the
-- others, and every width, are GUESSes documented in ../README.md). Applied per company.

-- Inventory locations (ICLOCT, ref §2 names the table).
CREATE TABLE icloct (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loctid    char(6)       NOT NULL DEFAULT '',
  locdesc   char(30)      NOT NULL DEFAULT '',
  address1  char(35)      NOT NULL DEFAULT '',
  city      char(20)      NOT NULL DEFAULT '',
  addrstate char(10)      NOT NULL DEFAULT '',
  zip       char(10)      NOT NULL DEFAULT '',
  phone     char(20)      NOT NULL DEFAULT '',
  icacct    char(24)      NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX icloct_loctid ON icloct (loctid);

-- Inventory transactions (ICTRAN, ref §2 fields, plus the date): 'R' received on a PO, 'S' shipped on an order.
CREATE TABLE ictran (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ttranno   char(10)      NOT NULL DEFAULT '',  -- right-justified, in date order
  item      char(25)      NOT NULL DEFAULT '',
  loctid    char(6)       NOT NULL DEFAULT '',
  serial    char(20)      NOT NULL DEFAULT '',
  tier      char(1)       NOT NULL DEFAULT '',
  ref       char(20)      NOT NULL DEFAULT '',
  trantyp   char(2)       NOT NULL DEFAULT '',  -- 'R' receipt, 'S' sale, 'A' adjustment
  tstat     char(1)       NOT NULL DEFAULT '',
  tqty      numeric(12,2) NOT NULL DEFAULT 0,   -- + in, - out
  tcost     numeric(16,4) NOT NULL DEFAULT 0,   -- unit cost
  orgno     char(10)      NOT NULL DEFAULT '',  -- the originating document (sono / purno)
  docno     char(10)      NOT NULL DEFAULT '',  -- the posting document (invno / purno)
  tstore    char(10)      NOT NULL DEFAULT '',
  tbin      char(10)      NOT NULL DEFAULT '',
  trandate  timestamp     NOT NULL DEFAULT '1900-01-01',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX ictran_item ON ictran (item, loctid, trandate);
CREATE INDEX ictran_ttranno ON ictran (ttranno);

-- AP invoices (APMAST, ref §2 fields): vendors' bills for what POs brought in.
CREATE TABLE apmast (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invno     char(20)      NOT NULL DEFAULT '',  -- the vendor's own number, as typed
  vendno    char(6)       NOT NULL DEFAULT '',
  pterms    char(20)      NOT NULL DEFAULT '',
  purdate   timestamp     NOT NULL DEFAULT '1900-01-01',  -- invoice date
  duedate   timestamp     NOT NULL DEFAULT '1900-01-01',
  puramt    numeric(16,4) NOT NULL DEFAULT 0,
  paidamt   numeric(16,4) NOT NULL DEFAULT 0,
  ref       char(20)      NOT NULL DEFAULT '',  -- the PO it bills
  checkno   char(10)      NOT NULL DEFAULT '',  -- right-justified; blank until paid
  chkacc    char(24)      NOT NULL DEFAULT '',  -- GL bank account paid from
  currid    char(3)       NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX apmast_vendno ON apmast (vendno, invno);

-- AP checks (APCHCK, ref §2: checkdate, apstat, aprpay).
CREATE TABLE apchck (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  checkno   char(10)      NOT NULL DEFAULT '',  -- right-justified
  vendno    char(6)       NOT NULL DEFAULT '',
  checkdate timestamp     NOT NULL DEFAULT '1900-01-01',
  aprpay    numeric(16,4) NOT NULL DEFAULT 0,   -- GUESS: the amount paid
  apstat    char(1)       NOT NULL DEFAULT '',  -- GUESS: '' issued, 'V' void
  chkacc    char(24)      NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX apchck_checkno ON apchck (checkno);

-- AP GL distributions (APDIST, ref §2: same shape as ARDIST): amount > 0 debit; each session balances.
CREATE TABLE apdist (
  id_col    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vendno    char(6)       NOT NULL DEFAULT '',
  invno     char(20)      NOT NULL DEFAULT '',
  udref     char(20)      NOT NULL DEFAULT '',
  glacnt    char(24)      NOT NULL DEFAULT '',
  descrip   char(30)      NOT NULL DEFAULT '',
  amount    numeric(16,4) NOT NULL DEFAULT 0,
  trandte   timestamp     NOT NULL DEFAULT '1900-01-01',
  apsess    char(6)       NOT NULL DEFAULT '',  -- right-justified
  glbatch   char(6)       NOT NULL DEFAULT '',
  adduser   char(4)       NOT NULL DEFAULT '',
  adddate   timestamp     NOT NULL DEFAULT '1900-01-01',
  addtime   char(8)       NOT NULL DEFAULT ''
);
CREATE INDEX apdist_invno ON apdist (vendno, invno);
CREATE INDEX apdist_apsess ON apdist (apsess);

-- Purchase order history (POYMST, ref §2): closed or void POs moved by period close; the columns of POMAST.
CREATE TABLE poymst (
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
CREATE INDEX poymst_purno ON poymst (purno);
CREATE INDEX poymst_vendno ON poymst (vendno, purno);

-- Purchase order line history (POYTRN): the columns of POTRAN.
CREATE TABLE poytrn (
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
CREATE INDEX poytrn_purno ON poytrn (purno, tranlineno);
CREATE INDEX poytrn_item ON poytrn (item, loctid);
