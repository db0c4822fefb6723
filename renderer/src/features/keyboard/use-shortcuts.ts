import { useEffect, useRef } from 'react';

export interface Shortcuts {
  /** Space: start or stop recording; null where Space means something else (the editor plays with it). */
  toggleRecording: (() => void) | null;
  /** Ctrl+O (Cmd+O on macOS): open files. */
  openFiles: () => void;
}

/** True when a key press belongs to the focused element: text fields, selects, editable content, buttons, menus. */
export function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'BUTTON') return true;
  const role = target.getAttribute('role');
  return role === 'button' || role === 'combobox' || role === 'option' || role === 'menuitem' || role === 'slider' || role === 'textbox';
}

/**
 * App-wide keys: Space toggles recording (when `toggleRecording` is set) unless the focus is in a control that uses
 * Space itself (a text field, or a button, which Space clicks); Ctrl/Cmd+O opens the file picker. Off while
 * `disabled` (e.g. version mismatch).
 */
export function useShortcuts(shortcuts: Shortcuts, disabled: boolean): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    if (disabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        latest.current.openFiles();
        return;
      }
      const toggle = latest.current.toggleRecording;
      if (toggle && e.key === ' ' && !e.ctrlKey && !e.metaKey && !e.altKey && !ownsKeys(e.target)) {
        e.preventDefault();
        toggle();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [disabled]);
}
