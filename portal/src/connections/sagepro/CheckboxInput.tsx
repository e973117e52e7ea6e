import { Checkbox, FormControl, FormControlLabel, FormHelperText } from '@mui/material';
import { useInput } from 'react-admin';

/** A plain checkbox for a boolean react-admin form value (BooleanInput is a switch). */
export const CheckboxInput = ({ source, label, helperText, readOnly = false, defaultValue }: {
  source: string; label: string; helperText?: string; readOnly?: boolean; defaultValue?: boolean;
}) => {
  const { field, fieldState, id } = useInput({ source, defaultValue });
  const help = fieldState.error?.message ?? helperText;
  return (
    <FormControl sx={{ width: '100%', mb: 1 }} error={!!fieldState.error}>
      <FormControlLabel label={label} disabled={readOnly}
        control={<Checkbox id={id} name={field.name} checked={field.value === true}
          onChange={e => field.onChange(e.target.checked)} onBlur={field.onBlur} />} />
      {help && <FormHelperText sx={{ mt: -0.5, ml: 4 }}>{help}</FormHelperText>}
    </FormControl>
  );
};
