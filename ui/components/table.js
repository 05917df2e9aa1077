// The data table every list uses: loading, empty and error states; server-side paging;
// sorting on the console; row selection; a copy-id and a JSON button on each row. Cells are text.
import { h, clear, copyText, icon } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox } from './dialog.js';
import { showJson } from './json-view.js';
import { toast } from './toast.js';

export class DataTable {
  /**
   * columns: [{key, label, value?(row), render?(row) -> Node|string, sort?: 'server'}]
   * Only the console sorts: a sort of the rows on screen would order one page and pass it
   * off as the whole list, so there is none.
   * options: {key(row) -> string (the row's identity, from the console), label?(row) -> string,
   *           selectable, onOpen(row), actions(row) -> [Node], onPage(index), onSort(key, desc)}
   */
  constructor(columns, options = {}) {
    this.columns = columns;
    this.options = options;
    this.key = options.key;
    this.label = options.label || options.key;
    this.rows = [];
    this.selection = new Set();
    // The console's own order: newest first on the creation-time column.
    const server = columns.find((c) => c.sort === 'server');
    this.sort = server ? { key: server.key, desc: true } : null;
    this.el = h('div', { class: 'table-wrap' });
    this.body = h('div', { class: 'table-body' });
    this.footer = h('div', { class: 'table-footer' });
    this.el.append(this.body, this.footer);
  }

  /** onCancel: offered (after a moment, by CSS) for a console that is slow to answer. */
  loading(onCancel) {
    clear(this.body).append(h('div', { class: 'state state-loading', 'aria-busy': 'true' },
      h('span', {}, t('common.loading')),
      onCancel ? h('button', { class: 'btn btn-small late', dataset: { action: 'cancel-load' }, onclick: onCancel }, t('common.cancel')) : null));
    clear(this.footer);
  }

  error(err, retry) {
    clear(this.body).append(errorBox(err, retry));
    clear(this.footer);
  }

  /** page: {count, index, size} for server-paged lists. */
  show(rows, page) {
    this.rows = rows;
    this.page = page;
    this.selection = new Set([...this.selection].filter((id) => rows.some((r) => this.key(r) === id)));
    this.render();
  }

  selected() {
    return this.rows.filter((r) => this.selection.has(this.key(r)));
  }

  render() {
    clear(this.body);
    clear(this.footer);
    if (!this.rows.length) {
      this.body.append(h('div', { class: 'state state-empty' }, t('common.empty')));
      return;
    }
    const { rows } = this;
    const head = h('tr', {},
      this.options.selectable ? h('th', { class: 'col-check' }, h('input', {
        type: 'checkbox', 'aria-label': t('common.selectAll'),
        checked: rows.every((r) => this.selection.has(this.key(r))),
        onchange: (e) => { rows.forEach((r) => (e.target.checked ? this.selection.add(this.key(r)) : this.selection.delete(this.key(r)))); this.render(); this.options.onSelect?.(this.selected()); },
      })) : null,
      this.columns.map((c) => h('th', {
        class: c.sort ? 'sortable' : '',
        'aria-sort': this.sort?.key === c.key ? (this.sort.desc ? 'descending' : 'ascending') : null,
        onclick: c.sort ? () => this.toggleSort(c) : undefined,
      }, c.label, this.sort?.key === c.key ? (this.sort.desc ? ' ↓' : ' ↑') : '')),
      h('th', { class: 'col-actions' }));
    const body = rows.map((row) => this.row(row));
    this.body.append(h('table', { class: 'table' }, h('thead', {}, head), h('tbody', {}, body)));
    if (this.page) this.renderPager();
  }

  row(row) {
    const id = this.key(row);
    return h('tr', {
      class: this.selection.has(id) ? 'selected' : '',
      dataset: { id },
      ondblclick: this.options.onOpen ? () => this.options.onOpen(row) : undefined,
    },
    this.options.selectable ? h('td', { class: 'col-check' }, h('input', {
      type: 'checkbox', 'aria-label': this.label(row), checked: this.selection.has(id),
      onchange: (e) => { e.target.checked ? this.selection.add(id) : this.selection.delete(id); this.options.onSelect?.(this.selected()); },
    })) : null,
    this.columns.map((c, i) => {
      const content = c.render ? c.render(row) : this.text(c, row);
      const cell = h('td', { class: c.class || '' }, content);
      if (i === 0 && this.options.onOpen) {
        return h('td', { class: c.class || '' }, h('button', { class: 'link', onclick: () => this.options.onOpen(row) }, content));
      }
      return cell;
    }),
    h('td', { class: 'col-actions' },
      (this.options.actions?.(row) || []),
      h('button', { class: 'icon-btn', title: t('common.copyId'), 'aria-label': t('common.copyId'), onclick: async () => { await copyText(id); toast(t('common.copied')); } }, icon('copy')),
      h('button', { class: 'icon-btn', title: t('common.json'), 'aria-label': t('common.json'), onclick: () => showJson(this.label(row), row) }, '{ }')));
  }

  renderPager() {
    const { count, index, size } = this.page;
    const pages = Math.max(1, Math.ceil(count / size));
    this.footer.append(
      h('span', { class: 'muted' }, t('common.pageOf', { page: index + 1, pages, count })),
      h('button', { class: 'btn btn-small', disabled: index <= 0, onclick: () => this.options.onPage?.(index - 1) }, t('common.prev')),
      h('button', { class: 'btn btn-small', disabled: index + 1 >= pages, onclick: () => this.options.onPage?.(index + 1) }, t('common.next')));
  }

  text(column, row) {
    const v = column.value ? column.value(row) : row[column.key];
    if (v === undefined || v === null || v === '') return t('common.none');
    return Array.isArray(v) ? v.join(', ') : String(v);
  }

  toggleSort(column) {
    const desc = this.sort?.key === column.key ? !this.sort.desc : true;
    this.sort = { key: column.key, desc };
    this.options.onSort?.(column.key, desc);
  }
}
