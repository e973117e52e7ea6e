import { useEffect, useState } from 'react';
import { Form, Link, PasswordInput, TextInput, email, required, useCheckAuth, useLogin, useNavigate } from 'react-admin';
import { Typography } from '@mui/material';
import { AuthCard } from './AuthCard';
import { SubmitButton } from './SubmitButton';

export const LoginPage = () => {
  const login = useLogin();
  const checkAuth = useCheckAuth();
  const navigate = useNavigate();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Already signed in (or a valid refresh cookie): go straight to the app.
  useEffect(() => {
    checkAuth({}, false).then(() => navigate('/')).catch(() => undefined);
  }, [checkAuth, navigate]);

  const submit = async (values: Record<string, string>) => {
    setLoading(true);
    setError(null);
    try {
      await login({ email: values.email.trim(), password: values.password });
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Sign in failed');
    } finally {
      setLoading(false);
    }
  };

  return (
    <AuthCard title="Sign in" error={error} footer={
      <Typography variant="body2">New to Settle? <Link to="/sign-up">Create an account</Link></Typography>
    }>
      <Form onSubmit={submit} noValidate>
        <TextInput fullWidth source="email" label="Email" type="email" autoComplete="email" autoFocus validate={[required(), email()]} />
        <PasswordInput fullWidth source="password" label="Password" autoComplete="current-password" validate={required()} />
        <SubmitButton label="Sign in" loading={loading} />
      </Form>
    </AuthCard>
  );
};
