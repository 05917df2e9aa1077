// Dashboard: counts of packages, workflows and robot groups; robots by status; the most
// recently triggered workflows. Loaded in parallel; drawn at once from what the session has
// seen, then again if the console's answers differ.
import { api } from '../api.js';
import { h, formatTime } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { errorBox, errorText } from '../../../components/dialog.js';
import { toast } from '../../../components/toast.js';
import { robotStatus } from './robots.js';
import { allPages } from '../lookups.js';

export function dashboardView(ctx) {
  const body = h('div', { class: 'dashboard' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  // Counts come from one-item pages; the robots by status and the recently triggered
  // workflows need every robot and workflow (the API sorts by neither), however many pages.
  const count = (fetch) => ({ get: () => fetch({ PageSize: 1 }), peek: async () => fetch.peek({ PageSize: 1 }) });
  const every = (fetch) => ({ get: () => allPages(fetch, {}), peek: () => allPages.peek(fetch, {}) });
  const calls = [count(api.packages.list), every(api.workflows.list), count(api.queues.list), every(api.robots.list)];
  const load = async () => {
    const known = await Promise.all(calls.map((c) => c.peek()));
    const seen = known.every(Boolean);
    if (seen) render(known);
    try {
      const fresh = await Promise.all(calls.map((c) => c.get()));
      if (!seen || JSON.stringify(fresh) !== JSON.stringify(known)) render(fresh);
    } catch (err) {
      if (seen) toast(errorText(err), { kind: 'error' });
      else body.replaceChildren(errorBox(err, load));
    }
  };
  const render = ([packages, workflows, queues, robots]) => {
    const byStatus = {};
    for (const r of robots) byStatus[r.Status || '?'] = (byStatus[r.Status || '?'] || 0) + 1;
    const recent = [...workflows]
      .filter((w) => w.LastTriggeredAt)
      .sort((a, b) => String(b.LastTriggeredAt).localeCompare(String(a.LastTriggeredAt)))
      .slice(0, 8);
    const card = (label, value, route) => h('button', { class: 'card stat', onclick: () => ctx.go(route), dataset: { stat: route } },
      h('span', { class: 'stat-value' }, String(value)), h('span', { class: 'stat-label' }, label));
    body.replaceChildren(
      h('div', { class: 'stats' },
        card(t('dash.packages'), packages.Count, 'packages'),
        card(t('dash.workflows'), workflows.length, 'workflows'),
        card(t('dash.queues'), queues.Count, 'queues')),
      h('div', { class: 'card' }, h('h2', {}, t('dash.robots')),
        h('div', { class: 'status-row' }, Object.entries(byStatus).map(([s, n]) => h('span', { class: 'status-count' }, robotStatus(s), ` ${n}`)))),
      h('div', { class: 'card' }, h('h2', {}, t('dash.recent')),
        recent.length ? h('table', { class: 'table table-compact' }, h('tbody', {}, recent.map((w) => h('tr', {},
          h('td', {}, w.Name), h('td', {}, `${w.PackageName || ''} ${w.PackageVersion || ''}`),
          h('td', {}, formatTime(w.LastTriggeredAt)), h('td', {}, String(w.TriggeredCount ?? 0))))))
          : h('p', { class: 'muted' }, t('common.empty'))));
  };
  load();
  return h('section', { class: 'screen' }, h('div', { class: 'screen-head' }, h('h1', {}, t('dash.title'))), body);
}
