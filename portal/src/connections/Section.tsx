import { type ReactNode, useId } from 'react';
import { Box, Card, Typography } from '@mui/material';
import { Pagination, useListContext } from 'react-admin';

/** One system on the Connections page: a heading, what it is for, its actions, and a card with its list. */
export const Section = ({ title, description, actions, children }: {
  title: string; description: ReactNode; actions?: ReactNode; children: ReactNode;
}) => {
  const headingId = useId();
  return (
    <Box component="section" aria-labelledby={headingId}>
      <Box sx={{ display: 'flex', alignItems: 'flex-end', gap: 2, flexWrap: 'wrap', mb: 1.5 }}>
        <Box sx={{ flex: '1 1 320px' }}>
          <Typography id={headingId} variant="h6" component="h2">{title}</Typography>
          <Typography variant="body2" color="text.secondary">{description}</Typography>
        </Box>
        {actions && <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>{actions}</Box>}
      </Box>
      {/* width 0 + min-width 100%: a wide table scrolls inside the card instead of widening the page. */}
      <Card><Box sx={{ width: 0, minWidth: '100%', overflowX: 'auto' }}>{children}</Box></Card>
    </Box>
  );
};

/** Pagination only once there is more than one page (most tenants have a connection or two). */
export const SectionPagination = () => {
  const { page, hasNextPage, total, perPage } = useListContext();
  const morePages = page > 1 || !!hasNextPage || (total !== undefined && total > perPage);
  return morePages ? <Pagination rowsPerPageOptions={[10, 25, 50]} /> : null;
};
