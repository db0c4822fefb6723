import { useEffect, useRef } from 'react';
import { ownsKeys } from '../keyboard/use-shortcuts.js';

/** What the editor's keys do. */
export interface EditorKeys {
  /** Space or K. */
  toggle: () => void;
  /** ArrowLeft / J: back 5 s; ArrowRight / L: forward 5 s. */
  skip: (direction: -1 | 1) => void;
  /** ArrowUp / ArrowDown: previous / next segment. */
  segment: (direction: -1 | 1) => void;
  /** Shift+, (<) / Shift+. (>): slower / faster. */
  speed: (direction: -1 | 1) => void;
  /** Ctrl/Cmd+Z. */
  undo: () => void;
  /** Ctrl/Cmd+Shift+Z, Ctrl+Y. */
  redo: () => void;
}

/**
 * True when the focused element takes typing or arrows itself: a text field, a select, an editable element, a
 * slider, a menu, or the <audio> element's own controls (which play and seek on Space and the arrows).
 */
export function takesTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'AUDIO' || tag === 'VIDEO') return true;
  const role = target.getAttribute('role');
  return role === 'combobox' || role === 'option' || role === 'menuitem' || role === 'slider' || role === 'textbox' || role === 'listbox';
}

/**
 * The editor's keys, on the window while the editor is open and not `disabled`. None of them acts while a text field
 * (or another control that uses the key) has the focus, so typing in a segment never plays, seeks or undoes the
 * transcript; Space also leaves a focused button alone (Space clicks it).
 */
export function useEditorKeys(keys: EditorKeys, disabled: boolean): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    if (disabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || takesTyping(e.target)) return;
      const k = latest.current;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      let act: (() => void) | null = null;
      if (mod) {
        if (key === 'z') act = e.shiftKey ? k.redo : k.undo;
        else if (key === 'y' && !e.shiftKey) act = k.redo;
      } else if ((key === ' ' && !ownsKeys(e.target)) || key === 'k') {
        if (!e.repeat) act = k.toggle;
      } else if (key === 'ArrowLeft' || key === 'j') {
        act = () => k.skip(-1);
      } else if (key === 'ArrowRight' || key === 'l') {
        act = () => k.skip(1);
      } else if (key === 'ArrowUp') {
        act = () => k.segment(-1);
      } else if (key === 'ArrowDown') {
        act = () => k.segment(1);
      } else if (key === '<') {
        act = () => k.speed(-1);
      } else if (key === '>') {
        act = () => k.speed(1);
      }
      if (!act) return;
      e.preventDefault();
      act();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [disabled]);
}
