/**
 * One JSON POST for alert webhooks, through the egress guard (platform/egress): the name is resolved
 * once, every address checked, and the socket connects to the address checked (no DNS rebinding).
 */
import { ALLOW_ANY, type EgressPolicy, EgressRefused, egressRequest, EgressTimeout, hostOfUrl, PUBLIC_ONLY } from '../../platform/egress/index.js';
import { NonPublicTarget } from './webhook-address.js';

export interface WebhookPostOptions {
  /** Non-public receivers allowed (ALERT_WEBHOOK_ALLOW_PRIVATE): those `policy` allows. Off: public only. */
  allowPrivate: boolean;
  /** The app's egress policy (EGRESS_ALLOW); without one, allowPrivate allows any address (unit tests). */
  policy?: EgressPolicy;
  timeoutMs?: number;
}

export class DeadlinePassed extends Error {}

/** A receiver's answer is read up to this and dropped: only its status counts. */
const MAX_ANSWER_BYTES = 65_536;

/** Resolves the status code of the answer; its body is discarded. No redirect is followed. */
export async function postJson(url: URL, headers: Record<string, string>, body: string, options: WebhookPostOptions & { timeoutMs: number }): Promise<number> {
  const policy = options.allowPrivate ? (options.policy ?? ALLOW_ANY) : PUBLIC_ONLY;
  try {
    const answer = await egressRequest(policy, {
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: MAX_ANSWER_BYTES,
    });
    return answer.status;
  } catch (error) {
    if (error instanceof EgressRefused) throw new NonPublicTarget(hostOfUrl(url), error.address, options.allowPrivate);
    if (error instanceof EgressTimeout) throw new DeadlinePassed(`no answer within ${options.timeoutMs / 1000} s`);
    throw error;
  }
}
