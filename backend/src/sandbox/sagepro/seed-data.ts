/**
 * The fixed material the seed draws from: chart of accounts, order-status codes, salespeople, terms,
 * the item catalogue and the words customer names are made of. Invented, like Sage Pro's own sample
 * company data.
 */

/** GL accounts Settle posts to or reads: left-justified in glacnt char(24). */
export const GL = {
  cash: '1000',
  cardClearing: '1010',
  /** Clearing (asset) account PayTrace refunds are paid out of: the connector's `gl.refunds`. */
  refunds: '1020',
  /** Clearing (asset) account the processor takes chargebacks from: the connector's `gl.chargebacks`. */
  chargebacks: '1030',
  receivables: '1200',
  inventory: '1300',
  customerDeposits: '2150',
  salesTax: '2200',
  sales: '4000',
  discounts: '4050',
  /** Revenue (contra) accounts a person moves written-off refunds and lost chargebacks to; Settle never posts here. */
  salesReturns: '4100',
  chargebackLosses: '4150',
  costOfSales: '5000',
  cardFees: '6100',
  bankFees: '6150',
} as const;

export const CHART_OF_ACCOUNTS: readonly { glacnt: string; gldesc: string; gltype: string }[] = [
  { glacnt: GL.cash, gldesc: 'Cash - Operating Account', gltype: 'A' },
  { glacnt: GL.cardClearing, gldesc: 'Card Clearing - PayTrace', gltype: 'A' },
  { glacnt: GL.refunds, gldesc: 'Refund Clearing - PayTrace', gltype: 'A' },
  { glacnt: GL.chargebacks, gldesc: 'Chargeback Clearing - PayTrace', gltype: 'A' },
  { glacnt: GL.receivables, gldesc: 'Accounts Receivable', gltype: 'A' },
  { glacnt: GL.inventory, gldesc: 'Inventory', gltype: 'A' },
  { glacnt: GL.customerDeposits, gldesc: 'Customer Deposits', gltype: 'L' },
  { glacnt: GL.salesTax, gldesc: 'Sales Tax Payable', gltype: 'L' },
  { glacnt: '3000', gldesc: 'Retained Earnings', gltype: 'Q' },
  { glacnt: GL.sales, gldesc: 'Sales', gltype: 'R' },
  { glacnt: GL.discounts, gldesc: 'Sales Discounts', gltype: 'R' },
  { glacnt: GL.salesReturns, gldesc: 'Sales Returns and Refunds', gltype: 'R' },
  { glacnt: GL.chargebackLosses, gldesc: 'Chargebacks', gltype: 'R' },
  { glacnt: GL.costOfSales, gldesc: 'Cost of Goods Sold', gltype: 'E' },
  { glacnt: GL.cardFees, gldesc: 'Card Processing Fees', gltype: 'E' },
  { glacnt: GL.bankFees, gldesc: 'Bank Service Charges', gltype: 'E' },
];

/**
 * The `gl` option of a Settle connection to a sandbox company (either one: both share the chart):
 * receipts debit the card clearing account; refunds and chargebacks credit their clearing accounts
 * (reversals reopen AR, so the other side must be where the money left, not revenue); order lines
 * carry the sales account.
 */
export const SANDBOX_CONNECTOR_GL = {
  cash: GL.cardClearing,
  receivables: GL.receivables,
  discounts: GL.discounts,
  refunds: GL.refunds,
  chargebacks: GL.chargebacks,
  sales: GL.sales,
} as const;

/** sycrlst ruleid 'ORDRSTAT': the user-defined order statuses somast.orderstat takes. */
export const ORDER_STATUSES: readonly { code: string; descrip: string }[] = [
  { code: 'OPEN', descrip: 'Open - awaiting payment' },
  { code: 'PAID', descrip: 'Paid in full' },
  { code: 'PARTPAID', descrip: 'Partly paid' },
  { code: 'PAYFAIL', descrip: 'Payment declined or failed' },
  { code: 'REFUNDED', descrip: 'Payment refunded' },
  { code: 'CHGBACK', descrip: 'Payment charged back' },
  { code: 'SHIPPED', descrip: 'Shipped' },
  { code: 'HOLD', descrip: 'On hold' },
];

