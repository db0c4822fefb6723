import { Box } from '@mui/material';
import { useVirtualizer } from '@tanstack/react-virtual';
import { VirtualRow } from '../../_utils/virtual-row.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Segment } from '../../../../electron/shared/jobs.js';
import { canSplitAt, splitTimeAt } from './playback.js';
import { SegmentRow, type SegmentRowHandlers } from './segment-row.js';
import type { EditorActions } from './use-editor-transcript.js';
import type { Playhead } from './use-player.js';

/** Estimated row height before measuring (px): one line of text with its padding. */
const ESTIMATED_ROW_PX = 44;

export interface SegmentListProps {
  segments: readonly Segment[];
  playhead: Playhead;
  /** Whether to keep the playing segment in view (while playing, or after a seek). */
  follow: boolean;
  editable: boolean;
  actions: EditorActions;
  onSeek: (ms: number, play: boolean) => void;
  /** Tells the editor which segment is being edited (null: none), so keys and scrolling leave it alone. */
  onEditingChange: (segmentId: number | null) => void;
}

/**
 * The editor's segments as a virtualised list (@tanstack/react-virtual, heights measured as rows render): a
 * three-hour transcript of thousands of segments puts only the rows in view into the DOM. Keeps the playing segment
 * in view (centred when it leaves the viewport), except while a segment is being edited, and holds the draft of
 * the one segment being edited.
 */
export function SegmentList({ segments, playhead, follow, editable, actions, onSeek, onEditingChange }: SegmentListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState<{ id: number; draft: string } | null>(null);

  const virtualizer = useVirtualizer({
    count: segments.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    getItemKey: (i) => segments[i]?.id ?? i,
    overscan: 6,
  });

  // The segment being edited went away (undone split, merge, another client): stop editing it.
  useEffect(() => {
    if (editing && !segments.some((s) => s.id === editing.id)) setEditing(null);
  }, [segments, editing]);
  useEffect(() => onEditingChange(editing?.id ?? null), [editing?.id, onEditingChange]);

  useEffect(() => {
    const i = playhead.segment;
    if (!follow || editing || i < 0) return;
    const item = virtualizer.getVirtualItems().find((v) => v.index === i);
    const top = virtualizer.scrollOffset ?? 0;
    const height = virtualizer.scrollRect?.height ?? 0;
    const inView = item && item.start >= top && item.end <= top + height;
    if (!inView) virtualizer.scrollToIndex(i, { align: 'center' });
    // Only a move of the playhead scrolls (not a re-render): the user's own scrolling is left alone in between.
  }, [playhead.segment, follow]);

  const handlers = useMemo<SegmentRowHandlers>(
    () => ({
      onSeek,
      onStartEdit: (s) => setEditing({ id: s.id, draft: s.text.trim() }),
      onDraft: (text) => setEditing((e) => (e ? { ...e, draft: text } : e)),
      onCancel: () => setEditing(null),
      onSave: (s, text) => {
        if (text === s.text.trim()) {
          setEditing(null);
          return;
        }
        void actions.edit(s.id, text).then((ok) => ok && setEditing(null));
      },
      onSplit: (s, text, at) => {
        void (async () => {
          // Typed changes are saved first, so the cut falls where the cursor is in the text as shown.
          const changed = text !== s.text.trim();
          if (changed && !(await actions.edit(s.id, text))) return;
          const atMs = changed ? undefined : splitTimeAt(s, s.text.length - s.text.trimStart().length + at);
          const cut = changed ? at : s.text.length - s.text.trimStart().length + at;
          if (!changed && !canSplitAt(s.text, cut)) return;
          if (await actions.split(s.id, cut, atMs)) setEditing(null);
        })();
      },
      onRevert: (s) => void actions.revert(s.id),
      onMerge: (s) => void actions.merge(s.id),
    }),
    [actions, onSeek],
  );

  return (
    <Box ref={scrollRef} sx={{ flex: 1, minHeight: 0, overflow: 'auto' }} data-testid="editor-segments" role="list" aria-label="Segments">
      <Box sx={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const segment = segments[item.index];
          if (!segment) return null;
          const active = item.index === playhead.segment;
          return (
            <VirtualRow key={item.key} item={item} measure={virtualizer.measureElement}>
              <SegmentRow
                segment={segment}
                isLast={item.index === segments.length - 1}
                active={active}
                activeWord={active ? playhead.word : -1}
                draft={editing?.id === segment.id ? editing.draft : null}
                editable={editable}
                handlers={handlers}
              />
            </VirtualRow>
          );
        })}
      </Box>
    </Box>
  );
}
