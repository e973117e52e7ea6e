import type { RaRecord } from 'react-admin';
import type { SageProConnection } from '../../connections/sagepro/types';
import { gql } from '../../graphql';
import { asIs, byId } from '../byId';
import { connectionDocument, cursorList } from '../lists';
import { changedNumbers, changedText, checked, type FormValues, type ResourceModule } from '../resource';

const SAGEPRO = `id name edition companyId host port companyDatabase systemDatabase user passwordHint encrypt
  lastTest { result testedAt } posting { glCash glReceivables glDiscounts glRefunds glChargebacks glSales } createdAt`;
const SQLSERVER_TEXT = ['host', 'companyDatabase', 'systemDatabase', 'user'] as const;

/**
 * CreateSageProConnectionInput from form values. The sandbox needs only its edition (the server names
 * it and picks company 01); a SQL Server company sends its details, empty fields left to the server.
 */
export function newSageProConnection(data: FormValues): FormValues {
  const input: FormValues = { edition: data.edition, ...changedText(data, ['name', 'companyId']) };
  if (data.edition !== 'sqlserver') return input;
  Object.assign(input, changedText(data, SQLSERVER_TEXT), changedNumbers(data, ['port']));
  if (typeof data.password === 'string' && data.password) input.password = data.password;
  input.encrypt = checked(data.encrypt);
  input.trustServerCertificate = checked(data.trustServerCertificate);
  return input;
}

/**
 * UpdateSageProConnectionInput: only what changed (the sandbox's details are not editable). An empty
 * password keeps the stored one. The API does not return trustServerCertificate, so the form offers
 * "keep" (''), 'yes' or 'no' for it.
 */
export function sageProChanges(data: FormValues, previous: FormValues): FormValues {
  const input = changedText(data, ['name'], previous);
  if (previous.edition !== 'sqlserver') return input;
  Object.assign(input, changedText(data, SQLSERVER_TEXT, previous), changedNumbers(data, ['port'], previous));
  if (typeof data.password === 'string' && data.password) input.password = data.password;
  if (typeof data.encrypt === 'boolean' && data.encrypt !== previous.encrypt) input.encrypt = data.encrypt;
  if (data.trustServerCertificate === 'yes' || data.trustServerCertificate === 'no')
    input.trustServerCertificate = data.trustServerCertificate === 'yes';
  return input;
}

export const sageProConnections: ResourceModule<SageProConnection> = {
  ...cursorList<SageProConnection>({ document: connectionDocument('sageProConnections', SAGEPRO), field: 'sageProConnections' }),
  ...byId<SageProConnection>({ field: 'sageProConnection', selection: SAGEPRO, toRecord: asIs }),
  async create(data) {
    const r = await gql<{ createSageProConnection: SageProConnection }>(
      `mutation CreateSageProConnection($input: CreateSageProConnectionInput!) {
        createSageProConnection(input: $input) { ${SAGEPRO} } }`,
      { input: newSageProConnection(data) },
    );
    return r.createSageProConnection;
  },
  async update(id, data, previous) {
    const input = sageProChanges(data, previous ?? {});
    if (previous && !Object.keys(input).length) return previous; // nothing changed: no audit entry
    const r = await gql<{ updateSageProConnection: SageProConnection }>(
      `mutation UpdateSageProConnection($id: ID!, $input: UpdateSageProConnectionInput!) {
        updateSageProConnection(id: $id, input: $input) { ${SAGEPRO} } }`,
      { id, input },
    );
    return r.updateSageProConnection;
  },
  async delete(id, previous) {
    await gql(`mutation DeleteSageProConnection($id: ID!) { deleteSageProConnection(id: $id) }`, { id });
    return previous ?? { id };
  },
};

export const SAGEPRO_VIEWS = ['customers', 'open_invoices', 'receipts', 'gl_distributions', 'orders', 'stock'] as const;
export type SageProView = (typeof SAGEPRO_VIEWS)[number];
/** A sageProSandboxView as a read-only record of the virtual resource "sageProSandboxViews". */
export interface SageProViewTable { id: string; columns: string[]; rows: string[][] }
export interface SageProViewMeta { connectionId: string; view: SageProView; limit?: number }

const isViewMeta = (meta: unknown): meta is SageProViewMeta =>
  typeof meta === 'object' && meta !== null && 'connectionId' in meta && typeof meta.connectionId === 'string'
  && 'view' in meta && SAGEPRO_VIEWS.some(v => v === meta.view);

/** Read with useGetOne('sageProSandboxViews', { id: `${connectionId}/${view}`, meta: { connectionId, view, limit } }). */
export const sageProSandboxViews: ResourceModule<SageProViewTable> = {
  async getOne(_id, meta) {
    if (!isViewMeta(meta)) throw new TypeError('sageProSandboxViews: meta must be { connectionId, view, limit? }');
    const { connectionId, view, limit } = meta;
    const r = await gql<{ sageProSandboxView: { columns: string[]; rows: string[][] } }>(
      `query SageProSandboxView($connectionId: ID!, $view: SageProView!, $limit: Int) {
        sageProSandboxView(connectionId: $connectionId, view: $view, limit: $limit) { columns rows } }`,
      { connectionId, view, limit },
    );
    return { id: `${connectionId}/${view}`, ...r.sageProSandboxView };
  },
};

export interface SageProGlAccount { account: string; description: string; type: string; active: boolean }
/** A company's chart of accounts as a read-only record of the virtual resource "sageProChartsOfAccounts" (id: the connection's). */
export interface SageProChartOfAccounts { id: string; accounts: SageProGlAccount[] }

export const sageProChartsOfAccounts: ResourceModule<SageProChartOfAccounts> = {
  async getOne(id) {
    const r = await gql<{ sageProChartOfAccounts: SageProGlAccount[] }>(
      `query SageProChartOfAccounts($connectionId: ID!) { sageProChartOfAccounts(connectionId: $connectionId) { account description type active } }`,
      { connectionId: id },
    );
    return { id: String(id), accounts: r.sageProChartOfAccounts };
  },
};

export type SageProTestStatus =
  'ok' | 'bad_credentials' | 'forbidden' | 'missing_tables' | 'not_sage_pro' | 'unreachable' | 'timed_out' | 'refused_address' | 'tls_error' | 'error';
export interface SageProTestResult { status: SageProTestStatus; message: string; durationMs: number; testedAt: string }

/** Sage Pro connection operations that are not CRUD; call them through `useDataProvider<SettleDataProvider>()`. */
export const sageProActions = {
  /** SageProPostingInput: only the settings given change; accounts must be of the company's chart. */
  async updateSageProPosting(id: string, input: Record<string, string>): Promise<RaRecord> {
    const r = await gql<{ updateSageProPosting: SageProConnection }>(
      `mutation UpdateSageProPosting($id: ID!, $input: SageProPostingInput!) { updateSageProPosting(id: $id, input: $input) { ${SAGEPRO} } }`,
      { id, input },
    );
    return r.updateSageProPosting;
  },
  async testSageProConnection(id: string): Promise<SageProTestResult> {
    const r = await gql<{ testSageProConnection: SageProTestResult }>(
      `mutation TestSageProConnection($id: ID!) { testSageProConnection(id: $id) { status message durationMs testedAt } }`,
      { id },
    );
    return r.testSageProConnection;
  },
};
