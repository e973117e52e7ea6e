import { ApiError } from './graphql';

/**
 * Turns a failed mutation into react-hook-form submission errors (returned from a ra `<Form onSubmit>`)
 * for the fields the form shows; anything else comes back as `message` for an alert/notification.
 */
export function toSubmissionErrors(error: unknown, fields: readonly string[]) {
  const errors: Record<string, string> = {};
  const raw = error instanceof ApiError ? error.body.errors ?? {} : {};
  for (const [field, message] of Object.entries(raw)) if (fields.includes(field)) errors[field] = message;
  const shown = Object.keys(errors).length > 0;
  const message = shown ? undefined : error instanceof Error ? error.message : 'Something went wrong';
  return { errors: shown ? errors : undefined, message };
}
