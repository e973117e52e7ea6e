/**
 * The request and response examples of the PayTrace v1 fact sheet (shared/reference/paytrace-api.md),
 * verbatim where the fact sheet quotes a body, and built from the documented code + message (and the
 * envelope of the quoted sale response) where it only names them (`constructed: true`). The unit
 * suite maps each through the client's parsing; the contract suite also checks that the sandbox
 * answers the same fields, so that neither can drift from the real API unnoticed.
 */

export interface ResponseExample {
  /** Fact sheet section and source. */
  source: string;
  /** The body as PayTrace sends it (text, so that leading spaces and key order are exact). */
  body: string;
  /** True when the fact sheet names the code and message but does not quote the whole body. */
  constructed?: boolean;
}

const json = (value: unknown) => JSON.stringify(value);

// The fact sheet's sources quote these bodies verbatim: AM-unit is
// activemerchant/active_merchant test/unit/gateways/pay_trace_test.rb (canned from real responses);
// "AM-unit (2017)" is the same file's earlier version, which carried more canned bodies.

export const TOKEN_SUCCESS: ResponseExample = {
  source: '§1 token success [HP; AM-unit (2017) successful_authentication_token_response adds created_at]',
  body: '{"access_token":"143647966756d45627368616e647:143647966756d45627368616e647132333:e1d68ca375e89dea80f7f3009ba3c52d965d1126c85ebc90edd9e6c751c4bf05","token_type":"bearer","expires_in":7200,"created_at":1507667632}',
};

