// The Triggers screen: every trigger with its type, the flow it starts, its state and its next
// fire time (computed by the app: the real server sends none), filtered by flow and name (kept
// in the address as `flow` and `q`, with the trigger whose job logs are open as `trigger`);
// create and edit in a dialog that checks a cron expression as it is typed; enable, disable,
// run now (its job log appearing beside the list), delete.
import { h, debounce } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { DataTable } from '../../../components/table.js';
import { confirmDanger, errorBox, errorText } from '../../../components/dialog.js';
import { badge } from '../../../components/list-view.js';
import { select } from '../../../components/form.js';
import { toast } from '../../../components/toast.js';
import { api, rememberedThenFresh } from '../api.js';
import { triggerForm, kindOf } from './triggers/form.js';
import { jobLogsPanel } from './triggers/logs.js';
import { absolute, relative } from './triggers/times.js';
import '../strings/triggers.js';

/**
 * How often the relative times are redrawn; once a shown fire time has passed, the list is
 * asked again (its next fire times are computed in Rust), at most every 10 s.
 */
const TICK_MS = 2500;
const RELOAD_AFTER_FIRE_MS = 10_000;

/** What makes a trigger fire, in a few words. */
function summary(trig) {
  const c = trig.config || {};
  if (c.type === 'cron') return c.cronExpression;
  if (c.type === 'interval') {
    const every = t('fm.triggers.every', { n: c.interval, unit: t(`fm.triggers.short.${String(c.intervalUnit).toLowerCase()}`) });
    return c.repeatCount > 0 ? `${every} × ${c.repeatCount}` : every;
  }
  if (c.type === 'event') return `${c.datasourceName}.${c.modelName} · ${(c.mutationTypes || []).join(', ')} · ${c.triggerTiming || 'after'}`;
  return '';
}

