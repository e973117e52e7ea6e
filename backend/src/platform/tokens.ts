/** Injection tokens of the platform module, kept apart so that providers can import them without cycles. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const INFRASTRUCTURE = Symbol('INFRASTRUCTURE');
export const PROCESS_ROLE = Symbol('PROCESS_ROLE');

/** What this process runs: the API, the queue workers, or both (the default). */
export type ProcessRole = 'all' | 'api' | 'worker';

export const runsWorkers = (role: ProcessRole) => role !== 'api';
export const servesApi = (role: ProcessRole) => role !== 'worker';
