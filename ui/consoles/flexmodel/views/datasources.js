// The FlexModel Data sources screen: every data source of the project with its kind, type
// (SYSTEM or USER), URL, models and state; connect one (test the connection, then pick tables
// to sync into models), sync more tables later, import and export IDL or JSON through the
// native file dialogs, edit and delete (USER ones only: the server keeps SYSTEM ones as they
// are, and the screen says so). The search stays in the address so a profile switch finds it.
import { api } from '../api.js';
import { h } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { listView, badge } from '../../../components/list-view.js';
import { confirmDanger, errorText } from '../../../components/dialog.js';
import { toast } from '../../../components/toast.js';
import { connectDialog, editDialog, kindLabel } from './datasources/form.js';
import { syncTablesDialog } from './datasources/tables.js';
import { importDialog, exportDialog } from './datasources/files.js';
import '../strings/datasources.js';


function matches(ds, q) {
  if (!q) return true;
  const text = `${ds.name} ${ds.config?.dbKind || ''} ${kindLabel(ds.config?.dbKind)} ${ds.config?.url || ''} ${ds.type}`;
  return text.toLowerCase().includes(q.toLowerCase());
}

/** The list answer as one page of the table (the server answers every data source at once). */
function pageOf(list, { search, index, size }) {
  const rows = list.filter((d) => matches(d, search));
  return { count: rows.length, rows: rows.slice(index * size, (index + 1) * size) };
}

/** How many models a data source has, filled in when the (remembered) list answers. */
function modelCount(name) {
  const cell = h('span', { class: 'ds-models muted', dataset: { modelsOf: name } }, '…');
  const fill = (models) => {
    cell.textContent = String(models.length);
    cell.classList.remove('muted');
  };
  const known = api.models.list.peek(name);
  if (known) fill(known);
  api.models.list(name).then(fill, (err) => { cell.textContent = '?'; cell.title = errorText(err); });
  return cell;
}

export function datasourcesView(ctx, params = {}) {
  const note = h('p', { class: 'ds-note muted', id: 'ds-system-note', hidden: true }, t('fm.datasources.systemNote'));
  const fetch = async (query, options) => {
    const list = await api.datasources.list(options);
    note.hidden = !list.some((d) => d.type === 'SYSTEM');
    return pageOf(list, query);
  };
  fetch.peek = (query) => {
    const known = api.datasources.list.peek();
    return known && pageOf(known, query);
  };
  const connect = h('button', { class: 'btn btn-primary', id: 'ds-connect', onclick: () => connectFlow(ctx, () => view.reload()) }, t('fm.datasources.connect'));
  const view = listView({
    title: t('nav.fm.datasources'),
    fetch,
    pageSize: 50,
    paging: {
      query: ({ index, size, search }) => ({ index, size, search }),
      page: (answer) => answer,
      key: (row) => row.name,
    },
    toolbar: [connect],
    above: note,
    columns: [
      { key: 'name', label: t('common.name'), class: 'ds-name-cell' },
      { key: 'kind', label: t('fm.datasources.kind'), value: (r) => kindLabel(r.config?.dbKind) },
      { key: 'type', label: t('fm.datasources.type'), render: (r) => (r.type === 'SYSTEM' ? badge('SYSTEM', 'busy') : badge(r.type || 'USER')) },
      { key: 'url', label: t('fm.datasources.url'), class: 'ds-url-cell', render: (r) => h('span', { class: 'ds-url', title: r.config?.url || '' }, r.config?.url || t('common.none')) },
      { key: 'models', label: t('fm.datasources.models'), render: (r) => modelCount(r.name) },
      { key: 'enabled', label: t('fm.datasources.enabled'), render: (r) => (r.enabled === false ? badge(t('common.no'), 'off') : badge(t('common.yes'), 'ok')) },
    ],
    onOpen: (row) => ctx.openModels(row.name),
    // The first rows may be drawn before `view` is assigned (a remembered answer): look it up late.
    actions: (row) => rowActions(row, ctx, () => view.reload()),
  });
  if (params.q) {
    view.search.value = params.q;
    view.reload();
  }
  view.search.id = 'ds-search';
  view.search.addEventListener('input', () => ctx.setParams({ q: view.search.value.trim() }));
  view.el.classList.add('ds-screen');
  return view.el;
}

function rowActions(row, ctx, reload) {
  const act = (id, label, onclick, kind = '') => h('button', { class: `btn btn-small ${kind}`, dataset: { act: id, ds: row.name }, onclick }, label);
  const common = [
    act('import', t('fm.datasources.import'), async () => { if (await importDialog(row.name)) reload(); }),
    act('export', t('fm.datasources.export'), () => exportDialog(row.name)),
  ];
  if (row.type === 'SYSTEM') {
    return [...common, h('span', { class: 'ds-readonly muted', tabindex: '0', title: t('fm.datasources.systemReadOnly') }, t('fm.datasources.readOnly'))];
  }
  return [
    act('tables', t('fm.datasources.tables'), () => syncExisting(row.name, ctx, reload)),
    ...common,
    act('edit', t('common.edit'), async () => { if (await editDialog(row.name)) reload(); }),
    act('delete', t('common.delete'), () => deleteDatasource(row.name, ctx, reload), 'btn-danger'),
  ];
}

/** Connect, then pick its tables straight away. */
async function connectFlow(ctx, reload) {
  const created = await connectDialog();
  if (!created) return;
  reload();
  await syncTablesDialog(ctx, created);
  reload();
}

/** The table picker of a listed data source, on its connection as the server has it now. */
async function syncExisting(name, ctx, reload) {
  try {
    const fresh = (await api.datasources.list()).find((d) => d.name === name);
    if (!fresh) throw new Error(t('fm.datasources.gone', { name }));
    const made = await syncTablesDialog(ctx, fresh);
    if (made.length) reload();
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
}

/** Asks (typed on production), saying which models go with it, then deletes. */
async function deleteDatasource(name, ctx, reload) {
  let models = null;
  try {
    models = (await api.models.list(name)).map((m) => m.name);
  } catch {
    // The question is asked all the same, without the list.
  }
  const shownNames = models ? models.slice(0, 12).join(', ') + (models.length > 12 ? ` … (+${models.length - 12})` : '') : '';
  const message = models
    ? t('fm.datasources.deleteConfirm', { name, n: models.length })
    : t('fm.datasources.deleteConfirmUnknown', { name });
  const details = models?.length ? h('p', { class: 'ds-delete-models', id: 'ds-delete-models' }, shownNames) : null;
  if (!(await confirmDanger(name, { production: ctx.production(), message, details }))) return;
  try {
    await api.datasources.delete(name);
    toast(t('fm.datasources.deleted', { name }));
    reload();
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
}