export function triggersView(ctx, params = {}) {
  const state = { flow: params.flow || '', query: params.q || '', open: params.trigger || null, list: null, flows: [], loadedAt: 0 };
  let panel = null;
  let left = false;
  let generation = 0;

  const flowPick = select([['', t('fm.triggers.allFlows')]], '', { id: 'triggers-flow', 'aria-label': t('fm.triggers.flow') });
  const search = h('input', { class: 'input search', id: 'triggers-search', type: 'search', value: state.query, placeholder: t('fm.triggers.search'), 'aria-label': t('fm.triggers.search') });
  const remember = () => ctx.setParams({ flow: state.flow || null, q: state.query.trim() || null, trigger: state.open });

  const table = new DataTable([
    { key: 'name', label: t('common.name'), render: (r) => h('div', { class: 'trigger-name' }, h('strong', {}, r.name), r.description ? h('small', { class: 'muted' }, r.description) : null) },
    { key: 'type', label: t('fm.triggers.type'), render: (r) => h('div', { class: 'trigger-type' }, badge(t(`fm.triggers.kind.${kindOf(r)}`), r.type === 'EVENT' ? 'warn' : ''), h('code', { class: 'muted' }, summary(r))) },
    { key: 'jobName', label: t('fm.triggers.job'), render: (r) => h('button', { class: 'link', onclick: () => ctx.openFlow(r.jobId) }, r.jobName || flowName(r.jobId) || r.jobId) },
    { key: 'state', label: t('fm.triggers.state'), render: (r) => badge(r.state ? t('fm.triggers.enabled') : t('fm.triggers.disabled'), r.state ? 'ok' : 'off') },
    { key: 'nextFireTime', label: t('fm.triggers.next'), render: nextCell },
  ], {
    key: (r) => r.id,
    label: (r) => r.name,
    onOpen: (r) => edit(r),
    actions: (r) => [
      action('logs', t('fm.triggers.logs'), () => openLogs(r)),
      action('execute', t('fm.triggers.execute'), () => execute(r)),
      action('toggle', r.state ? t('fm.triggers.disable') : t('fm.triggers.enable'), () => toggle(r)),
      action('edit', t('common.edit'), () => edit(r)),
      action('delete', t('common.delete'), () => remove(r), 'btn-danger'),
    ],
  });
  table.el.id = 'triggers-table';
  const host = h('div', { class: 'trigger-main' }, table.el);
  const side = h('div', { class: 'trigger-side' });
  const el = h('section', { class: 'screen fm-triggers' },
    h('div', { class: 'screen-head' }, h('h1', {}, t('fm.triggers.title')),
      h('div', { class: 'toolbar' }, flowPick, search,
        h('button', { class: 'btn btn-primary', id: 'trigger-new', onclick: () => create() }, t('fm.triggers.new')),
        h('button', { class: 'btn', id: 'triggers-refresh', onclick: () => load() }, t('common.refresh')))),
    h('p', { class: 'muted trigger-intro' }, t('fm.triggers.intro')),
    h('div', { class: 'trigger-layout' }, host, side));

  function action(name, label, fn, extra = '') {
    return h('button', { class: `btn btn-small ${extra}`, dataset: { action: name }, onclick: fn }, label);
  }

  function flowName(id) {
    return state.flows.find(([fid]) => fid === id)?.[1];
  }

  function nextCell(r) {
    if (!r.nextFireTime) {
      const why = !r.state ? 'fm.triggers.noneDisabled' : r.type === 'EVENT' ? 'fm.triggers.noneEvent' : 'fm.triggers.noneSpent';
      return h('span', { class: 'muted' }, t(why));
    }
    return h('div', { class: 'trigger-next', dataset: { at: r.nextFireTime } },
      h('span', { class: 'rel' }, relative(r.nextFireTime)), h('small', { class: 'muted' }, absolute(r.nextFireTime)));
  }

  function shown() {
    const q = state.query.trim().toLowerCase();
    return (state.list || []).filter((r) => !q || String(r.name).toLowerCase().includes(q) || String(r.description || '').toLowerCase().includes(q));
  }

  function draw() {
    if (!state.list) return;
    table.show(shown());
    for (const tr of table.body.querySelectorAll('tr[data-id]')) tr.classList.toggle('open', tr.dataset.id === state.open);
  }

  function show(list) {
    state.list = list;
    state.loadedAt = Date.now();
    draw();
    if (state.open && !panel) {
      const r = list.find((x) => x.id === state.open);
      if (r) openLogs(r);
    }
  }

  async function load() {
    if (left) return;
    const mine = ++generation;
    if (!state.list) table.loading();
    try {
      const list = await rememberedThenFresh(api.triggers.list, [state.flow || null], (fresh) => { if (mine === generation) show(fresh); });
      if (mine === generation) show(list);
    } catch (err) {
      if (mine === generation && err.kind !== 'cancelled') table.body.replaceChildren(errorBox(err, () => load()));
    }
  }

  async function loadFlows() {
    try {
      state.flows = await rememberedThenFresh(api.triggers.flowChoices, []);
      flowPick.replaceChildren(h('option', { value: '' }, t('fm.triggers.allFlows')), ...state.flows.map(([id, name]) => h('option', { value: id }, name || id)));
      if (state.flow && !state.flows.some(([id]) => id === state.flow)) flowPick.append(h('option', { value: state.flow }, state.flow));
      flowPick.value = state.flow;
      draw();
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
  }

  function openLogs(r, { expectRun = false } = {}) {
    panel?.stop();
    state.open = r.id;
    remember();
    panel = jobLogsPanel(r, { ctx, expectRun, onClose: () => { panel = null; state.open = null; remember(); side.replaceChildren(); draw(); } });
    side.replaceChildren(panel.el);
    draw();
  }

  async function create() {
    const saved = await triggerForm({ flows: state.flows, flowId: state.flow });
    if (!saved) return;
    toast(t('fm.triggers.created', { name: saved.name }));
    panel?.stop();
    panel = null;
    state.open = saved.id;
    remember();
    await load();
  }

  async function edit(r) {
    let fresh = r;
    try {
      fresh = await api.triggers.get(r.id);
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
      return;
    }
    const saved = await triggerForm({ trigger: fresh, flows: state.flows });
    if (!saved) return;
    toast(t('fm.triggers.saved', { name: saved.name }));
    await load();
  }

  async function toggle(r) {
    try {
      await api.triggers.setEnabled(r.id, !r.state);
      toast(t(r.state ? 'fm.triggers.turnedOff' : 'fm.triggers.turnedOn', { name: r.name }));
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
    await load();
  }

  async function execute(r) {
    if (!r.state) {
      toast(t('fm.triggers.executeDisabled', { name: r.name }), { kind: 'error' });
      return;
    }
    try {
      await api.triggers.execute(r.id);
      toast(t('fm.triggers.executed', { name: r.name }));
      openLogs(r, { expectRun: true });
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
  }

  async function remove(r) {
    const ok = await confirmDanger(r.name, { production: ctx.production(), message: t('fm.triggers.deleteWhat', { name: r.name }) });
    if (!ok) return;
    try {
      await api.triggers.delete(r.id);
      toast(t('fm.triggers.deleted', { name: r.name }));
      if (state.open === r.id) { panel?.stop(); panel = null; state.open = null; side.replaceChildren(); remember(); }
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
    await load();
  }

  // Relative times move on; a fire that passed is asked again (at most every 10 s).
  const tick = setInterval(() => {
    if (left || !state.list) return;
    for (const cell of el.querySelectorAll('.trigger-next[data-at]')) cell.querySelector('.rel').textContent = relative(cell.dataset.at);
    const passed = state.list.some((r) => r.nextFireTime && new Date(r.nextFireTime).getTime() < Date.now());
    if (passed && Date.now() - state.loadedAt > RELOAD_AFTER_FIRE_MS) load();
  }, TICK_MS);

  flowPick.addEventListener('change', () => { state.flow = flowPick.value; remember(); state.list = null; load(); });
  search.addEventListener('input', debounce(() => { state.query = search.value; remember(); draw(); }, 150));
  el.addEventListener('screen-leave', () => { left = true; generation += 1; clearInterval(tick); panel?.stop(); });
  loadFlows();
  load();
  return el;
}