export const SALESPEOPLE: readonly { code: string; name: string }[] = [
  { code: 'JM', name: 'Jane Morales' },
  { code: 'RK', name: 'Raj Kapoor' },
  { code: 'TB', name: 'Tom Becker' },
  { code: 'LW', name: 'Linda Wu' },
];

export const TERRITORIES: readonly { code: string; name: string }[] = [
  { code: 'NE', name: 'Northeast' },
  { code: 'MW', name: 'Midwest' },
  { code: 'SO', name: 'South' },
  { code: 'WE', name: 'West' },
];

/** Payment terms: name, discount %, discount days, net days. */
export const TERMS: readonly { pterms: string; pdisc: number; pdays: number; pnet: number }[] = [
  { pterms: 'Net 30', pdisc: 0, pdays: 0, pnet: 30 },
  { pterms: '2% 10 Net 30', pdisc: 2, pdays: 10, pnet: 30 },
  { pterms: 'Net 15', pdisc: 0, pdays: 0, pnet: 15 },
  { pterms: 'Net 45', pdisc: 0, pdays: 0, pnet: 45 },
];

export const COD_TERMS = { pterms: 'COD', pdisc: 0, pdays: 0, pnet: 0 } as const;

/** Sage Pro user ids (adduser char(4)). */
export const USERS: readonly string[] = ['ADMN', 'KLT', 'SAM', 'JDS'];

export const SHIP_VIAS: readonly string[] = ['UPS GROUND', 'FEDEX 2DAY', 'WILL CALL', 'OUR TRUCK', 'USPS'];

/** Stock locations (loctid char(6)). */
export const LOCATIONS = ['MAIN', 'WEST'] as const;

export interface CatalogItem {
  item: string;
  itmdesc: string;
  itmclss: string;
  umeasur: string;
  /** Price and standard cost in cents. */
  price: number;
  cost: number;
}

export const ITEM_CATALOG: readonly CatalogItem[] = [
  { item: 'BRK-1001', itmdesc: 'Steel shelf bracket 8 in', itmclss: 'HDW', umeasur: 'EA', price: 495, cost: 210 },
  { item: 'BRK-1002', itmdesc: 'Steel shelf bracket 12 in', itmclss: 'HDW', umeasur: 'EA', price: 695, cost: 305 },
  { item: 'CST-2001', itmdesc: 'Swivel caster 3 in', itmclss: 'CST', umeasur: 'EA', price: 1250, cost: 560 },
  { item: 'CST-2002', itmdesc: 'Swivel caster 5 in w/ brake', itmclss: 'CST', umeasur: 'EA', price: 2475, cost: 1120 },
  { item: 'CST-2003', itmdesc: 'Rigid caster 4 in', itmclss: 'CST', umeasur: 'EA', price: 1595, cost: 700 },
  { item: 'FST-3001', itmdesc: 'Hex bolt 3/8 x 2 (box 100)', itmclss: 'FST', umeasur: 'BX', price: 1899, cost: 820 },
  { item: 'FST-3002', itmdesc: 'Lock washer 3/8 (box 250)', itmclss: 'FST', umeasur: 'BX', price: 1150, cost: 430 },
  { item: 'FST-3003', itmdesc: 'Wood screw #10 x 1.5 (box 100)', itmclss: 'FST', umeasur: 'BX', price: 975, cost: 380 },
  { item: 'HND-4001', itmdesc: 'Pull handle brushed 6 in', itmclss: 'HDW', umeasur: 'EA', price: 850, cost: 340 },
  { item: 'HNG-4101', itmdesc: 'Butt hinge 3.5 in pair', itmclss: 'HDW', umeasur: 'PR', price: 725, cost: 295 },
  { item: 'LCK-4201', itmdesc: 'Cam lock keyed alike', itmclss: 'HDW', umeasur: 'EA', price: 1375, cost: 610 },
  { item: 'RAL-5001', itmdesc: 'Drawer slide 18 in full ext', itmclss: 'SLD', umeasur: 'PR', price: 2150, cost: 980 },
  { item: 'RAL-5002', itmdesc: 'Drawer slide 22 in soft close', itmclss: 'SLD', umeasur: 'PR', price: 3450, cost: 1610 },
  { item: 'SHF-6001', itmdesc: 'Wire shelf 36 x 18', itmclss: 'SHF', umeasur: 'EA', price: 4299, cost: 1950 },
  { item: 'SHF-6002', itmdesc: 'Wire shelf 48 x 24', itmclss: 'SHF', umeasur: 'EA', price: 5899, cost: 2710 },
  { item: 'PST-6101', itmdesc: 'Shelving post 74 in', itmclss: 'SHF', umeasur: 'EA', price: 1995, cost: 880 },
  { item: 'CRT-7001', itmdesc: 'Utility cart 2 shelf', itmclss: 'CRT', umeasur: 'EA', price: 18900, cost: 9150 },
  { item: 'CRT-7002', itmdesc: 'Platform truck 24 x 48', itmclss: 'CRT', umeasur: 'EA', price: 32500, cost: 15800 },
  { item: 'BIN-8001', itmdesc: 'Stack bin small blue', itmclss: 'BIN', umeasur: 'EA', price: 325, cost: 120 },
  { item: 'BIN-8002', itmdesc: 'Stack bin large blue', itmclss: 'BIN', umeasur: 'EA', price: 795, cost: 330 },
  { item: 'LBL-8101', itmdesc: 'Bin label holder (pk 25)', itmclss: 'BIN', umeasur: 'PK', price: 1450, cost: 520 },
  { item: 'MAT-9001', itmdesc: 'Anti-fatigue mat 3 x 5', itmclss: 'SAF', umeasur: 'EA', price: 6495, cost: 2980 },
  { item: 'GLV-9101', itmdesc: 'Work gloves large (dz)', itmclss: 'SAF', umeasur: 'DZ', price: 3600, cost: 1540 },
  { item: 'TAP-9201', itmdesc: 'Floor marking tape yellow', itmclss: 'SAF', umeasur: 'RL', price: 2275, cost: 960 },
];

