import type { ReactNode } from 'react';
import { Box } from '@mui/material';

/**
 * Inputs side by side (stacked on phones). A Box with `gap`, not a Stack: Stack's spacing resets the
 * children's margins, which react-admin inputs need to keep their helper text clear of the next row.
 */
export const Row = ({ children }: { children: ReactNode }) => (
  <Box sx={{ display: 'flex', flexDirection: { xs: 'column', sm: 'row' }, columnGap: 2, width: '100%' }}>{children}</Box>
);

/** For a form's sx: room under helper texts for the next outlined input's floating label. */
export const helperTextRoom = { '& .MuiFormHelperText-root': { mb: 1.25 } } as const;
