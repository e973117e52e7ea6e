import { GraphQLError } from 'graphql';
import type { FlowProblem } from '../definition/flow-checks.js';

const LISTED = 10;

/**
 * A definition the checks refuse (publishing, promoting): BAD_USER_INPUT naming `field`, with every
 * problem in `extensions.problems` (path, step, message, position) and the first ones in the message.
 */
export class FlowProblemsRefused extends GraphQLError {
  constructor(field: string, what: string, problems: readonly FlowProblem[]) {
    const listed = problems.slice(0, LISTED).map(describeProblem).join('; ');
    const more = problems.length > LISTED ? `; and ${problems.length - LISTED} more` : '';
    super(`${field}: ${what}: ${listed}${more}`, { extensions: { code: 'BAD_USER_INPUT', field, problems } });
  }
}

export function describeProblem(problem: FlowProblem): string {
  const position = problem.position === undefined ? '' : ` (at position ${problem.position})`;
  return `${problem.path}${position}: ${problem.message}`;
}
