// The console's objects as the screens point at them: pickers for packages, robot groups,
// robots and workflows; a package's versions; names of robot groups resolved on demand (a
// list row carries only the id, and no page of groups is ever assumed to hold them all);
// and every page of a list, for the few places that must act on all of it.
import { api } from './api.js';
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { picker } from './lists.js';
import { select } from '../../components/form.js';

const nameOf = (get) => async (id) => (await get(id)).Name;

export const resolveQueue = nameOf(api.queues.get);
export const resolvePackage = nameOf(api.packages.get);
export const resolveWorkflow = nameOf(api.workflows.get);

export function packagePicker(options = {}) {
  return picker({
    name: 'PackageId', fetch: api.packages.list, label: (p) => p.Name,
    detail: (p) => p.LastVersion || '', resolve: resolvePackage, ...options,
  });
}

export function queuePicker(options = {}) {
  return picker({
    name: 'AssociatedQueueId', fetch: api.queues.list, label: (q) => q.Name,
    detail: (q) => t('queue.robotCount', { n: q.RobotCount ?? 0 }), resolve: resolveQueue, ...options,
  });
}

export function workflowPicker(options = {}) {
  return picker({
    name: 'WorkflowId', fetch: api.workflows.list, label: (w) => w.Name,
    detail: (w) => `${w.PackageName || ''} ${w.PackageVersion || ''}`.trim(), resolve: resolveWorkflow, ...options,
  });
}

/** Robots, optionally only those of one group (`query`), one or several. */
export function robotPicker(options = {}) {
  return picker({
    name: 'RobotIds', fetch: api.robots.list, label: (r) => r.Name,
    detail: (r) => t(`status.${r.Status}`), resolve: nameOf(api.robots.get), ...options,
  });
}

/** A `<select>` of a package's versions (all of them: the package's own answer holds each). */
export function versionSelect({ empty, name = 'PackageVersionId' } = {}) {
  const el = select(empty === undefined ? [] : [['', empty]], '', { dataset: { field: name } });
  let versions = [];
  let packageName = '';
  let asked = 0;
  return {
    el,
    get versions() { return versions; },
    get packageName() { return packageName; },
    get value() { return el.value; },
    version: (id) => versions.find((v) => v.Id === id),
    /** Loads `packageId`'s versions (none for no package) and selects `keep` if given. */
    async load(packageId, keep) {
      const mine = ++asked;
      const pkg = packageId ? await api.packages.get(packageId) : null;
      if (mine !== asked) return;
      versions = pkg?.Versions || [];
      packageName = pkg?.Name || '';
      el.replaceChildren(...(empty === undefined ? [] : [h('option', { value: '' }, empty)]),
        ...versions.map((v) => h('option', { value: v.Id }, v.Version)));
      el.value = keep && versions.some((v) => v.Id === keep) ? keep : (empty === undefined ? (versions[0]?.Id || '') : '');
      el.disabled = !packageId;
    },
  };
}

/**
 * Filters for a list by robot group, package and package version (each optional), placed in a
 * screen's toolbar. `onChange` runs when any changes; `values()` gives the query fields.
 */
export function scopeFilters({ queue = false, pkg = true, onChange }) {
  const all = t('robot.all');
  const q = queue ? queuePicker({ empty: `${t('robot.group')}: ${all}` }) : null;
  const p = pkg ? packagePicker({ empty: `${t('robot.package')}: ${all}` }) : null;
  const v = pkg ? versionSelect({ empty: `${t('wf.version')}: ${all}` }) : null;
  if (v) {
    v.el.disabled = true;
    v.el.setAttribute('aria-label', t('wf.version'));
    v.el.addEventListener('change', onChange);
  }
  q?.onChange(onChange);
  p?.onChange(async (id) => {
    await v.load(id).catch(() => {});
    onChange();
  });
  return {
    els: [q?.el, p?.el, v?.el].filter(Boolean),
    values: () => ({
      AssociatedQueueId: q?.value || undefined,
      PackageId: p?.value || undefined,
      PackageVersionId: v?.value || undefined,
    }),
  };
}

/** A robot group's name in a table cell: the id at once, the name once the console says. */
export function queueName(id) {
  const cell = h('span', { class: 'queue-name', dataset: { queue: id || '' } }, id ? '…' : t('common.none'));
  if (!id) return cell;
  const known = api.queues.get.peek(id);
  if (known) {
    cell.textContent = known.Name;
    return cell;
  }
  resolveQueueOnce(id).then((name) => { cell.textContent = name; }, () => {
    cell.textContent = id;
    cell.title = t('queue.unknown');
  });
  return cell;
}

// One request per group however many rows show it at once.
const pending = new Map();
function resolveQueueOnce(id) {
  if (!pending.has(id)) {
    const p = resolveQueue(id).finally(() => pending.delete(id));
    pending.set(id, p);
  }
  return pending.get(id);
}

/**
 * Every item of a paged list, for the few places that act on or count all of it (the publish
 * panel upgrades all of a package's workflows; the dashboard counts every robot).
 */
export function allPages(fetch, query, pageSize = 1000) {
  return walkPages(fetch, query, pageSize);
}

/** What `allPages` would answer from the pages the session has seen (no request), or undefined. */
allPages.peek = async (fetch, query, pageSize = 1000) => {
  const seen = (q) => {
    const page = fetch.peek(q);
    if (!page) throw new Error('not seen');
    return page;
  };
  return walkPages(seen, query, pageSize).catch(() => undefined);
};

async function walkPages(fetch, query, pageSize) {
  const all = [];
  for (let index = 0; ; index += 1) {
    const page = await fetch({ ...query, PageIndex: index, PageSize: pageSize });
    all.push(...(page.List || []));
    if (!page.List?.length || all.length >= (page.Count || 0)) return all;
  }
}
