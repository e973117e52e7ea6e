import { Box } from '@mui/material';

/** The API's JSON-valued fields are JSON strings: shown indented; anything unparsable as it is. */
export const prettyJson = (json: string | null | undefined) => {
  if (!json) return '—';
  try { return JSON.stringify(JSON.parse(json), null, 2); } catch { return json; }
};

export const JsonBlock = ({ json, label }: { json: string | null | undefined; label: string }) => (
  <Box component="pre" aria-label={label} sx={{
    m: 0, p: 1.5, fontSize: 12, bgcolor: 'grey.50', border: 1, borderColor: 'divider', borderRadius: 1,
    whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 480, overflow: 'auto',
  }}>{prettyJson(json)}</Box>
);
