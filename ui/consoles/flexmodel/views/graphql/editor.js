// The query editor: a plain textarea (the browser's own undo, selection and input methods)
// with completion from the schema in a small list under the caret, keyboard first: it opens
// while a name is typed (or on Ctrl+Space), arrows move, Enter or Tab accepts, Escape closes.
// Ctrl+Enter runs; Enter keeps the line's indentation. What to offer comes from complete.js.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { suggestions } from './complete.js';

const NAME_CHAR = /^[_0-9A-Za-z]$/;
// What the mirror copies from the textarea so that text wraps and sits exactly as in it.
const MIRRORED = ['boxSizing', 'width', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
  'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'fontFamily', 'fontSize',
  'fontWeight', 'fontStyle', 'letterSpacing', 'lineHeight', 'tabSize', 'textIndent', 'whiteSpace', 'wordBreak', 'overflowWrap'];

/** Where the caret at `pos` is drawn, relative to the textarea's box: {left, top, bottom}. */
function caretPoint(area, pos) {
  const style = getComputedStyle(area);
  const mirror = document.createElement('div');
  for (const p of MIRRORED) mirror.style[p] = style[p];
  Object.assign(mirror.style, { position: 'absolute', visibility: 'hidden', top: '0', left: '-9999px', overflow: 'hidden', height: 'auto' });
  mirror.textContent = area.value.slice(0, pos);
  const marker = document.createElement('span');
  marker.textContent = '\u200b';
  mirror.append(marker);
  document.body.append(mirror);
  const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4;
  const left = marker.offsetLeft - area.scrollLeft;
  const top = marker.offsetTop - area.scrollTop;
  mirror.remove();
  return { left, top, bottom: top + lineHeight };
}

/**
 * options: {id, value, placeholder, index() -> the schema index or null, onRun(), onChange(text)}
 * Returns {el, area, value(), setValue(text), moveTo(line, column)}.
 */
export function queryEditor({ id, value = '', placeholder = '', index, onRun, onChange }) {
  const listId = `${id}-complete`;
  const area = h('textarea', {
    class: 'input gql-text', id, spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off', wrap: 'off',
    placeholder, role: 'combobox', 'aria-autocomplete': 'list', 'aria-controls': listId, 'aria-expanded': 'false',
    'aria-multiline': 'true',
  });
  area.value = value;
  const list = h('ul', { class: 'gql-complete', id: listId, role: 'listbox', hidden: true, 'aria-label': t('fm.graphql.completion') });
  const where = h('div', { class: 'gql-caret muted', 'aria-live': 'off' });
  const el = h('div', { class: 'gql-editor' }, area, list, where);
  let open = null; // {from, to, items, active}
  let accepting = false;

  const showWhere = () => {
    const before = area.value.slice(0, area.selectionStart);
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    where.textContent = t('fm.graphql.caret', { line, column });
  };

  function close() {
    if (!open) return;
    open = null;
    list.hidden = true;
    list.replaceChildren();
    area.setAttribute('aria-expanded', 'false');
    area.removeAttribute('aria-activedescendant');
  }

  function render() {
    list.replaceChildren(...open.items.map((item, i) => h('li', {
      id: `${listId}-${i}`, role: 'option', class: i === open.active ? 'active' : '',
      'aria-selected': i === open.active ? 'true' : 'false', title: item.doc || null, dataset: { label: item.label },
      // mousedown, not click: the textarea keeps its focus and its caret.
      onmousedown: (e) => { e.preventDefault(); open.active = i; accept(); },
    }, h('span', { class: 'gql-complete-label' }, item.label), h('span', { class: 'gql-complete-detail' }, item.detail))));
    area.setAttribute('aria-activedescendant', `${listId}-${open.active}`);
    list.children[open.active]?.scrollIntoView({ block: 'nearest' });
  }

  /** Offers what fits at the caret; `explicit` (Ctrl+Space) also with nothing typed yet. */
  function suggest(explicit = false) {
    const idx = index();
    const caret = area.selectionStart;
    const found = idx && area.selectionStart === area.selectionEnd ? suggestions(idx, area.value, caret) : null;
    if (!found || (!explicit && !found.prefix)) return close();
    open = { ...found, active: 0 };
    list.hidden = false;
    area.setAttribute('aria-expanded', 'true');
    render();
    const point = caretPoint(area, found.from);
    const maxLeft = Math.max(0, el.clientWidth - list.offsetWidth - 4);
    list.style.left = `${Math.min(Math.max(0, area.offsetLeft + point.left), maxLeft)}px`;
    list.style.top = `${area.offsetTop + Math.min(point.bottom + 2, area.clientHeight)}px`;
  }

  /** Replaces `from`..`to` with `text` as typing would (so undo takes it back). */
  function insert(from, to, text) {
    area.focus();
    area.setSelectionRange(from, to);
    accepting = true;
    const done = document.execCommand('insertText', false, text);
    accepting = false;
    if (!done) {
      area.setRangeText(text, from, to, 'end');
      onChange?.(area.value);
    }
  }

  function accept() {
    const item = open.items[open.active];
    const { from, to } = open;
    close();
    insert(from, to, item.insert);
    showWhere();
  }

  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      close();
      onRun();
      return;
    }
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      suggest(true);
      return;
    }
    if (open) {
      const move = { ArrowDown: 1, ArrowUp: -1, PageDown: 8, PageUp: -8 }[e.key];
      if (move) {
        e.preventDefault();
        open.active = Math.min(open.items.length - 1, Math.max(0, open.active + move));
        render();
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        accept();
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close();
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey) {
      // A new line under the current one's indentation, one step deeper after an opening.
      e.preventDefault();
      const caret = area.selectionStart;
      const line = area.value.slice(area.value.lastIndexOf('\n', caret - 1) + 1, caret);
      const indent = line.match(/^[ \t]*/)[0] + (/[{(\[]\s*$/.test(line) ? '  ' : '');
      insert(caret, area.selectionEnd, `\n${indent}`);
    }
  });
  area.addEventListener('input', (e) => {
    onChange?.(area.value);
    showWhere();
    if (accepting) return;
    const typedName = e.inputType === 'insertText' && e.data && NAME_CHAR.test(e.data.slice(-1));
    if (typedName || (open && e.inputType?.startsWith('delete'))) suggest();
    else close();
  });
  area.addEventListener('click', () => { close(); showWhere(); });
  area.addEventListener('keyup', (e) => { if (e.key.startsWith('Arrow') && !open) showWhere(); });
  area.addEventListener('blur', close);
  area.addEventListener('scroll', close);
  showWhere();

  return {
    el,
    area,
    value: () => area.value,
    setValue(text) {
      close();
      area.value = text;
      showWhere();
    },
    /** Puts the caret at `line`, `column` (from 1), as an error's location names it. */
    moveTo(line, column) {
      const lines = area.value.split('\n');
      const row = Math.min(Math.max(1, line), lines.length);
      const offset = lines.slice(0, row - 1).reduce((n, l) => n + l.length + 1, 0) + Math.min(Math.max(0, column - 1), lines[row - 1].length);
      area.focus();
      area.setSelectionRange(offset, offset);
      const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
      area.scrollTop = Math.max(0, (row - 3) * lineHeight);
      showWhere();
    },
  };
}
