// The FlexModel Flows screen: the project's flow modules (name, key, status as a word, remark,
// modified), searched by name on the console and paged there; create, edit the name and
// remark, deploy, start an instance and delete from each row; `?flow=<id>` opens one flow's
// page (its facts and its model's diagram, flows/page.js). The search and the page stay in
// the address.
import { api } from '../api.js';
import { h, formatTime } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { listView } from '../../../components/list-view.js';
import { statusBadge, createFlow, editFlow, deployFlow, deleteFlow } from './flows/actions.js';
import { startInstance } from './flows/start.js';
import { flowPage } from './flows/page.js';
import '../strings/flows.js';

const paging = {
  query: ({ index, size, search }) => ({ name: search || null, page: index + 1, size }),
  page: (answer) => ({ count: answer?.total ?? answer?.list?.length ?? 0, rows: answer?.list || [] }),
  key: (row) => row.flowModuleId,
  label: (row) => row.flowName || row.flowModuleId,
};

function fetchFlows(query, options) {
  return api.flows.list(query.name, null, query.page, query.size, options);
}
fetchFlows.peek = (query) => api.flows.list.peek(query.name, null, query.page, query.size);

export function flowsView(ctx, params = {}) {
  if (params.flow) return flowPage(ctx, params.flow);
  const reload = () => view.reload();
  const create = h('button', { class: 'btn btn-primary', id: 'flow-new', onclick: async () => {
    const id = await createFlow();
    if (id) reload();
  } }, t('fm.flows.new'));
  // The page and the search stay in the address (a profile switch finds them as they were).
  let place = { q: params.q || undefined, page: Number.parseInt(params.page, 10) > 1 ? Number.parseInt(params.page, 10) : undefined };
  const keepPlace = (change) => { place = { ...place, ...change }; ctx.setParams(place); };
  const view = listView({
    title: t('nav.fm.flows'),
    pageIndex: (place.page || 1) - 1,
    onPageChange: (index) => keepPlace({ page: index > 0 ? index + 1 : undefined }),
    fetch: fetchFlows,
    paging,
    toolbar: [create],
    above: h('p', { class: 'muted flows-intro' }, t('fm.flows.intro')),
    columns: [
      { key: 'flowName', label: t('common.name'), render: (r) => h('button', { class: 'link flow-name', onclick: () => ctx.openFlow(r.flowModuleId) }, r.flowName || r.flowModuleId) },
      { key: 'flowKey', label: t('fm.flows.key'), render: (r) => h('code', { class: 'flow-key' }, r.flowKey || t('common.none')) },
      { key: 'status', label: t('fm.flows.status'), render: (r) => statusBadge(r.status) },
      { key: 'remark', label: t('fm.flows.remark'), render: (r) => h('span', { class: 'flow-remark', title: r.remark || '' }, r.remark || t('common.none')) },
      { key: 'modifyTime', label: t('fm.flows.modified'), class: 'nowrap', value: (r) => formatTime(r.modifyTime) },
    ],
    onOpen: (row) => ctx.openFlow(row.flowModuleId),
    actions: (row) => rowActions(row, ctx, reload),
  });
  view.search.id = 'flows-search';
  view.search.placeholder = t('fm.flows.searchName');
  view.search.setAttribute('aria-label', t('fm.flows.searchName'));
  if (params.q) {
    view.search.value = params.q;
    view.reload();
  }
  view.search.addEventListener('input', () => keepPlace({ q: view.search.value.trim() || undefined, page: undefined }));
  view.table.el.id = 'flows-table';
  view.el.classList.add('flows-screen');
  return view.el;
}

function rowActions(row, ctx, reload) {
  const act = (id, label, onclick, kind = '') => h('button', { class: `btn btn-small ${kind}`, dataset: { act: id, flow: row.flowModuleId }, onclick }, label);
  return [
    act('edit', t('common.edit'), async () => { if (await editFlow(row)) reload(); }),
    act('deploy', t('fm.flows.deploy'), async () => { if (await deployFlow(row)) reload(); }),
    act('start', t('fm.flows.start'), () => startInstance(row, ctx, { deployed: Number(row.status) === 4 })),
    act('delete', t('common.delete'), async () => { if (await deleteFlow(row, ctx)) reload(); }, 'btn-danger'),
  ];
}
