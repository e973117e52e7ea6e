import { useState } from 'react';
import { Box, Chip, IconButton, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import type { SourceLeaf } from './api';
import { sourceTree, type SourceNode } from './model';

/** The drag payload's type: a source path, exactly as the API gave it. */
export const PATH_TYPE = 'application/x-settle-path';

const LeafRow = ({ leaf, name, usable, readOnly, picked, onPick }: {
  leaf: SourceLeaf; name: string; usable: boolean; readOnly: boolean; picked: boolean; onPick: (path: string | null) => void;
}) => (
  <Box component="li" tabIndex={0} data-testid={`leaf-${leaf.path}`} data-path={leaf.path}
    aria-label={`${leaf.path}: ${leaf.format}, e.g. ${leaf.samples.join(', ') || 'no value'}${picked ? ' (picked)' : ''}`}
    draggable={!readOnly && usable}
    onDragStart={e => { e.dataTransfer.setData(PATH_TYPE, leaf.path); e.dataTransfer.setData('text/plain', leaf.path); e.dataTransfer.effectAllowed = 'copyLink'; }}
    // Enter or Space picks the leaf: each field then offers to map it (the keyboard's drag and drop).
    onKeyDown={e => { if (!readOnly && usable && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); onPick(picked ? null : leaf.path); } }}
    sx={{
      listStyle: 'none', py: 0.25, px: 0.5, borderRadius: 1, cursor: readOnly || !usable ? 'default' : 'grab', opacity: usable ? 1 : 0.55,
      bgcolor: picked ? 'action.selected' : undefined, '&:focus-visible': { outline: 2, outlineColor: 'primary.main' },
      display: 'flex', flexWrap: 'wrap', columnGap: 1, alignItems: 'baseline',
    }}>
    <Typography component="code" variant="body2" sx={{ fontFamily: 'monospace', fontWeight: 500 }}>{name}</Typography>
    <Chip size="small" label={leaf.format} variant="outlined" sx={{ height: 18, fontSize: 11 }} />
    <Typography variant="caption" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>{leaf.samples.slice(0, 3).join(' · ') || '—'}</Typography>
  </Box>
);

const Branch = ({ node, depth, ...props }: { node: SourceNode; depth: number } & TreeProps) => {
  const [open, setOpen] = useState(depth < 2);
  if (node.leaf && !node.children.length) {
    return <LeafRow leaf={node.leaf} name={node.name} usable={props.usable(node.leaf)} readOnly={props.readOnly} picked={props.picked === node.leaf.path} onPick={props.onPick} />;
  }
  return (
    <Box component="li" sx={{ listStyle: 'none' }}>
      <Box sx={{ display: 'flex', alignItems: 'center' }}>
        <IconButton size="small" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${node.key}`} onClick={() => setOpen(!open)} sx={{ p: 0.25 }}>
          {open ? <ExpandMoreIcon fontSize="small" /> : <ChevronRightIcon fontSize="small" />}
        </IconButton>
        <Typography component="code" variant="body2" sx={{ fontFamily: 'monospace' }}>{node.name}</Typography>
        {node.name.endsWith('[]') && <Typography variant="caption" color="text.secondary" sx={{ ml: 1 }}>array: one value per element</Typography>}
      </Box>
      {open && (
        <Box component="ul" sx={{ pl: 2, m: 0 }}>
          {node.leaf && <LeafRow leaf={node.leaf} name="(value)" usable={props.usable(node.leaf)} readOnly={props.readOnly} picked={props.picked === node.leaf.path} onPick={props.onPick} />}
          {node.children.map(child => <Branch key={child.key + (child.leaf ? ':leaf' : '')} node={child} depth={depth + 1} {...props} />)}
        </Box>
      )}
    </Box>
  );
};

interface TreeProps { usable: (leaf: SourceLeaf) => boolean; readOnly: boolean; picked: string | null; onPick: (path: string | null) => void }

/**
 * The sample as a collapsible tree: nested objects and arrays (order lines, `[]`), each leaf with its
 * sample values and inferred format. Leaves are dragged onto a field, or picked with Enter and mapped
 * from the field; a leaf in an array feeds only a per-line record whose rows come from that array.
 */
export const SourceTree = ({ leaves, ...props }: { leaves: SourceLeaf[] } & TreeProps) => (
  <Box component="ul" aria-label="Source fields" data-testid="source-tree" sx={{ m: 0, p: 0 }}>
    {sourceTree(leaves).map(node => <Branch key={node.key + (node.leaf ? ':leaf' : '')} node={node} depth={0} {...props} />)}
  </Box>
);
