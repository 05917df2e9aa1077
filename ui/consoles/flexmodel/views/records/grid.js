// The records grid: a model's fields as columns at fixed widths, rows of a fixed height built
// once per page (one replace of the body, no reflow of what is around it), headers that ask
// the console for an order, and the pager (first, previous, a page box, next, last, the page
// size and the total). Nothing here grows with the number of records on the console: only
// the page on screen is ever touched. Events from the rows come through one delegated
// listener as `onAction(action, record, field)`.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { errorBox } from '../../../../components/dialog.js';
import { cellText, columnWidth, isNumeric, isRelation } from './fields.js';

export const PAGE_SIZES = [20, 50, 100];

let counts = null;
/** A count in the UI's language (one formatter per language: making one is slow). */
function formatCount(n) {
  const lang = document.documentElement.lang || 'en';
  if (counts?.lang !== lang) counts = { lang, format: new Intl.NumberFormat(lang) };
  return counts.format.format(n);
}
const ACTIONS_WIDTH = 170;
/** How long a request runs before the grid shows it is waiting. */
const BUSY_AFTER_MS = 250;

/**
 * handlers: {onSort(field), onPage(page), onSize(size), onAction(action, record, field)}.
 * Returns {el, setColumns(fields, idField), setSort(sort), show(answer, {page, size}),
 * busy(on), error(err, retry), empty(text)}.
 */
