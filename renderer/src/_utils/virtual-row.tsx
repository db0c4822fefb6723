import { Box } from '@mui/material';
import type { VirtualItem } from '@tanstack/react-virtual';
import type { ReactNode } from 'react';

/**
 * One row of a list virtualised with @tanstack/react-virtual: absolutely placed at the item's offset (px) and
 * measured by the virtualizer (`measure`: its `measureElement`), so rows of any height scroll right.
 */
export function VirtualRow({ item, measure, children }: { item: VirtualItem; measure: (el: Element | null) => void; children: ReactNode }) {
  return (
    <Box
      data-index={item.index}
      ref={measure}
      role="listitem"
      sx={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
    >
      {children}
    </Box>
  );
}
