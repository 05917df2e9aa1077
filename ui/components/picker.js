// A picker over a console list that reaches every item: searched and paged on the console
// (never a first page cut off), with the current choice always shown even when it is on no
// page loaded yet. One value, or several (checkboxes). Used wherever a form or a filter
// points at a package, robot group, robot or workflow.
import { h, debounce } from '../dom.js';
import { t } from '../i18n.js';
import { errorText } from './dialog.js';

const PAGE = 50;

/**
 * config: {name, paging (the console's, as list-view.js describes it),
 *          fetch(query, {signal}) -> answer, query?: () => object,
 *          label(row) -> string, detail?(row) -> string, value?, valueLabel?,
 *          resolve?(id) -> Promise<string>, empty?: string (a "none/all" choice), multiple?,
 *          unavailable?(row) -> bool (shown, not choosable), disabled?, placeholder?}
 * Returns {el, button, value (id, or ids when multiple), set(id, label), clear(), onChange(fn),
 *          setDisabled(bool), reset()}.
 */
export function picker(config) {
  const multiple = Boolean(config.multiple);
  const chosen = new Map(); // id -> label
  const listeners = new Set();
  let rows = [];
  let count = 0;
  let pageIndex = 0;
  let request = null;
  let open = false;

  const button = h('button', {
    class: 'input picker-button', 'aria-haspopup': 'listbox', 'aria-expanded': 'false',
    disabled: config.disabled, dataset: { field: config.name || '' },
  });
  const search = h('input', { class: 'input picker-search', type: 'search', placeholder: t('common.search'), 'aria-label': t('common.search') });
  const list = h('ul', { class: 'picker-list', role: 'listbox', 'aria-multiselectable': multiple ? 'true' : null });
  const status = h('div', { class: 'picker-status muted' });
  const more = h('button', { class: 'btn btn-small picker-more', hidden: true }, t('picker.more'));
  const pop = h('div', { class: 'picker-pop', hidden: true }, search, list, h('div', { class: 'picker-foot' }, status, more));
  const el = h('div', { class: 'picker', dataset: { picker: config.name || '' } }, button, pop);

  const labelOf = (row) => config.label(row);
  const emit = () => listeners.forEach((fn) => fn(self.value));

  function drawButton() {
    let text;
    if (multiple) text = chosen.size ? t('picker.chosen', { n: chosen.size }) : (config.placeholder || t('picker.choose'));
    else if (chosen.size) text = [...chosen.values()][0];
    else text = config.empty ?? config.placeholder ?? t('picker.choose');
    button.replaceChildren(h('span', { class: 'picker-text' }, text), h('span', { class: 'picker-caret', 'aria-hidden': 'true' }, '▾'));
  }

  function option(id, text, detail, unavailable = false) {
    const selected = chosen.has(id);
    const box = multiple ? h('input', { type: 'checkbox', tabindex: '-1', checked: selected, disabled: unavailable }) : null;
    return h('li', {
      role: 'option', class: `picker-option${selected ? ' selected' : ''}${unavailable ? ' unavailable' : ''}`, tabindex: '-1',
      'aria-selected': selected ? 'true' : 'false', 'aria-disabled': unavailable ? 'true' : null, dataset: { value: id },
      onclick: unavailable ? undefined : () => choose(id, text),
    }, box, h('span', { class: 'picker-label' }, text), detail ? h('span', { class: 'muted picker-detail' }, detail) : null);
  }

  function drawList() {
    const items = [];
    if (!multiple && config.empty !== undefined) items.push(option('', config.empty));
    // What is chosen stays in view, wherever it sits on the console's pages.
    const { key } = config.paging;
    const loaded = new Set(rows.map(key));
    for (const [id, text] of chosen) if (id && !loaded.has(id)) items.push(option(id, text));
    for (const row of rows) items.push(option(key(row), labelOf(row), config.detail?.(row), config.unavailable?.(row)));
    list.replaceChildren(...items);
    if (!rows.length && !items.length) list.append(h('li', { class: 'muted picker-none' }, t('common.empty')));
    status.textContent = count ? t('picker.shown', { shown: rows.length, count }) : '';
    more.hidden = rows.length >= count;
  }

  async function load(append) {
    request?.abort();
    const mine = (request = new AbortController());
    const index = append ? pageIndex + 1 : 0;
    const query = { ...(config.query?.() || {}), ...config.paging.query({ index, size: PAGE, search: search.value.trim() }) };
    status.textContent = t('common.loading');
    try {
      const page = config.paging.page(await config.fetch(query, { signal: mine.signal }));
      if (request !== mine) return;
      pageIndex = index;
      rows = append ? [...rows, ...page.rows] : page.rows;
      count = page.count;
      drawList();
    } catch (err) {
      if (request !== mine || err.kind === 'cancelled') return;
      status.textContent = errorText(err);
    }
  }

  function choose(id, text) {
    if (multiple) {
      if (chosen.has(id)) chosen.delete(id);
      else chosen.set(id, text);
      drawButton();
      drawList();
      emit();
      return;
    }
    chosen.clear();
    if (id) chosen.set(id, text);
    drawButton();
    close();
    emit();
    button.focus();
  }

  // The list floats over the window (fixed, placed by the button), so a dialog's scrolling
  // body never clips it; below the button, or above when there is more room there.
  function place() {
    const r = button.getBoundingClientRect();
    const below = window.innerHeight - r.bottom;
    const up = below < 240 && r.top > below;
    pop.style.left = `${Math.max(8, Math.min(r.left, window.innerWidth - Math.max(r.width, 320) - 8))}px`;
    pop.style.width = `${Math.max(r.width, 320)}px`;
    pop.style.top = up ? '' : `${r.bottom + 4}px`;
    pop.style.bottom = up ? `${window.innerHeight - r.top + 4}px` : '';
    pop.style.maxHeight = `${Math.max(160, (up ? r.top : below) - 16)}px`;
  }

  function show() {
    if (open || button.disabled) return;
    open = true;
    pop.hidden = false;
    place();
    button.setAttribute('aria-expanded', 'true');
    load(false);
    search.focus();
    document.addEventListener('click', outside, true);
    window.addEventListener('resize', place);
    document.addEventListener('scroll', place, true);
  }

  function close() {
    if (!open) return;
    open = false;
    pop.hidden = true;
    request?.abort();
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('click', outside, true);
    window.removeEventListener('resize', place);
    document.removeEventListener('scroll', place, true);
  }

  function outside(event) {
    if (!el.contains(event.target)) close();
  }

  button.addEventListener('click', () => (open ? close() : show()));
  search.addEventListener('input', debounce(() => load(false), 250));
  more.addEventListener('click', () => load(true));
  el.addEventListener('keydown', (event) => {
    const options = [...list.querySelectorAll('.picker-option')];
    const at = options.indexOf(document.activeElement);
    if (event.key === 'Escape' && open) {
      // Closes the list, not the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      close();
      button.focus();
    } else if (event.key === 'ArrowDown' && open) {
      event.preventDefault();
      options[Math.min(at + 1, options.length - 1)]?.focus();
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      (at <= 0 ? search : options[at - 1]).focus();
    } else if ((event.key === 'Enter' || event.key === ' ') && at >= 0) {
      event.preventDefault();
      options[at].click();
    }
  });

  const self = {
    el,
    button,
    get value() {
      return multiple ? [...chosen.keys()] : ([...chosen.keys()][0] || '');
    },
    /** Sets the choice; with no label, the picker asks `resolve` for one. */
    set(id, label) {
      if (!multiple) chosen.clear();
      if (id) chosen.set(id, label || id);
      drawButton();
      if (id && !label && config.resolve) {
        config.resolve(id).then((name) => {
          if (chosen.has(id) && name) {
            chosen.set(id, name);
            drawButton();
          }
        }, () => {});
      }
    },
    clear() {
      chosen.clear();
      drawButton();
      if (open) drawList();
    },
    /** Forgets loaded pages (the query changed); the next opening asks again. */
    reset() {
      rows = [];
      count = 0;
      if (open) load(false);
    },
    onChange(fn) {
      listeners.add(fn);
    },
    setDisabled(disabled) {
      button.disabled = disabled;
      if (disabled) close();
    },
  };
  drawButton();
  if (config.value) self.set(config.value, config.valueLabel);
  return self;
}
