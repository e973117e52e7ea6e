/** The Sage Pro connector core: framework-free; a Nest module wires it to a connection's Kysely. */
export type * from './company.js';
export { KyselySageProCompany, type SageProPorts } from './kysely-company.js';
export type { SageProDatabase } from './database.js';
export { sageProConnectionOptions, type SageProConnectionInput, type SageProConnectionOptions } from './options.js';
export * from './errors.js';
export { centsToSageMoney, sageMoneyToCents } from './money.js';
export { padKey, sageKey, keySpellings, trimKey, sameKey, KEYS } from './keys.js';
export { EMPTY_DATE, fromSageDate, toSageDate, type SqlDialect } from './dates.js';
export { FIELD_RULES, validateWrite } from './field-rules.js';
export { planReceipt, splitPayment, type ReceiptPlan } from './receipt-plan.js';
export { planReversal } from './reversal-plan.js';
export { customerPrefix, nextCustomerNumber, normalizeCustno } from './customer-plan.js';
export { allocateToBins, planSalesOrder, type SalesOrderPlan } from './order-plan.js';
export { extendedCents, hundredthsToQuantity, quantityToHundredths } from './quantities.js';
export { DEFAULT_STATUS_CODES, type PaymentStatus, type PaymentStatusOptions } from './payment-status.js';
export { payTraceReference, type PayTraceEvent, referenceInText, SETTLE_REFERENCE, settleMarker } from './references.js';
export { QualifiedTablesPlugin, type TableQualifiers } from './tables.js';
