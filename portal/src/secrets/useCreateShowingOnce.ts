import { useState } from 'react';
import { type RaRecord, useDataProvider, useNotify, useRefresh } from 'react-admin';
import { toSubmissionErrors } from '../formErrors';

/**
 * A create form whose answer carries something shown once (a secret): the dataProvider is called
 * directly, not through useCreate, so that answer only lives in the form's state and never lands in
 * react-admin's query cache. `shown` picks what the form's dialog shows (null: nothing to show).
 * After each success the form is cleared (`formKey`) and the list refreshed; the API's
 * BAD_USER_INPUT lands on the field it names among `fields`.
 */
export function useCreateShowingOnce<Shown>(resource: string, fields: string[], shown: (record: RaRecord) => Shown | null) {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<Shown | null>(null);
  const [formKey, setFormKey] = useState(0);

  const submit = async (data: Record<string, unknown>) => {
    setPending(true);
    try {
      const { data: record } = await dataProvider.create(resource, { data });
      setCreated(shown(record));
      setFormKey(k => k + 1);
      refresh();
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, fields);
      if (message) notify(message, { type: 'error' });
      return errors;
    } finally {
      setPending(false);
    }
  };
  return { submit, pending, formKey, created, dismiss: () => setCreated(null) };
}
