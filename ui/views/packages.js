// Packages: a server-paged, searchable list; detail with versions and each version's
// arguments; edit description and tags; delete with confirmation. Publishing lands here next.
import { api, rememberedThenFresh } from '../api.js';
import { h, formatTime } from '../dom.js';
import { t } from '../i18n.js';
import { listView, facts } from '../components/list-view.js';
import { modal, confirmDanger, errorBox, errorText } from '../components/dialog.js';
import { field, input, parseTags, rules, validate, showFieldError } from '../components/form.js';
import { toast } from '../components/toast.js';
import { pickFiles } from './publish.js';

export function argumentsTable(args) {
  if (!args?.length) return h('p', { class: 'muted' }, t('common.empty'));
  return h('table', { class: 'table table-compact' },
    h('thead', {}, h('tr', {}, ['arg.name', 'arg.type', 'arg.direction', 'arg.default', 'arg.asset'].map((k) => h('th', {}, t(k))))),
    h('tbody', {}, args.map((a) => h('tr', {},
      h('td', {}, a.Name), h('td', {}, a.Type || ''), h('td', {}, a.Direction || ''),
      h('td', {}, a.DefaultValue ?? ''), h('td', {}, a.AssetContent?.Name || '')))));
}

export function packagesView(ctx) {
  const view = listView({
    title: t('pkg.title'),
    fetch: api.packages.list,
    above: h('div', { class: 'dropzone', id: 'publish-zone' },
      h('button', { class: 'btn btn-primary', id: 'publish-pick', onclick: pickFiles }, t('pub.pick')), ' ', t('pub.dropHint')),
    columns: [
      { key: 'Name', label: t('common.name'), sort: 'client' },
      { key: 'LastVersion', label: t('pkg.lastVersion'), sort: 'client' },
      { key: 'Tags', label: t('common.tags') },
      { key: 'Description', label: t('common.description') },
      { key: 'CreatedAt', label: t('common.created'), sort: 'server', value: (r) => formatTime(r.CreatedAt) },
    ],
    onOpen: async (row) => { await showPackage(row.Id, row.Name); view.reload(); },
    actions: (row) => [
      h('button', { class: 'btn btn-small', onclick: () => editPackage(row, view) }, t('common.edit')),
      h('button', { class: 'btn btn-small btn-danger', onclick: () => deletePackage(row, ctx, view) }, t('common.delete')),
    ],
  });
  return view.el;
}

/**
 * The package's detail: versions and their arguments. Opens at once (with what the session
 * has seen, else a loading state), then shows the console's answer; closing it abandons the
 * request.
 */
export async function showPackage(id, name) {
  const detail = h('div', { class: 'detail' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  const request = new AbortController();
  let title = null;
  const shown = modal(name || t('common.loading'), detail, {
    wide: true, actions: [{ label: t('common.close') }], onOpen: (dlg) => { title = dlg.querySelector('.modal-title h2'); },
  });
  const fill = (pkg) => {
    detail.replaceChildren(...packageFacts(pkg));
    if (title) title.textContent = pkg.Name;
  };
  rememberedThenFresh(api.packages.get, [id, { signal: request.signal }], fill).then(fill, (err) => {
    if (err.kind !== 'cancelled') detail.replaceChildren(errorBox(err));
  });
  await shown;
  request.abort();
}

function packageFacts(pkg) {
  const versions = pkg.Versions || [];
  return [
    facts([[t('common.id'), pkg.Id], [t('pkg.lastVersion'), pkg.LastVersion], [t('common.description'), pkg.Description],
      [t('common.tags'), (pkg.Tags || []).join(', ')], [t('common.created'), formatTime(pkg.CreatedAt)],
      [t('common.modified'), formatTime(pkg.ModifiedAt)]]),
    h('h3', {}, `${t('pkg.versions')} (${versions.length})`),
    ...versions.map((v) => h('details', { class: 'version', open: v.Id === pkg.LastVersionId },
      h('summary', {}, `${v.Version}  ·  ${formatTime(v.UploadTime || v.CreatedAt)}`),
      h('h4', {}, t('pkg.arguments')), argumentsTable(v.Arguments))),
  ];
}

async function editPackage(row, view) {
  const description = input({ value: row.Description || '', maxlength: 500 });
  const tags = input({ value: (row.Tags || []).join(', ') });
  const body = h('div', { class: 'form' },
    field(t('common.description'), description, { name: 'Description' }),
    field(t('common.tags'), tags, { name: 'Tags', hint: 'a, b, c' }));
  await modal(`${t('common.edit')} · ${row.Name}`, body, {
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'save',
      onClick: async (close) => {
        const list = parseTags(tags.value);
        if (!validate(body, { Tags: rules.tags(list) })) return;
        try {
          const current = await api.packages.get(row.Id);
          await api.packages.update(row.Id, { ETag: current.ETag, Description: description.value, Tags: list });
          toast(t('common.saved'));
          close(true);
          view.reload();
        } catch (err) {
          if (!showFieldError(body, err.field, err.message)) toast(errorText(err), { kind: 'error' });
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
