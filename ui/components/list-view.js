// A searchable, server-paged list screen: toolbar, debounced search, the table and its states.
// A newer request cancels the one before it (a stale answer never overwrites a newer one); a
// page the session has seen is drawn at once, then refreshed quietly. Each resource screen
// configures one. How a console pages (its parameter and field names, a row's key) comes from
// the console as `paging`: nothing here knows one console's names.
import { h, debounce } from '../dom.js';
import { t } from '../i18n.js';
import { errorText } from './dialog.js';
import { toast } from './toast.js';
import { DataTable } from './table.js';

/**
 * config: {title, columns, paging, fetch(query, {signal}) -> answer (with fetch.peek(query) for
 *          the last answer, as api.js gives), toolbar?: [Node], below?: Node (filters under the
 *          title), above?: Node, filters?: () => object, onOpen?, actions?, selectable?,
 *          onSelect?, pageSize?, search?: false (for a list the console cannot search),
 *          pageIndex?: the page to open on (from 0), onPageChange?(index): told each new page, so
 *          a screen can keep it in the address}
 * paging: {query({index, size, desc, search}) -> the console's query, page(answer) ->
 *          {count, rows}, key(row) -> string, label?(row) -> string}
 * A column with `sort: 'server'` orders the list on the console (newest or oldest first, the
 * one order consoles offer); it starts newest first, as they do.
 * Returns {el, reload()}.
 */
export function listView(config) {
  const { paging } = config;
  const pageSize = config.pageSize || 20;
  let pageIndex = Math.max(0, config.pageIndex || 0);
  const pageChanged = (index) => { pageIndex = index; config.onPageChange?.(index); };
  let isDesc = true;
  let generation = 0;
  const search = h('input', { class: 'input search', type: 'search', placeholder: t('common.search'), 'aria-label': t('common.search'), dataset: { search: '' } });
  const table = new DataTable(config.columns, {
    key: paging.key,
    label: paging.label,
    selectable: config.selectable,
    onSelect: config.onSelect,
    onOpen: config.onOpen,
    actions: config.actions,
    onPage: (index) => { pageChanged(index); reload(); },
    onSort: (_key, desc) => { isDesc = desc; pageChanged(0); reload(); },
  });

  let inFlight = null;
  let left = false;
  const show = (answer) => {
    const { count, rows } = paging.page(answer);
    table.show(rows, { count, index: pageIndex, size: pageSize });
  };

  async function reload() {
    if (left) return;
    const mine = ++generation;
    inFlight?.abort();
    const request = (inFlight = new AbortController());
    const query = {
      ...paging.query({ index: pageIndex, size: pageSize, desc: isDesc, search: search.value.trim() }),
      ...(config.filters?.() || {}),
    };
    const known = config.fetch.peek?.(query);
    if (known) show(known);
    else table.loading(() => request.abort());
    try {
      const page = await config.fetch(query, { signal: request.signal });
      if (mine !== generation) return;
      if (!known || JSON.stringify(known) !== JSON.stringify(page)) show(page);
    } catch (err) {
      if (mine !== generation) return;
      // Rows already on screen stay; the failed refresh is said in passing.
      if (known) toast(errorText(err), { kind: 'error' });
      else table.error(err, reload);
    } finally {
      if (inFlight === request) inFlight = null;
    }
  }

  search.addEventListener('input', debounce(() => { pageChanged(0); reload(); }, 250));
  const el = h('section', { class: 'screen' },
    h('div', { class: 'screen-head' }, h('h1', {}, config.title),
      h('div', { class: 'toolbar' }, config.search === false ? null : search, config.toolbar || [],
        h('button', { class: 'btn', dataset: { refresh: '' }, onclick: () => reload() }, t('common.refresh')))),
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
