// Packages: a server-paged list, searched, filtered by name and upload time, newest or oldest
// first; a package's page with its versions, each version's arguments and the workflows
// pinned to it; an edit that holds the version of the package it opened on, so a change
// someone made meanwhile is refused, not overwritten; delete with confirmation.
import { api } from '../api.js';
import { h, formatTime, debounce } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { listView, pagedList } from '../lists.js';
import { facts } from '../../../components/list-view.js';
import { modal, confirmDanger, errorBox, errorText } from '../../../components/dialog.js';
import { field, input, parseTags, refusals, validate, showFieldError } from '../../../components/form.js';
import { toast } from '../../../components/toast.js';
import { pickFiles } from './publish.js';

export function argumentsTable(args) {
  if (!args?.length) return h('p', { class: 'muted' }, t('common.empty'));
  return h('table', { class: 'table table-compact' },
    h('thead', {}, h('tr', {}, ['arg.name', 'arg.type', 'arg.direction', 'arg.default', 'arg.asset'].map((k) => h('th', {}, t(k))))),
    h('tbody', {}, args.map((a) => h('tr', {},
      h('td', {}, a.Name), h('td', {}, a.Type || ''), h('td', {}, a.Direction || ''),
      h('td', {}, a.DefaultValue ?? ''), h('td', {}, a.AssetContent?.Name || '')))));
}

/** A date input's day as the console's time: the start of that day, or its end, in UTC. */
function dayBound(value, end) {
  if (!value) return undefined;
  const d = new Date(`${value}T00:00:00`);
  if (end) d.setDate(d.getDate() + 1);
  return new Date(d.getTime() - (end ? 1 : 0)).toISOString();
}

export function packagesView(ctx) {
  const name = h('input', { class: 'input', id: 'pkg-name', type: 'search', placeholder: t('pkg.nameFilter'), 'aria-label': t('pkg.nameFilter') });
  const since = h('input', { class: 'input', id: 'pkg-since', type: 'date', 'aria-label': t('pkg.since') });
  const until = h('input', { class: 'input', id: 'pkg-until', type: 'date', 'aria-label': t('pkg.until') });
  const view = listView({
    title: t('pkg.title'),
    fetch: api.packages.list,
    filters: () => ({
      Name: name.value.trim() || undefined, StartTime: dayBound(since.value, false), EndTime: dayBound(until.value, true),
    }),
    below: h('div', { class: 'toolbar filters' }, name,
      h('label', { class: 'inline-label' }, t('pkg.since'), since), h('label', { class: 'inline-label' }, t('pkg.until'), until)),
    above: h('div', { class: 'dropzone', id: 'publish-zone' },
      h('button', { class: 'btn btn-primary', id: 'publish-pick', onclick: pickFiles }, t('pub.pick')), ' ', t('pub.dropHint')),
    columns: [
      { key: 'Name', label: t('common.name') },
      { key: 'LastVersion', label: t('pkg.lastVersion') },
      { key: 'Tags', label: t('common.tags') },
      { key: 'Description', label: t('common.description') },
      { key: 'CreatedAt', label: t('common.created'), sort: 'server', value: (r) => formatTime(r.CreatedAt) },
    ],
    onOpen: async (row) => { await showPackage(row.Id, row.Name, ctx); view.reload(); },
    actions: (row) => [
      h('button', { class: 'btn btn-small', dataset: { edit: row.Id }, onclick: () => editPackage(row, view) }, t('common.edit')),
      h('button', { class: 'btn btn-small btn-danger', onclick: () => deletePackage(row, ctx, view) }, t('common.delete')),
    ],
  });
  name.addEventListener('input', debounce(() => view.reload(), 250));
  for (const el of [since, until]) el.addEventListener('change', () => view.reload());
  return view.el;
}

/**
 * The package's page: versions and their arguments, and the workflows that use the package
 * and each version. Read afresh when opened; closing it abandons the request.
 */
