// A searchable, server-paged list screen: toolbar, debounced search (a stale answer never
// overwrites a newer one), the table and its states. Each resource screen configures one.
import { h, debounce } from '../dom.js';
import { t } from '../i18n.js';
import { DataTable } from './table.js';

/**
 * config: {title, columns, fetch(query) -> Page, toolbar?: [Node], filters?: () => object,
 *          onOpen?, actions?, selectable?, onSelect?, pageSize?}
 * Returns {el, reload()}.
 */
export function listView(config) {
  const pageSize = config.pageSize || 20;
  let pageIndex = 0;
  let isDesc = true;
  let generation = 0;
  const search = h('input', { class: 'input search', type: 'search', placeholder: t('common.search'), 'aria-label': t('common.search') });
  const table = new DataTable(config.columns, {
    selectable: config.selectable,
    onSelect: config.onSelect,
    onOpen: config.onOpen,
    actions: config.actions,
    onPage: (index) => { pageIndex = index; reload(); },
    onSort: (_key, desc) => { isDesc = desc; pageIndex = 0; reload(); },
  });

  async function reload() {
    const mine = ++generation;
    table.loading();
    const query = { PageIndex: pageIndex, PageSize: pageSize, IsDesc: isDesc, ...(config.filters?.() || {}) };
    const text = search.value.trim();
    if (text) query.SearchString = text;
    try {
      const page = await config.fetch(query);
      if (mine !== generation) return;
      table.show(page.List || [], { count: page.Count || 0, index: pageIndex, size: pageSize });
    } catch (err) {
      if (mine !== generation) return;
      table.error(err, reload);
    }
  }

  search.addEventListener('input', debounce(() => { pageIndex = 0; reload(); }, 250));
  const el = h('section', { class: 'screen' },
    h('div', { class: 'screen-head' }, h('h1', {}, config.title),
      h('div', { class: 'toolbar' }, search, config.toolbar || [],
        h('button', { class: 'btn', onclick: () => reload() }, t('common.refresh')))),
    config.above || null,
    table.el);
  reload();
  return { el, reload, table, search };
}

/** Key/value rows for a detail view. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).flatMap(([k, v]) => [
    h('dt', {}, k),
    h('dd', {}, v instanceof Node ? v : (v === undefined || v === null || v === '' ? t('common.none') : String(v))),
  ]));
}

export function badge(text, kind = '') {
  return h('span', { class: `badge ${kind ? `badge-${kind}` : ''}` }, text);
}