export function recordsGrid({ onSort, onPage, onSize, onAction }) {
  const colgroup = h('colgroup');
  const headRow = h('tr');
  const body = h('tbody');
  const table = h('table', { class: 'table rg-table', id: 'records-grid' }, colgroup, h('thead', {}, headRow), body);
  const scroller = h('div', { class: 'rg-scroll' }, table);
  const total = h('span', { class: 'rg-total', id: 'records-total' });
  const size = h('select', { class: 'input rg-size', id: 'records-size', 'aria-label': t('fm.records.pageSize') },
    PAGE_SIZES.map((n) => h('option', { value: String(n) }, t('fm.records.perPage', { n }))));
  const pageBox = h('input', { class: 'input rg-page', id: 'records-page', type: 'number', min: '1', 'aria-label': t('fm.records.page') });
  const pages = h('span', { class: 'muted rg-pages', id: 'records-pages' });
  const nav = (id, label, to) => h('button', { class: 'btn btn-small', id, onclick: () => onPage(to()) }, label);
  const first = nav('records-first', t('fm.records.first'), () => 1);
  const prev = nav('records-prev', t('common.prev'), () => state.page - 1);
  const next = nav('records-next', t('common.next'), () => state.page + 1);
  const last = nav('records-last', t('fm.records.last'), () => state.pages);
  const foot = h('div', { class: 'rg-foot' }, total, h('span', { class: 'spacer' }), size,
    first, prev, h('span', { class: 'rg-goto' }, pageBox, pages), next, last);
  const el = h('div', { class: 'table-wrap rg' }, scroller, foot);

  const state = { fields: [], idField: null, actions: null, rows: [], page: 1, pages: 1, sort: null, busyTimer: 0 };

  size.addEventListener('change', () => onSize(Number(size.value)));
  pageBox.addEventListener('change', () => {
    const n = Math.min(Math.max(1, Math.round(Number(pageBox.value)) || 1), state.pages);
    if (n !== state.page) onPage(n);
    else pageBox.value = String(n);
  });
  headRow.addEventListener('click', (e) => {
    const th = e.target.closest('th[data-sort]');
    if (th) onSort(th.dataset.sort);
  });
  headRow.addEventListener('keydown', (e) => {
    const th = e.target.closest('th[data-sort]');
    if (th && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      onSort(th.dataset.sort);
    }
  });
  body.addEventListener('click', (e) => {
    const target = e.target.closest('[data-action]');
    const tr = e.target.closest('tr[data-index]');
    if (!target || !tr) return;
    onAction(target.dataset.action, state.rows[Number(tr.dataset.index)], target.dataset.field);
  });
  body.addEventListener('dblclick', (e) => {
    const tr = e.target.closest('tr[data-index]');
    if (tr && !e.target.closest('button')) onAction('view', state.rows[Number(tr.dataset.index)]);
  });

  function drawHead() {
    const focused = headRow.contains(document.activeElement) ? document.activeElement.dataset.sort : null;
    headRow.replaceChildren(h('th', { class: 'rg-actions' }), ...state.fields.map((f) => {
      const sortable = !isRelation(f);
      const order = state.sort?.field === f.name ? state.sort.order : null;
      return h('th', {
        class: `${sortable ? 'sortable' : ''}${isNumeric(f) ? ' num' : ''}`,
        dataset: sortable ? { sort: f.name } : {},
        tabindex: sortable ? '0' : null,
        title: [f.name, f.type, f.comment].filter(Boolean).join(' · '),
        'aria-sort': order ? (order === 'DESC' ? 'descending' : 'ascending') : null,
      }, h('span', { class: 'rg-label' }, f.name), h('span', { class: 'rg-arrow', 'aria-hidden': 'true' }, order === 'DESC' ? '↓' : order === 'ASC' ? '↑' : ''));
    }));
    if (focused) headRow.querySelector(`th[data-sort="${CSS.escape(focused)}"]`)?.focus();
  }

  function row(record, index) {
    const id = state.idField ? record[state.idField] : undefined;
    const tr = document.createElement('tr');
    tr.dataset.index = String(index);
    tr.dataset.id = id === undefined || id === null ? `#${index}` : String(id);
    tr.append(state.actions.cloneNode(true));
    for (const f of state.fields) {
      const td = document.createElement('td');
      const value = record[f.name];
      if (isNumeric(f)) td.className = 'num';
      if (value === null || value === undefined) {
        td.className += ' nil';
        td.textContent = '—';
      } else if (isRelation(f) && typeof value === 'object') {
        td.append(h('button', { class: 'link', dataset: { action: 'related', field: f.name } }, cellText(value, f)));
      } else {
        td.textContent = cellText(value, f);
      }
      tr.append(td);
    }
    return tr;
  }

  /** A row's buttons, built once per model and cloned for each row. */
  function actionsCell() {
    const editable = Boolean(state.idField);
    return h('td', { class: 'rg-actions' },
      h('button', { class: 'btn btn-small', dataset: { action: 'view' } }, t('fm.records.view')),
      editable ? h('button', { class: 'btn btn-small', dataset: { action: 'edit' } }, t('common.edit')) : null,
      editable ? h('button', { class: 'btn btn-small btn-danger', dataset: { action: 'delete' } }, t('common.delete')) : null);
  }

  function message(node) {
    body.replaceChildren(h('tr', { class: 'rg-message' }, h('td', { colspan: String(state.fields.length + 1) }, node)));
  }

  function drawPager(count) {
    state.pages = Math.max(1, Math.ceil(count / Number(size.value)));
    total.textContent = count === 1 ? t('fm.records.totalOne') : t('fm.records.total', { count: formatCount(count) });
    pageBox.value = String(state.page);
    pageBox.max = String(state.pages);
    pages.textContent = t('fm.records.ofPages', { pages: formatCount(state.pages) });
    first.disabled = prev.disabled = state.page <= 1;
    next.disabled = last.disabled = state.page >= state.pages;
  }

  return {
    el,
    /** The columns (fixed widths, set once per model) and the field records are keyed by. */
    setColumns(fields, idField) {
      state.fields = fields;
      state.idField = idField;
      state.actions = actionsCell();
      colgroup.replaceChildren(h('col', { style: `width:${ACTIONS_WIDTH}px` }), ...fields.map((f) => h('col', { style: `width:${columnWidth(f)}px` })));
      table.style.width = `${fields.reduce((sum, f) => sum + columnWidth(f), ACTIONS_WIDTH)}px`;
      drawHead();
    },
    /** The console's order, shown on its header: {field, order: 'ASC'|'DESC'} or null. */
    setSort(sort) {
      state.sort = sort;
      drawHead();
    },
    /** A page of the console's answer {list, total}. */
    show(answer, { page, size: pageSize }) {
      state.rows = answer?.list || [];
      state.page = page;
      size.value = String(pageSize);
      clearTimeout(state.busyTimer);
      el.classList.remove('is-busy');
      el.removeAttribute('aria-busy');
      drawPager(Number(answer?.total ?? state.rows.length));
      if (!state.rows.length) {
        message(h('div', { class: 'state state-empty' }, t('fm.records.none')));
        return;
      }
      // Back to the top before the rows change (the layout is still clean: no forced reflow).
      if (scroller.scrollTop) scroller.scrollTop = 0;
      const fragment = document.createDocumentFragment();
      state.rows.forEach((record, i) => fragment.append(row(record, i)));
      body.replaceChildren(fragment);
    },
    /** A request is out: the rows on screen stay, dimmed, until its answer replaces them. */
    busy(on) {
      // Dimmed, with the moving bar, only when the answer is slow to come: a quick answer
      // does not make the rows flicker. `aria-busy` says it at once.
      clearTimeout(state.busyTimer);
      if (on) state.busyTimer = setTimeout(() => el.classList.add('is-busy'), BUSY_AFTER_MS);
      else el.classList.remove('is-busy');
      if (on) el.setAttribute('aria-busy', 'true');
      else el.removeAttribute('aria-busy');
      if (on && !state.rows.length && !body.querySelector('.state-error')) message(h('div', { class: 'state state-loading' }, t('common.loading')));
    },
    error(err, retry) {
      clearTimeout(state.busyTimer);
      el.classList.remove('is-busy');
      el.removeAttribute('aria-busy');
      state.rows = [];
      message(errorBox(err, retry));
    },
    empty(text) {
      clearTimeout(state.busyTimer);
      el.classList.remove('is-busy');
      el.removeAttribute('aria-busy');
      state.rows = [];
      message(h('div', { class: 'state state-empty' }, text));
    },
    get rows() {
      return state.rows;
    },
  };
}
