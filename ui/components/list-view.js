// A searchable, server-paged list screen: toolbar, debounced search, the table and its states.
// A newer request cancels the one before it (a stale answer never overwrites a newer one); a
// page the session has seen is drawn at once, then refreshed quietly. Each resource screen
// configures one.
import { h, debounce } from '../dom.js';
import { t } from '../i18n.js';
import { errorText } from './dialog.js';
import { toast } from './toast.js';
import { DataTable } from './table.js';

/**
 * config: {title, columns, fetch(query, {signal}) -> Page (with fetch.peek(query) for the last
 *          answer, as api.js gives), toolbar?: [Node], below?: Node (filters under the title),
 *          above?: Node, filters?: () => object, onOpen?, actions?, selectable?, onSelect?,
 *          pageSize?, search?: false (for a list the console cannot search)}
 * A column with `sort: 'server'` orders the list on the console (`IsDesc`, by creation time as
 * the document defines it); it starts newest first, as the console does.
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

  let inFlight = null;
  let left = false;
  const pageOf = (page) => ({ count: page.Count || 0, index: pageIndex, size: pageSize });

  async function reload() {
    if (left) return;
    const mine = ++generation;
    inFlight?.abort();
    const request = (inFlight = new AbortController());
    const query = { PageIndex: pageIndex, PageSize: pageSize, IsDesc: isDesc, ...(config.filters?.() || {}) };
    const text = search.value.trim();
    if (text) query.SearchString = text;
    const known = config.fetch.peek?.(query);
    if (known) table.show(known.List || [], pageOf(known));
    else table.loading(() => request.abort());
    try {
      const page = await config.fetch(query, { signal: request.signal });
      if (mine !== generation) return;
      if (!known || JSON.stringify(known) !== JSON.stringify(page)) table.show(page.List || [], pageOf(page));
    } catch (err) {
      if (mine !== generation) return;
      // Rows already on screen stay; the failed refresh is said in passing.
      if (known) toast(errorText(err), { kind: 'error' });
      else table.error(err, reload);
    } finally {
      if (inFlight === request) inFlight = null;
    }
  }

  search.addEventListener('input', debounce(() => { pageIndex = 0; reload(); }, 250));
  const el = h('section', { class: 'screen' },
    h('div', { class: 'screen-head' }, h('h1', {}, config.title),
      h('div', { class: 'toolbar' }, config.search === false ? null : search, config.toolbar || [],
        h('button', { class: 'btn', onclick: () => reload() }, t('common.refresh')))),
    config.below || null,
    config.above || null,
    table.el);
  el.addEventListener('screen-leave', () => { left = true; generation += 1; inFlight?.abort(); });
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
