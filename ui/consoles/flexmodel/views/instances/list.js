// The flow instances list: filtered by flow (a select of the project's flows), status and a
// whole instance ID, paged on the console, every filter and the page kept in the address so
// the place survives a profile switch. A newer read abandons the one before it.
import { api } from '../../api.js';
import { h, formatTime } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { DataTable } from '../../../../components/table.js';
import { errorText } from '../../../../components/dialog.js';
import { field, input, select } from '../../../../components/form.js';
import { INSTANCE_STATUSES, instanceBadge, instanceStatusText } from './status.js';

const PAGE_SIZE = 20;

const flowLabel = (f) => (f.flowKey ? `${f.flowName || f.flowKey} (${f.flowKey})` : f.flowName || f.flowModuleId);

export function instancesList(ctx, params = {}) {
  let page = Math.max(1, Number.parseInt(params.page, 10) || 1);
  let generation = 0;
  let inFlight = null;
  let left = false;

  const flow = select([['', t('fm.instances.allFlows')]], '', { id: 'inst-flow' });
  const status = select([['', t('fm.instances.allStatuses')], ...INSTANCE_STATUSES.map((s) => [String(s), instanceStatusText(s)])],
    params.status ?? '', { id: 'inst-status' });
  const id = input({ id: 'inst-id', type: 'search', placeholder: t('fm.instances.idHint'), value: params.id || '', autocomplete: 'off' });
  const flowNote = h('small', { class: 'error-text', id: 'inst-flow-note' });
  // Until the flows are read, the one in the address is an option of its own (kept, not lost).
  if (params.flow) {
    flow.append(h('option', { value: params.flow }, params.flow));
    flow.value = params.flow;
  }

  const table = new DataTable([
    { key: 'flowInstanceId', label: t('fm.instances.id'), render: (r) => h('span', { class: 'inst-id' }, r.flowInstanceId) },
    { key: 'flowName', label: t('fm.instances.flow'), render: (r) => h('span', {},
      r.flowModuleId ? h('button', { class: 'link', dataset: { action: 'flow' }, onclick: () => ctx.openFlow(r.flowModuleId) }, r.flowName || r.flowKey || r.flowModuleId)
        : (r.flowName || t('common.none')),
      r.flowKey ? h('span', { class: 'muted' }, ` · ${r.flowKey}`) : null) },
    { key: 'status', label: t('fm.instances.status'), render: (r) => instanceBadge(r.status) },
    { key: 'createTime', label: t('fm.instances.created'), class: 'nowrap', value: (r) => formatTime(r.createTime) },
    { key: 'modifyTime', label: t('fm.instances.modified'), class: 'nowrap', value: (r) => formatTime(r.modifyTime) },
  ], {
    key: (r) => r.flowInstanceId,
    label: (r) => r.flowInstanceId,
    onOpen: (r) => ctx.openInstance(r.flowInstanceId),
    actions: (r) => [h('button', { class: 'btn btn-small', dataset: { action: 'open' }, onclick: () => ctx.openInstance(r.flowInstanceId) }, t('fm.instances.open'))],
    onPage: (index) => { page = index + 1; keepPlace(); load(); },
  });
  table.el.id = 'inst-table';

  function filters() {
    return { flow: flow.value || undefined, status: status.value === '' ? undefined : status.value, id: id.value.trim() || undefined };
  }

  function keepPlace() {
    ctx.setParams({ ...filters(), page: page > 1 ? page : undefined });
  }

  async function load() {
    if (left) return;
    const mine = ++generation;
    inFlight?.abort();
    const request = (inFlight = new AbortController());
    const f = filters();
    const query = {
      flowModuleId: f.flow ?? null,
      status: f.status === undefined ? null : Number(f.status),
      flowInstanceId: f.id ?? null,
      page: { page, size: PAGE_SIZE },
    };
    const known = api.instances.list.peek(query);
    if (known) table.show(known.list || [], { count: known.total || 0, index: page - 1, size: PAGE_SIZE });
    else table.loading(() => request.abort());
    try {
      const answer = await api.instances.list(query, { signal: request.signal });
      if (mine !== generation) return;
      const count = answer?.total || 0;
      // A page past the end (instances gone meanwhile) goes back to the last one there is.
      if (page > 1 && !answer?.list?.length && count > 0) {
        page = Math.max(1, Math.ceil(count / PAGE_SIZE));
        keepPlace();
        load();
        return;
      }
      table.show(answer?.list || [], { count, index: page - 1, size: PAGE_SIZE });
    } catch (err) {
      if (mine === generation && err.kind !== 'cancelled') table.error(err, load);
    } finally {
      if (inFlight === request) inFlight = null;
    }
  }

  async function loadFlows() {
    try {
      const flows = await api.instances.flows();
      if (left) return;
      const chosen = flow.value;
      flow.replaceChildren(h('option', { value: '' }, t('fm.instances.allFlows')),
        ...flows.map((f) => h('option', { value: f.flowModuleId }, flowLabel(f))));
      // A flow the address names that is not (or no longer) in the project stays chosen.
      if (chosen && !flows.some((f) => f.flowModuleId === chosen)) flow.append(h('option', { value: chosen }, chosen));
      flow.value = chosen;
    } catch (err) {
      if (!left && err.kind !== 'cancelled') flowNote.textContent = t('fm.instances.flowsFailed', { error: errorText(err) });
    }
  }

  const changed = () => { page = 1; keepPlace(); load(); };
  flow.addEventListener('change', changed);
  status.addEventListener('change', changed);
  let typing;
  id.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(changed, 300); });
  const clearAll = () => { flow.value = ''; status.value = ''; id.value = ''; changed(); };

  const bar = h('div', { class: 'inst-filters', id: 'inst-filters' },
    h('div', { class: 'field' }, h('label', { for: 'inst-flow' }, t('fm.instances.flow')), flow, flowNote),
    field(t('fm.instances.status'), status, { name: 'status' }),
    field(t('fm.instances.id'), id, { name: 'flowInstanceId' }),
    h('div', { class: 'inst-filters-end' }, h('button', { class: 'btn', id: 'inst-clear', onclick: clearAll }, t('fm.instances.clear'))));

  const el = h('section', { class: 'screen inst-screen' },
    h('div', { class: 'screen-head' }, h('h1', {}, t('nav.fm.instances')),
      h('div', { class: 'toolbar' },
        h('span', { class: 'muted' }, t('fm.instances.intro')),
        h('button', { class: 'btn', id: 'inst-refresh', onclick: () => load() }, t('common.refresh')))),
    bar,
    table.el);
  el.addEventListener('screen-leave', () => { left = true; generation += 1; inFlight?.abort(); clearTimeout(typing); });
  loadFlows();
  load();
  return el;
}
