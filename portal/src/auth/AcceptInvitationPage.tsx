import { useState } from 'react';
import { Form, Link, PasswordInput, TextInput, minLength, required, useLogin } from 'react-admin';
import { Typography } from '@mui/material';
import { useSearchParams } from 'react-router-dom';
import { AUTH_FIELDS, gqlAnonymous, type AuthPayload } from '../graphql';
import { toSubmissionErrors } from '../formErrors';
import { AuthCard } from './AuthCard';
import { SubmitButton } from './SubmitButton';

const ACCEPT = `mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { ${AUTH_FIELDS} } }`;
const FIELDS = ['password', 'name'] as const;

export const AcceptInvitationPage = () => {
  const [params] = useSearchParams();
  const token = params.get('token');
  const login = useLogin();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(token ? null : 'This invitation link is incomplete: it has no token.');

  const submit = async (v: Record<string, unknown>) => {
    if (!token) return;
    setLoading(true);
    setError(null);
    try {
      const input = { token, password: v.password, name: String(v.name ?? '').trim() || null };
      const { acceptInvitation } = await gqlAnonymous<{ acceptInvitation: AuthPayload }>(ACCEPT, { input });
      await login({ payload: acceptInvitation });
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, FIELDS);
      setError(message ?? null); // e.g. an expired or already used token
      return errors;
    } finally {
      setLoading(false);
    }
  };

  return (
    <AuthCard title="Accept your invitation" error={error} footer={
      <Typography variant="body2">Already have an account? <Link to="/login">Sign in</Link></Typography>
    }>
      <Typography variant="body2" color="text.secondary">
        Choose a password to join your team on Settle. If you already have a Settle account, enter its password.
      </Typography>
      <Form onSubmit={submit} noValidate>
        <PasswordInput fullWidth source="password" label="Password" autoComplete="new-password" autoFocus helperText="At least 10 characters"
          validate={[required(), minLength(10, 'Use at least 10 characters')]} />
        <TextInput fullWidth source="name" label="Your name" autoComplete="name" helperText="Only used for a new account" />
        <SubmitButton label="Accept invitation" loading={loading || !token} />
      </Form>
    </AuthCard>
  );
};
