export const REFERENCE_FIELD_CHOICES = [
  { id: 'invoice_id', name: 'Invoice id' },
  { id: 'customer_reference_id', name: 'Customer reference id' },
  { id: 'description', name: 'Description' },
];

export const UNMATCHED_POLICY_CHOICES = [
  { id: 'manual_review', name: 'Manual review: a person places it' },
  { id: 'payment_on_account', name: 'Post it on the customer’s account' },
];

export const choiceName = (choices: { id: string; name: string }[], id: string) => choices.find(c => c.id === id)?.name ?? id;
