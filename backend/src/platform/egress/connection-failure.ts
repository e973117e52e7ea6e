/**
 * A failed outbound connection as one of a few fixed kinds, so that what a tenant reads never
 * depends on what answered: a closed port, a filtered one (no answer in time), an open port speaking
 * something else and a dropped connection are all `unreachable`; otherwise the test would be a port
 * scanner. Only the guard's refusal and a certificate that does not fit are told apart.
 */
export type ConnectionFailureKind = 'refused_address' | 'tls_error' | 'unreachable';

// Certificate errors only: a handshake that fails because the port speaks something else (EPROTO,
// "wrong version number") is `unreachable`, or an https URL would tell open ports from closed ones.
const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_CERT_|HOSTNAME_MISMATCH$)/;
const TLS_WORDS = /certificate|self[- ]signed/i;

/** An error (or a "CODE message" line) of a failed connection as its kind. */
export function connectionFailureKind(failure: unknown): ConnectionFailureKind {
  const codes: string[] = [];
  const texts: string[] = [];
  for (let e = failure as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e === 'string') {
      texts.push(e);
      break;
    }
    if (typeof e.code === 'string') codes.push(e.code);
    if (typeof e.message === 'string') texts.push(e.message);
  }
  const firstWords = texts.map((text) => text.split(/\s/)[0]);
  const all = [...codes, ...firstWords];
  if (all.includes('EGRESS_REFUSED')) return 'refused_address';
  if (all.some((code) => TLS_CODES.test(code)) || texts.some((text) => TLS_WORDS.test(text))) return 'tls_error';
  return 'unreachable';
}
