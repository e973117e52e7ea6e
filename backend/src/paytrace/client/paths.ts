/** PayTrace v1 paths the client calls (fact sheet §1–§6). Batch paths are unconfirmed guesses (§2, UNSURE). */
export const PAYTRACE_PATHS = {
  oauthToken: '/oauth/token',
  ping: '/v1/ping',
  protectClientKey: '/v1/payment_fields/token/create',

  saleByProtect: '/v1/transactions/sale/pt_protect',
  saleByCustomer: '/v1/transactions/sale/by_customer',
  authorizeByProtect: '/v1/transactions/authorization/pt_protect',
  authorizeByCustomer: '/v1/transactions/authorization/by_customer',
  capture: '/v1/transactions/authorization/capture',
  void: '/v1/transactions/void',
  refundTransaction: '/v1/transactions/refund/for_transaction',
  refundToCustomer: '/v1/transactions/refund/to_customer',
  emailReceipt: '/v1/transactions/email_receipt',

  checkSaleByAccount: '/v1/checks/sale/by_account',
  checkSaleByCustomer: '/v1/checks/sale/by_customer',
  checkHoldByAccount: '/v1/checks/hold/by_account',
  checkHoldByCustomer: '/v1/checks/hold/by_customer',
  fundCheck: '/v1/checks/manage/fund',
  voidCheck: '/v1/checks/manage/void',
  refundCheck: '/v1/checks/refund/by_transaction',

  createCustomerByProtect: '/v1/customer/pt_protect_create',
  createCustomerFromTransaction: '/v1/customer/create_from_transaction',
  createCustomer: '/v1/customer/create',
  updateCustomer: '/v1/customer/update',
  deleteCustomer: '/v1/customer/delete',
  exportCustomers: '/v1/customer/export',

  createRecurrence: '/v1/recurrence/create',
  updateRecurrence: '/v1/recurrence/update',
  deleteRecurrence: '/v1/recurrence/delete',
  exportRecurrences: '/v1/recurrence/export',
  exportApprovedRecurrence: '/v1/recurrence/export_approved',

  exportTransactionById: '/v1/transactions/export/by_id',
  exportTransactionsByDateRange: '/v1/transactions/export/by_date_range',
  exportBatch: '/v1/batch/export',
  exportBatchesByDateRange: '/v1/batch/export_by_date_range',
  exportBatchTransactions: '/v1/batch/export_transactions',

  levelThreeVisa: '/v1/level_three/visa',
  levelThreeMastercard: '/v1/level_three/mastercard',
} as const;

export type PayTracePath = (typeof PAYTRACE_PATHS)[keyof typeof PAYTRACE_PATHS];
