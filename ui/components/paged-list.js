// A short list inside a detail (a group's robots, a package's workflows), paged on the
// console: it shows how many there are and reaches every one, a page at a time.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { errorText } from './dialog.js';

/**
 * paging: the console's (as list-view.js describes it); fetch(query, {signal}) -> answer;
 * query: the fixed filters; item(row) -> Node.
 * Returns {el, reload()}. The request in flight is abandoned when `signal` fires.
 */
export function pagedList({ paging, fetch, query = {}, item, pageSize = 10, signal, name = '' }) {
  const list = h('ul', { class: 'plain paged-list' });
  const footer = h('div', { class: 'paged-foot' });
  const el = h('div', { class: 'paged', dataset: { list: name } }, list, footer);
  let index = 0;

  async function load() {
    list.replaceChildren(h('li', { class: 'muted' }, t('common.loading')));
    footer.replaceChildren();
    try {
      const answer = await fetch({ ...query, ...paging.query({ index, size: pageSize }) }, { signal });
      const { count, rows } = paging.page(answer);
      list.replaceChildren(...(rows.length ? rows.map(item) : [h('li', { class: 'muted' }, t('common.empty'))]));
      const pages = Math.max(1, Math.ceil(count / pageSize));
      if (count > pageSize) {
        footer.append(
          h('span', { class: 'muted' }, t('common.pageOf', { page: index + 1, pages, count })),
          h('button', { class: 'btn btn-small', disabled: index <= 0, onclick: () => { index -= 1; load(); } }, t('common.prev')),
          h('button', { class: 'btn btn-small', disabled: index + 1 >= pages, onclick: () => { index += 1; load(); } }, t('common.next')));
      } else if (count) {
        footer.append(h('span', { class: 'muted' }, t('common.count', { count })));
      }
    } catch (err) {
      if (err.kind !== 'cancelled') list.replaceChildren(h('li', { class: 'error-text' }, errorText(err)));
    }
  }
  load();
  return { el, reload: load };
}
