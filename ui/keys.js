// Keyboard shortcuts over the whole window (Ctrl on Linux and Windows, ⌘ on macOS):
//   Ctrl/⌘-F      the current screen's search box (or the open dialog's), even from a text field;
//   F5, Ctrl/⌘-R  the current screen read again from the console (its remembered answers
//                 forgotten first); WebKit's own reload never runs;
//   Ctrl/⌘-] / [  the next / previous screen in the navigation, in its order, wrapping;
//   Escape        closes the top dialog, through its `cancel` (so a dialog that asks before
//                 closing still asks; a typed confirmation closes unconfirmed);
//   Ctrl/⌘-K      the command palette (palette.js, loaded the first time it opens).
// Ctrl-]/[ rather than Alt-↓/↑: they mean nothing in a text field, a <select> or a table (Alt-↓
// opens a select's menu; on macOS ⌥-↑/↓ moves the caret by paragraph), so they never take a key
// from what has focus. A plain key (no Ctrl/⌘) never triggers anything but F5 and Escape, and
// nothing fires while an input method is composing (Chinese typed through an IME).
import { forgetReads } from './cache.js';
import { t } from './i18n.js';
import './palette-strings.js';

export const MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent || '');

/** Each shortcut's keys, as a person reads them and as aria-keyshortcuts says them. */
const KEYS = {
  search: [['mod', 'F']],
  refresh: [['F5'], ['mod', 'R']],
  next: [['mod', ']']],
  previous: [['mod', '[']],
  palette: [['mod', 'K']],
  close: [['Escape']],
};

/** 'Ctrl+F' (or '⌘F' on macOS); a shortcut with two ways to press it gives both. */
export function shortcutText(name) {
  return KEYS[name].map((combo) => (MAC
    ? combo.map((k) => (k === 'mod' ? '⌘' : k === 'Escape' ? 'Esc' : k)).join('')
    : combo.map((k) => (k === 'mod' ? 'Ctrl' : k === 'Escape' ? 'Esc' : k)).join('+'))).join(' / ');
}

/** The aria-keyshortcuts value: 'Control+F', 'F5 Control+R'. */
export function shortcutAria(name) {
  const word = { ']': 'BracketRight', '[': 'BracketLeft' };
  return KEYS[name].map((combo) => combo.map((k) => (k === 'mod' ? (MAC ? 'Meta' : 'Control') : word[k] || k)).join('+')).join(' ');
}

let shell = null;

/** The top open dialog (the last shown), if any. */
export function topDialog() {
  const open = document.querySelectorAll('dialog[open]');
  return open[open.length - 1] || null;
}

const visible = (el) => el.getClientRects().length > 0 && !el.disabled;

/** The search box of the open dialog, else of the current screen. */
function searchBox() {
  const scope = topDialog() || document.getElementById('content');
  if (!scope) return null;
  return [...scope.querySelectorAll('[data-search]'), ...scope.querySelectorAll('input[type=search]')].find(visible) || null;
}

/** Puts the caret in the current search box, its text selected; false when there is none. */
export function focusSearch() {
  const box = searchBox();
  if (!box) return false;
  box.focus();
  box.select?.();
  return true;
}

/**
 * Reads the current screen again: what the session remembered is forgotten, then the screen
 * is drawn anew. A search typed in its box is put back (and searched again).
 */
export function refreshScreen() {
  const box = topDialog() ? null : searchBox();
  const typed = box?.value || '';
  const boxId = box?.id;
  forgetReads();
  shell.refresh();
  if (!typed) return;
  const again = document.getElementById('content')?.querySelector(boxId ? `#${CSS.escape(boxId)}` : '[data-search], input[type=search]');
  if (again && !again.value) {
    again.value = typed;
    again.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

/** Goes `step` screens along the navigation (1 next, -1 previous), wrapping at the ends. */
export function stepScreen(step) {
  const items = [...document.querySelectorAll('#sidebar .nav-item[data-route]')];
  if (!items.length) return;
  const at = items.findIndex((a) => a.classList.contains('active'));
  const next = items[(at + step + items.length) % items.length];
  shell.ctx.go(next.dataset.route);
}

/** Closes `dialog` as Escape would: its `cancel` first, which it may refuse. */
export function dismiss(dialog) {
  const cancel = new Event('cancel', { cancelable: true });
  dialog.dispatchEvent(cancel);
  if (!cancel.defaultPrevented && dialog.open) dialog.close();
}

let palette = null;
export function openPalette() {
  palette ||= import('./palette.js');
  return palette.then((m) => m.togglePalette(shell));
}

function onKeyDown(e) {
  if (e.defaultPrevented || e.isComposing || e.keyCode === 229) return;
  const mod = MAC ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
  const dialog = topDialog();
  if (e.key === 'Escape' && plain) {
    if (!dialog) return;
    e.preventDefault();
    dismiss(dialog);
    return;
  }
  if (e.key === 'F5' && plain && !e.shiftKey) {
    e.preventDefault();
    if (!dialog) refreshScreen();
    return;
  }
  if (!mod || e.altKey) return;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const palOpen = dialog?.classList.contains('palette');
  if (key === 'r' || e.code === 'KeyR') {
    // Ctrl-R and Ctrl-Shift-R: never WebKit's reload of the whole window.
    e.preventDefault();
    if (!dialog && !e.shiftKey) refreshScreen();
  } else if ((key === 'f' || e.code === 'KeyF') && !e.shiftKey) {
    e.preventDefault();
    if (!palOpen) focusSearch();
  } else if ((key === 'k' || e.code === 'KeyK') && !e.shiftKey) {
    e.preventDefault();
    // Over another dialog the palette would act behind it: only on the screen, or to close it.
    if (!dialog || palOpen) openPalette();
  } else if (key === ']' || e.code === 'BracketRight') {
    e.preventDefault();
    if (!dialog) stepScreen(1);
  } else if (key === '[' || e.code === 'BracketLeft') {
    e.preventDefault();
    if (!dialog) stepScreen(-1);
  }
}

/** Says each shortcut where it acts: on search boxes and Refresh buttons, as tooltips too. */
function label() {
  const content = document.getElementById('content');
  if (!content) return;
  const search = `${t('palette.shortcut')} ${shortcutText('search')}`;
  for (const box of content.querySelectorAll('[data-search], input[type=search]')) {
    box.setAttribute('aria-keyshortcuts', shortcutAria('search'));
    if (!box.title || box.dataset.keysTitle) {
      box.title = `${box.getAttribute('aria-label') || box.placeholder || t('common.search')} (${search})`;
      box.dataset.keysTitle = '1';
    }
  }
  const refresh = t('common.refresh');
  for (const button of content.querySelectorAll('.screen-head button')) {
    if (!button.matches('[data-refresh]') && button.textContent.trim() !== refresh) continue;
    button.setAttribute('aria-keyshortcuts', shortcutAria('refresh'));
    button.title = `${refresh} (${shortcutText('refresh')})`;
  }
}

/**
 * Installs the shortcuts once. `options`: {ctx (the shell's: go, refresh…), refresh() (draws
 * the current screen again), routes() (the screens of the active console and the shell's),
 * profiles(), activeId(), use(id) (switches profile), kind() (the active console's kind)}.
 */
export function installKeys(options) {
  shell = options;
  window.addEventListener('keydown', onKeyDown);
  document.getElementById('sidebar')?.setAttribute('aria-keyshortcuts', `${shortcutAria('next')} ${shortcutAria('previous')}`);
  // A new screen (or the same one drawn again) gets its shortcuts said.
  const content = document.getElementById('content');
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; label(); });
  }).observe(content, { childList: true });
}
