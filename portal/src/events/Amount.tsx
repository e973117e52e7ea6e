import { formatMinor } from '../connections/format';

/**
 * Money the API sends as integer minor units in a string (64-bit), with its currency. formatMinor
 * turns the digits into a decimal by string arithmetic: no float ever holds the amount.
 */
export const Amount = ({ minor, currency }: { minor: string | null | undefined; currency: string | null | undefined }) =>
  minor === null || minor === undefined || !currency
    ? <>—</>
    : <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatMinor(minor, currency)}</span>;
