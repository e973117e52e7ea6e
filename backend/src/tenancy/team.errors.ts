import { Forbidden, InvalidInput } from '../platform/errors.js';
import type { TeamRefusal } from './membership.rules.js';

/** Turns a rule's refusal into the error the caller sees; `field` names the argument a last-owner refusal is about. */
export function refuseIf(refusal: TeamRefusal | undefined, field: string): void {
  if (refusal === 'forbidden') throw new Forbidden('Your role does not allow this: only owners make or remove owners, and nobody grants above their own role');
  if (refusal === 'last-owner') throw new InvalidInput(field, 'the tenant must keep at least one owner');
}