export const INVALID_GRANT: ResponseExample = {
  source: '§1 failed login [AM-unit test_setup_access_token_should_rise_an_exception_under_bad_request]',
  body: json({
    error: 'invalid_grant',
    error_description:
      'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  }),
};

export const INVALID_TOKEN: ResponseExample = {
  source: '§1 expired or invalid token: a body containing "error":"invalid_token" [AM check_token_response]; the description is the OAuth standard text',
  body: '{"error":"invalid_token","error_description":"The access token provided is invalid."}',
  constructed: true,
};

export const SALE_APPROVED: ResponseExample = {
  source: '§3 transaction response [AM-unit successful_purchase_response]',
  body:
    '{"success":true,"response_code":101,"status_message":"Your transaction was successfully approved.",' +
    '"transaction_id":392483066,"approval_code":"TAS610","approval_message":"  NO  MATCH - Approved and completed",' +
    '"avs_response":"No Match","csc_response":"","external_transaction_id":"","masked_card_number":"xxxxxxxxxxxx5439"}',
};

export const SALE_DECLINED: ResponseExample = {
  source: '§3 decline [AM-unit failed_purchase_response]',
  body:
    '{"success":false,"response_code":102,"status_message":"Your transaction was not approved.","transaction_id":392501201,' +
    '"approval_code":"","approval_message":"    DECLINE - Do not honor","avs_response":"No Match","csc_response":"",' +
    '"external_transaction_id":"","masked_card_number":"xxxxxxxxxxxx5439"}',
};

export const SALE_EXPIRED_CARD: ResponseExample = {
  source: '§3 decline "  EXPIRED CARD - Expired card", §8 $0.29 [AM-unit failed_authorize_response]',
  body:
    '{"success":false,"response_code":102,"status_message":"Your transaction was not approved.","transaction_id":395971008,' +
    '"approval_code":"","approval_message":"  EXPIRED CARD - Expired card","avs_response":"No Match","csc_response":"",' +
    '"external_transaction_id":"","masked_card_number":"xxxxxxxxxxxx5439"}',
};

export const ERROR_58: ResponseExample = {
  source: '§3 validation error [AM-unit failed_capture_response]',
  body: '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"58":["Please provide a valid Transaction ID."]},"external_transaction_id":""}',
};

export const ERRORS_35_AND_43: ResponseExample = {
  source: '§3/§8 invalid card number with month 14: errors 35 and 43 at once [AM-remote]; envelope as ERROR_58',
  body: json({
    success: false,
    response_code: 1,
    status_message: 'One or more errors has occurred.',
    errors: { '35': ['Please provide a valid Credit Card Number.'], '43': ['Please provide a valid Expiration Month.'] },
  }),
  constructed: true,
};

/** Note the double space before "Please": the fact sheet's quotation lost it, the canned body has it. */
export const ERROR_817: ResponseExample = {
  source: '§3 errors table, refund before settlement [AM-unit (2017) failed_transaction_refund_response]',
  body: '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"817":["The Transaction ID that you provided could not be refunded. Only settled transactions can be refunded.  Please try to void the transaction instead."]},"external_transaction_id":""}',
};

export const ERROR_818: ResponseExample = {
  source: '§3 errors table, void after settlement (UNSURE there; confirmed by AM-unit (2017) failed_transaction_void_response)',
  body: '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"818":["The Transaction ID that you provided could not be voided. Only transactions that are pending settlement can be voided."]}}',
};

export const ERROR_811: ResponseExample = {
  source: 'unknown transaction [AM-unit (2017) failed_refund_response]',
  body: '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"811":["The Transaction ID that you provided was not found."]},"external_transaction_id":""}',
};

export const ERROR_816: ResponseExample = {
  source: 'capture of something not capturable [AM-unit (2017) failed_transaction_capture_response]',
  body: '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"816":["The Transaction ID that you provided could not be captured. Only uncaptured, approved authorizations can be captured."]},"external_transaction_id":""}',
};

export const ERROR_981: ResponseExample = {
  source: '§3 errors table: insufficient permissions [AM-unit failed_refund_response]',
  body: '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"981":["Log in failed for insufficient permissions."]},"external_transaction_id":""}',
};

export const ERRORS_30_45_46: ResponseExample = {
  source: '§2/§3 unknown customer with bad bank details [AM-unit failed_bad_request_ach_processing_response]',
  body: '{ "success":false, "response_code":1, "status_message":"One or more errors has occurred.", "errors":{ "30":[ "Customer ID, customerid123, was not found or is incomplete." ], "45":[ "Please provide a valid Checking Account Number." ], "46":[ "Please provide a valid Transit Routing Number." ] } }',
};

export const ERROR_171: ResponseExample = {
  source: '§2 vault: duplicate customer_id [AM-unit failed_customer_creation_response]',
  body: '{"success":false,"response_code":1,"status_message":"One or more errors has occurred.","errors":{"171":["Please provide a unique customer ID."]},"masked_card_number":"xxxxxxxxxxxx5439"}',
};

export const ERROR_80_NOT_MANAGEABLE: ResponseExample = {
  source: '§3 errors table, check not found / already voided or settled [AM-unit failed_ach_capture_void_response]',
  body: '{ "success":false, "response_code":1, "status_message":"One or more errors has occurred.", "errors":{ "80":[ "The Check ID that you have provided was not found in the PayTrace records. It may already be voided or settled." ] } }',
};

export const ERROR_80_NOT_FOUND: ResponseExample = {
  source: '§3 errors table, check refund of an unknown check [AM-unit failed_ach_refund_response]',
  body: '{ "success":false, "response_code":1, "status_message":"One or more errors has occurred.", "errors":{ "80":[ "The Check ID that you provided was not found in the PayTrace record." ] } }',
};

export const REFUNDED: ResponseExample = {
  source: '§3 code 106, a new transaction id [AM-unit successful_refund_response]',
  body: '{"success":true,"response_code":106,"status_message":"Your transaction successfully refunded.","transaction_id":105968559,"external_transaction_id":""}',
};

/** The same answer as canned in 2017: "was successfully refunded" and a masked card number. */
export const REFUNDED_2017: ResponseExample = {
  source: '§3 code 106 [AM-unit (2017) successful_refund_response]',
  body: '{"success":true,"response_code":106,"status_message":"Your transaction was successfully refunded.","transaction_id":179066852,"external_transaction_id":"","masked_card_number":"xxxxxxxxxxxx5439"}',
};

export const VOIDED: ResponseExample = {
  source: '§3 code 109 [AM-unit successful_void_response]',
  body: '{"success":true,"response_code":109,"status_message":"Your transaction was successfully voided.","transaction_id":395971574}',
};

export const CAPTURED: ResponseExample = {
  source: '§3 code 112 [AM-unit successful_capture_response]',
  body: '{"success":true,"response_code":112,"status_message":"Your transaction was successfully captured.","transaction_id":392442990,"external_transaction_id":""}',
};

export const CHECK_PROCESSED: ResponseExample = {
  source: '§2 check success [AM-unit successful_ach_processing_response]',
  body: '{ "success":true, "response_code":120, "status_message":"Your check was successfully processed.", "check_transaction_id":981619 }',
};

export const CHECK_REFUNDED: ResponseExample = {
  source: '§2 check refund [AM-unit successful_ach_refund_response]',
  body: '{ "success":true, "response_code":122, "status_message":"Your check was successfully refunded.", "check_transaction_id":9981632 }',
};

export const CHECK_MANAGED: ResponseExample = {
  source: '§2 check fund or void [AM-unit successful_ach_capture_void_response]',
  body: '{ "success":true, "response_code":124, "status_message":"Your check was successfully managed.", "check_transaction_id":9981614 }',
};

export const CHECK_NOT_PROCESSED: ResponseExample = {
  source: '§2 check failure [AM-unit failed_ach_processing_response]',
  body: '{ "success":false, "response_code":125, "status_message":"Your check was NOT successfully processed.", "check_transaction_id":981610, "ach_code":0, "ach_message":"" }',
};

export const CUSTOMER_CREATED: ResponseExample = {
  source: '§2 vault create [HP json-create-customer]',
  body: '{"success":true,"response_code":160,"status_message":"The customer profile for customer456/Steve Smith was successfully created.","customer_id":"customer456","masked_card_number":"xxxxxxxxxxxx1111"}',
};

export const CUSTOMER_UPDATED: ResponseExample = {
  source: '§2 vault update: 161 "...was successfully updated.", customer_id, masked_card_number [HP json-update-customer]',
  body: '{"success":true,"response_code":161,"status_message":"The customer profile for customer456/Steve Smith was successfully updated.","customer_id":"customer456","masked_card_number":"xxxxxxxxxxxx1111"}',
  constructed: true,
};

export const LEVEL_THREE_ADDED: ResponseExample = {
  source: '§2 level 3 success [AM-unit successful_level_3_response]',
  body: '{"success":true,"response_code":170,"status_message":"Visa/MasterCard enhanced data was successfully added to Transaction ID 392483066. 1 line item records were created."}',
};

export const RECEIPT_EMAILED: ResponseExample = {
  source: '§2 email receipt: response_code 149 [ELSNER]; the message is the sandbox\'s',
  body: '{"success":true,"response_code":149,"status_message":"Your receipt for Transaction ID 392483066 was successfully emailed to steve@example.com."}',
  constructed: true,
};

/** The HP sample row's fields (§2 Reporting), with its values where the fact sheet quotes them. */
export const EXPORTED_SALE_ROW = {
  transaction_id: 392483066,
  credit_card: { masked_number: '************5454', expiration_month: '12', expiration_year: '17' },
  transaction_type: 'SALE',
  description: 'Widgets',
  amount: 110,
  invoice_id: 'INV-1001',
  shipping_address: { name: 'Steve Smith', street_address: '8320 This Way Lane', street_address2: '', city: 'Placeville', county: '', state: 'CA', zip: '85284', country: 'US' },
  billing_address: { name: 'Steve Smith', street_address: '8320 This Way Lane', street_address2: '', city: 'Placeville', state: 'CA', zip: '85284', country: 'US' },
  receipt_emailed_to: 'steve@example.com',
  tax_amount: '8.10',
  customer_reference_id: 'PO-77',
  approval_code: 'GB571',
  approval_message: '  NO  MATCH - Approved and completed',
  avs_response: 'No Match',
  csc_response: 'Match',
  status_code: 'GB571',
  status_message: 'GB571',
  created: { through: 'API', at: '4/10/2015 4:06:30 PM', by: 'apiuser', from_ip: '10.1.1.1' },
  settled: '4/10/2015 8:13:45 PM',
  customer_id: 'customer456',
};

export const EXPORT_BY_DATE_RANGE: ResponseExample = {
  source: '§2 export by date range envelope and transaction fields [HP json-export-tranx-date]',
  body: json({
    success: true,
    response_code: 1,
    status_message: 'Your request has been successfully completed.',
    transactions: [EXPORTED_SALE_ROW],
    external_transaction_id: '',
  }),
  constructed: true,
};

export const SERVER_ERROR_HTML: ResponseExample = {
  source: '§3 HTTP statuses: a 5xx from a front end is HTML, not JSON',
  body: "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>We're sorry, but something went wrong.</h1></body></html>",
  constructed: true,
};

/** SALE_APPROVED cut in half, as a dropped connection or a proxy leaves it. */
export const TRUNCATED_APPROVAL: ResponseExample = {
  source: '§3 transaction response, cut off',
  body: SALE_APPROVED.body.slice(0, Math.floor(SALE_APPROVED.body.length / 2)),
  constructed: true,
};

// ---- requests -------------------------------------------------------------------------------------

/** §1: the token request is form-encoded with exactly these three fields. */
export const TOKEN_REQUEST = { path: '/oauth/token', contentType: 'application/x-www-form-urlencoded', fields: ['grant_type', 'username', 'password'] };

/** §2: every v1 method is a JSON POST with these body fields (integrator_id in every body, §1; AM-unit check_request). */
export const REQUEST_FIELDS: Record<string, string[]> = {
  '/v1/transactions/sale/by_customer': ['amount', 'customer_id', 'integrator_id'],
  '/v1/transactions/authorization/by_customer': ['amount', 'customer_id', 'integrator_id'],
  '/v1/transactions/sale/pt_protect': ['amount', 'hpf_token', 'enc_key', 'billing_address', 'invoice_id', 'integrator_id'],
  '/v1/transactions/authorization/capture': ['transaction_id', 'amount', 'integrator_id'],
  '/v1/transactions/void': ['transaction_id', 'integrator_id'],
  '/v1/transactions/refund/for_transaction': ['transaction_id', 'amount', 'integrator_id'],
  '/v1/transactions/refund/to_customer': ['customer_id', 'amount', 'integrator_id'],
  '/v1/transactions/email_receipt': ['transaction_id', 'email', 'integrator_id'],
  '/v1/checks/sale/by_account': ['amount', 'check', 'billing_address', 'integrator_id'],
  '/v1/checks/manage/fund': ['check_transaction_id', 'amount', 'integrator_id'],
  '/v1/checks/manage/void': ['check_transaction_id', 'integrator_id'],
  '/v1/checks/refund/by_transaction': ['check_transaction_id', 'amount', 'integrator_id'],
  '/v1/customer/create_from_transaction': ['customer_id', 'transaction_id', 'integrator_id'],
  '/v1/customer/delete': ['customer_id', 'integrator_id'],
  '/v1/recurrence/create': ['customer_id', 'recurrence', 'integrator_id'],
  '/v1/recurrence/export_approved': ['customer_id', 'integrator_id'],
  '/v1/transactions/export/by_id': ['transaction_id', 'integrator_id'],
  '/v1/transactions/export/by_date_range': ['start_date', 'end_date', 'integrator_id'],
};
