import type { ReactNode } from 'react';
import { Card, CardContent, Typography } from '@mui/material';

/** A titled card of the connection detail page. */
export const Panel = ({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) => (
  <Card>
    <CardContent>
      <Typography variant="h6" component="h2" sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <span style={{ flex: 1 }}>{title}</span>{action}
      </Typography>
      {children}
    </CardContent>
  </Card>
);

/** Label/value rows. */
export const Facts = ({ rows }: { rows: [string, ReactNode][] }) => (
  <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 16, rowGap: 6, margin: 0 }}>
    {rows.map(([label, value]) => [
      <Typography key={`${label}-dt`} component="dt" variant="body2" color="text.secondary">{label}</Typography>,
      <Typography key={`${label}-dd`} component="dd" variant="body2" sx={{ m: 0, wordBreak: 'break-word' }}>{value}</Typography>,
    ])}
  </dl>
);
