import { useState } from 'react';
import { Box, Button } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import { Form, TextInput, email, required, useCreate, useNotify } from 'react-admin';
import { toSubmissionErrors } from '../formErrors';
import { RoleInput } from './RoleInput';

/** Inline "Invite" form: email + role → invite mutation; the invitations list refetches on success. */
export const InviteForm = () => {
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
  const [formKey, setFormKey] = useState(0); // remount to clear the form after a successful invite

  const submit = async (data: Record<string, unknown>) => {
    try {
      await create('invitations', { data }, { returnPromise: true });
      notify(`Invitation sent to ${String(data.email)}`, { type: 'success' });
      setFormKey(k => k + 1);
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, ['email', 'role']);
      if (message) notify(message, { type: 'error' });
      return errors;
    }
  };

  return (
    <Form key={formKey} onSubmit={submit} noValidate>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap', px: 2, pt: 1 }}>
        <TextInput source="email" label="Email" type="email" validate={[required(), email()]} sx={{ width: 280, m: 0 }} helperText={false} />
        <RoleInput />
        <Button type="submit" variant="contained" startIcon={<SendIcon />} disabled={isPending} sx={{ mt: 0.5 }}>Invite</Button>
      </Box>
    </Form>
  );
};
