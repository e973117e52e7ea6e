import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionOf } from '../../platform/graphql/pagination.js';
import { ConnectionTestSummary } from '../paytrace/paytrace-connection.types.js';
import { SAGEPRO_TEST_STATUSES, type SageProTestStatus } from './sagepro-connection-test.js';
import { EDITIONS, type SageProEditionName } from './sagepro-connection.rules.js';

export const SageProEditionEnum = Object.fromEntries(EDITIONS.map((e) => [e, e])) as { [K in SageProEditionName]: K };
registerEnumType(SageProEditionEnum, { name: 'SageProEdition', description: "sandbox = Settle's built-in sandbox company; sqlserver = a SQL Server edition company" });

export const SageProTestStatusEnum = Object.fromEntries(SAGEPRO_TEST_STATUSES.map((s) => [s, s])) as { [K in SageProTestStatus]: K };
registerEnumType(SageProTestStatusEnum, { name: 'SageProTestStatus' });

@ObjectType({
  description:
    'How Settle posts into the company: GL accounts, payment status placement and codes, credit hold. ' +
    "A GL account is null until chosen from the company's chart (sageProChartOfAccounts); until cash, receivables, " +
    'discounts, refunds and chargebacks are all chosen, events of the connection become validation dead letters naming the missing one (gl.cash, …).',
})
export class SageProPosting {
  @Field(() => String, { nullable: true, description: 'Debited by receipts (the card clearing account PayTrace settles into).' })
  glCash: string | null;

  @Field(() => String, { nullable: true, description: 'Credited by receipts when neither invoice nor customer names an AR account.' })
  glReceivables: string | null;

  @Field(() => String, { nullable: true, description: 'Debited with discounts customers take.' })
  glDiscounts: string | null;

  @Field(() => String, { nullable: true, description: 'Credited when a receipt is refunded.' })
  glRefunds: string | null;

  @Field(() => String, { nullable: true, description: 'Credited when a receipt is charged back.' })
  glChargebacks: string | null;

  @Field(() => String, { nullable: true, description: 'sotran.glsale on order lines Settle creates.' })
  glSales: string | null;

  @Field({ description: "Write the payment status on the order's user-defined status (somast.orderstat)." })
  statusOnOrder: boolean;

  @Field({ description: "Write the payment status on the invoice (armast.refno, only when blank or Settle's)." })
  statusOnInvoice: boolean;

  @Field()
  paidCode: string;

  @Field()
  partlyPaidCode: string;

  @Field({ description: 'Declined or voided payments.' })
  failedCode: string;

  @Field()
  refundedCode: string;

  @Field()
  chargedBackCode: string;

  @Field({ description: 'refuse (default) or apply cash for a customer on credit hold.' })
  creditHold: string;

  @Field({ description: "Settle's Sage Pro user id (adduser), at most 4 characters." })
  userId: string;
}

@ObjectType({ description: "One account of the company's chart of accounts (GLACNT)." })
export class SageProGlAccount {
  @Field({ description: 'glacnt' })
  account: string;

  @Field({ description: 'gldesc' })
  description: string;

  @Field({ description: 'gltype: A asset, L liability, Q equity, R revenue, E expense.' })
  type: string;

  @Field({ description: 'false when glstat is I (inactive): Settle does not post to it.' })
  active: boolean;
}

@InputType({ description: "GL accounts must be accounts of the company's chart (sageProChartOfAccounts); fields left out stay as they are." })
export class SageProPostingInput {
  @Field(() => String, { nullable: true }) glCash?: string;
  @Field(() => String, { nullable: true }) glReceivables?: string;
  @Field(() => String, { nullable: true }) glDiscounts?: string;
  @Field(() => String, { nullable: true }) glRefunds?: string;
  @Field(() => String, { nullable: true }) glChargebacks?: string;
  @Field(() => String, { nullable: true }) glSales?: string;
  @Field(() => Boolean, { nullable: true }) statusOnOrder?: boolean;
  @Field(() => Boolean, { nullable: true }) statusOnInvoice?: boolean;
  @Field(() => String, { nullable: true }) paidCode?: string;
  @Field(() => String, { nullable: true }) partlyPaidCode?: string;
  @Field(() => String, { nullable: true }) failedCode?: string;
  @Field(() => String, { nullable: true }) refundedCode?: string;
  @Field(() => String, { nullable: true }) chargedBackCode?: string;
  @Field(() => String, { nullable: true, description: 'refuse or apply' }) creditHold?: string;
  @Field(() => String, { nullable: true }) userId?: string;
}

@ObjectType({ description: 'A Sage Pro company Settle writes to. The password is never returned.' })
export class SageProConnection {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => SageProEditionEnum)
  edition: SageProEditionName;

  @Field({ description: "Two digits, e.g. '01'." })
  companyId: string;

  @Field(() => String, { nullable: true })
  host: string | null;

  @Field(() => Int, { nullable: true })
  port: number | null;

  @Field(() => String, { nullable: true })
  companyDatabase: string | null;

  @Field(() => String, { nullable: true })
  systemDatabase: string | null;

  @Field(() => String, { nullable: true })
  user: string | null;

  @Field()
  passwordHint: string;

  @Field(() => Boolean, { nullable: true })
  encrypt: boolean | null;

  @Field(() => ConnectionTestSummary, { nullable: true })
  lastTest: ConnectionTestSummary | null;

  @Field(() => SageProPosting)
  posting: SageProPosting;

  @Field()
  createdAt: Date;
}

export const SageProConnectionConnection = ConnectionOf(SageProConnection, 'SageProConnection');

@ObjectType()
export class SageProTestResult {
  @Field(() => SageProTestStatusEnum)
  status: SageProTestStatus;

  @Field()
  message: string;

  @Field(() => Int)
  durationMs: number;

  @Field()
  testedAt: Date;
}

@InputType()
export class CreateSageProConnectionInput {
  @Field(() => SageProEditionEnum)
  edition: SageProEditionName;

  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true, description: "Defaults to '01'." })
  companyId?: string;

  @Field(() => String, { nullable: true })
  host?: string;

  @Field(() => Int, { nullable: true, description: 'Defaults to 1433.' })
  port?: number;

  @Field(() => String, { nullable: true, description: 'e.g. PRO01' })
  companyDatabase?: string;

  @Field(() => String, { nullable: true, description: 'e.g. PROSYS' })
  systemDatabase?: string;

  @Field(() => String, { nullable: true })
  user?: string;

  @Field(() => String, { nullable: true })
  password?: string;

  @Field(() => Boolean, { nullable: true, description: 'TLS to SQL Server (default true).' })
  encrypt?: boolean;

  @Field(() => Boolean, { nullable: true })
  trustServerCertificate?: boolean;
}

@InputType()
export class UpdateSageProConnectionInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  host?: string;

  @Field(() => Int, { nullable: true })
  port?: number;

  @Field(() => String, { nullable: true })
  companyDatabase?: string;

  @Field(() => String, { nullable: true })
  systemDatabase?: string;

  @Field(() => String, { nullable: true })
  user?: string;

  @Field(() => String, { nullable: true, description: 'A new password; leave out to keep the current one.' })
  password?: string;

  @Field(() => Boolean, { nullable: true })
  encrypt?: boolean;

  @Field(() => Boolean, { nullable: true })
  trustServerCertificate?: boolean;
}