export async function showPackage(id, name, ctx) {
  const detail = h('div', { class: 'detail', id: 'package-detail' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  const request = new AbortController();
  const shown = modal(name || t('common.loading'), detail, {
    wide: true,
    actions: [{ label: t('common.close') }],
    onOpen: async (dlg) => {
      try {
        const pkg = await api.packages.get(id, { signal: request.signal });
        dlg.querySelector('.modal-title h2').textContent = pkg.Name;
        detail.replaceChildren(...packageFacts(pkg, ctx, request.signal));
      } catch (err) {
        if (err.kind !== 'cancelled') detail.replaceChildren(errorBox(err));
      }
    },
  });
  await shown;
  request.abort();
}

/** Workflows matching `query`, each opening its page. */
export function workflowsUsing(query, ctx, signal, name) {
  return pagedList({
    fetch: api.workflows.list, query, signal, name,
    item: (w) => h('li', { dataset: { workflow: w.Id } },
      h('button', { class: 'link', onclick: () => ctx?.openWorkflow(w.Id) }, w.Name), ' ',
      h('span', { class: 'muted' }, `${w.PackageName || ''} ${w.PackageVersion || ''}`)),
  }).el;
}

function packageFacts(pkg, ctx, signal) {
  const versions = pkg.Versions || [];
  return [
    facts([[t('common.id'), pkg.Id], [t('pkg.lastVersion'), pkg.LastVersion], [t('common.description'), pkg.Description],
      [t('common.tags'), (pkg.Tags || []).join(', ')], [t('common.created'), formatTime(pkg.CreatedAt)],
      [t('common.modified'), formatTime(pkg.ModifiedAt)]]),
    h('h3', {}, t('pkg.usedBy')),
    workflowsUsing({ PackageId: pkg.Id }, ctx, signal, 'package-workflows'),
    h('h3', {}, `${t('pkg.versions')} (${versions.length})`),
    ...versions.map((v) => {
      const usedBy = h('div', { class: 'version-users' });
      const box = h('details', { class: 'version', open: v.Id === pkg.LastVersionId, dataset: { version: v.Id } },
        h('summary', {}, `${v.Version}  ·  ${formatTime(v.UploadTime || v.CreatedAt)}`),
        h('h4', {}, t('pkg.arguments')), argumentsTable(v.Arguments),
        h('h4', {}, t('pkg.versionUsedBy')), usedBy);
      // Asked for only when the version is opened.
      const load = () => {
        if (box.open && !usedBy.firstChild) usedBy.append(workflowsUsing({ PackageVersionId: v.Id }, ctx, signal, `version-workflows-${v.Id}`));
      };
      box.addEventListener('toggle', load);
      load();
      return box;
    }),
  ];
}

/**
 * Edits description and tags. The package is read when the dialog opens and its ETag sent
 * with the save: if someone changed it meanwhile, the console refuses, and the dialog says so
 * and offers to load their version.
 */
async function editPackage(row, view) {
  const description = input({ value: row.Description || '', disabled: true });
  const tags = input({ value: (row.Tags || []).join(', '), disabled: true });
  const stale = h('div', { class: 'stale', id: 'pkg-stale', hidden: true });
  const body = h('div', { class: 'form' }, stale,
    field(t('common.description'), description, { name: 'Description' }),
    field(t('common.tags'), tags, { name: 'Tags', hint: 'a, b, c' }));
  let current = null;
  let shownValues = null;
  const load = async () => {
    current = await api.packages.get(row.Id);
    description.value = current.Description || '';
    tags.value = (current.Tags || []).join(', ');
    shownValues = { Description: description.value, Tags: parseTags(tags.value) };
    description.disabled = false;
    tags.disabled = false;
    stale.hidden = true;
  };
  await modal(`${t('common.edit')} · ${row.Name}`, body, {
    onOpen: () => load().catch((err) => { stale.hidden = false; stale.replaceChildren(errorBox(err, () => load())); }),
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'save',
      onClick: async (close) => {
        if (!current) return;
        const list = parseTags(tags.value);
        const update = { ETag: current.ETag };
        if (description.value !== shownValues.Description) update.Description = description.value;
        if (JSON.stringify(list) !== JSON.stringify(shownValues.Tags)) update.Tags = list;
        // What the console would refuse of the change, in the words the client and console use.
        const refused = await refusals(api.rules.check, update);
        if (!refused || !validate(body, refused)) return;
        if (Object.keys(update).length === 1) {
          toast(t('form.unchanged'));
          close(false);
          return;
        }
        try {
          await api.packages.update(row.Id, update);
          toast(t('common.saved'));
          close(true);
          view.reload();
        } catch (err) {
          if (err.kind === 'conflict') {
            stale.hidden = false;
            stale.replaceChildren(h('p', { class: 'warn', role: 'alert' }, t('pkg.stale')),
              h('button', { class: 'btn', id: 'pkg-reload', onclick: () => load().catch((e) => toast(errorText(e), { kind: 'error' })) }, t('pkg.reload')));
          } else if (!showFieldError(body, err.field, err.message)) {
            toast(errorText(err), { kind: 'error' });
          }
        }
      },
    }],
  });
}

async function deletePackage(row, ctx, view) {
  if (!(await confirmDanger(row.Name, { production: ctx.production() }))) return;
  try {
    await api.packages.delete(row.Id);
    toast(t('common.deleted'));
    view.reload();
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
}