export const NAME_WORDS: readonly string[] = [
  'Acme', 'Bluebird', 'Cedar', 'Delta', 'Evergreen', 'Falcon', 'Granite', 'Harbor', 'Ironwood', 'Juniper',
  'Keystone', 'Lakeside', 'Meridian', 'Northgate', 'Oakridge', 'Pioneer', 'Quarry', 'Redwood', 'Summit',
  'Tidewater', 'Union', 'Valley', 'Westfield', 'Yellowstone', 'Zephyr', 'Atlas', 'Beacon', 'Cobalt',
  'Driftwood', 'Elmhurst',
];

export const NAME_TRADES: readonly string[] = [
  'Hardware', 'Supply Co.', 'Fixtures', 'Cabinetry', 'Industries', 'Logistics', 'Millwork', 'Storage',
  'Equipment', 'Builders', 'Office Systems', 'Retail Group',
];

export const CONTACTS: readonly string[] = [
  'Maria Lopez', 'David Chen', 'Sarah Johnson', 'Michael Brown', 'Emily Davis', 'James Wilson',
  'Olivia Martin', 'Robert Taylor', 'Sophia Anderson', 'William Thomas', 'Ava Jackson', 'Daniel White',
];

export const CITIES: readonly { city: string; state: string; zip: string; terr: string }[] = [
  { city: 'Grand Rapids', state: 'MI', zip: '49503', terr: 'MW' },
  { city: 'Columbus', state: 'OH', zip: '43215', terr: 'MW' },
  { city: 'Hartford', state: 'CT', zip: '06103', terr: 'NE' },
  { city: 'Albany', state: 'NY', zip: '12207', terr: 'NE' },
  { city: 'Nashville', state: 'TN', zip: '37203', terr: 'SO' },
  { city: 'Charlotte', state: 'NC', zip: '28202', terr: 'SO' },
  { city: 'Phoenix', state: 'AZ', zip: '85004', terr: 'WE' },
  { city: 'Sacramento', state: 'CA', zip: '95814', terr: 'WE' },
  { city: 'Boise', state: 'ID', zip: '83702', terr: 'WE' },
  { city: 'Madison', state: 'WI', zip: '53703', terr: 'MW' },
];

export const STREETS: readonly string[] = [
  'Main St', 'Industrial Pkwy', 'Commerce Dr', 'Oak Ave', 'Market St', 'Harbor Blvd', 'Enterprise Way',
  'Mill Rd', 'Depot St', 'Lincoln Ave',
];
