import { useState } from 'react';
import { Form, Link, PasswordInput, TextInput, email, minLength, required, useLogin } from 'react-admin';
import { Typography } from '@mui/material';
import { AUTH_FIELDS, gqlAnonymous, type AuthPayload } from '../graphql';
import { toSubmissionErrors } from '../formErrors';
import { AuthCard } from './AuthCard';
import { SubmitButton } from './SubmitButton';

const SIGN_UP = `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { ${AUTH_FIELDS} } }`;
const FIELDS = ['companyName', 'email', 'password', 'name'] as const;
type Values = Record<(typeof FIELDS)[number], string | undefined>;

export const SignUpPage = () => {
  const login = useLogin();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: Values) => {
    setLoading(true);
    setError(null);
    try {
      const input = { companyName: v.companyName?.trim(), email: v.email?.trim(), password: v.password, name: v.name?.trim() || null };
      const { signUp } = await gqlAnonymous<{ signUp: AuthPayload }>(SIGN_UP, { input });
      await login({ payload: signUp });
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, FIELDS);
      setError(message ?? null);
      return errors; // shown next to the named fields
    } finally {
      setLoading(false);
    }
  };

  return (
    <AuthCard title="Create your Settle account" error={error} footer={
      <Typography variant="body2">Already have an account? <Link to="/login">Sign in</Link></Typography>
    }>
      <Form onSubmit={submit as (v: Record<string, unknown>) => Promise<Record<string, string> | undefined>} noValidate>
        <TextInput fullWidth source="companyName" label="Company name" autoComplete="organization" autoFocus validate={required()} />
        <TextInput fullWidth source="email" label="Work email" type="email" autoComplete="email" validate={[required(), email()]} />
        <PasswordInput fullWidth source="password" label="Password" autoComplete="new-password" helperText="At least 10 characters"
          validate={[required(), minLength(10, 'Use at least 10 characters')]} />
        <TextInput fullWidth source="name" label="Your name" autoComplete="name" />
        <SubmitButton label="Sign up" loading={loading} />
      </Form>
    </AuthCard>
  );
};
