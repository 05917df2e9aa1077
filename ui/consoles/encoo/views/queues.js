// Robot groups: the list (filtered on the console by the package or version its workflows
// run), create, edit (from a fresh read), delete, and a group's page with every robot in it
// and the workflows deployed onto it, a page at a time.
import { api } from '../api.js';
import { h, formatTime } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { listView, pagedList } from '../lists.js';
import { facts } from '../../../components/list-view.js';
import { modal, confirmDanger, errorBox, errorText } from '../../../components/dialog.js';
import { field, input, parseTags, refusals, validate, showFieldError } from '../../../components/form.js';
import { toast } from '../../../components/toast.js';
import { scopeFilters } from '../lookups.js';
import { workflowsUsing } from './packages.js';
import { robotStatus, showRobot } from './robots.js';

export function queuesView(ctx) {
  const filters = scopeFilters({ onChange: () => view.reload() });
  const view = listView({
    title: t('queue.title'),
    fetch: api.queues.list,
    filters: filters.values,
    below: h('div', { class: 'toolbar filters' }, filters.els),
    toolbar: [h('button', { class: 'btn btn-primary', id: 'queue-new', onclick: () => editQueue(null, view) }, t('queue.new'))],
    columns: [
      { key: 'Name', label: t('common.name') },
      { key: 'RobotCount', label: t('queue.robots') },
      { key: 'Description', label: t('common.description') },
      { key: 'Tags', label: t('common.tags') },
      { key: 'CreatedAt', label: t('common.created'), sort: 'server', value: (r) => formatTime(r.CreatedAt) },
    ],
    onOpen: (row) => showQueue(row.Id, ctx),
    actions: (row) => [
      h('button', { class: 'btn btn-small', dataset: { edit: row.Id }, onclick: () => editQueue(row.Id, view) }, t('common.edit')),
      h('button', { class: 'btn btn-small btn-danger', onclick: () => deleteQueue(row, ctx, view) }, t('common.delete')),
    ],
  });
  return view.el;
}

/** The group's page, read afresh: its facts, every robot in it, and its workflows. */
export async function showQueue(id, ctx) {
  const detail = h('div', { class: 'detail', id: 'queue-detail' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  const request = new AbortController();
  const shown = modal(t('queue.title'), detail, {
    wide: true,
    actions: [{ label: t('common.close') }],
    onOpen: async (dlg) => {
      try {
        const q = await api.queues.get(id, { signal: request.signal });
        dlg.querySelector('.modal-title h2').textContent = q.Name;
        const robots = pagedList({
          fetch: api.robots.list, query: { AssociatedQueueId: id }, signal: request.signal, name: 'queue-robots',
          item: (r) => h('li', { dataset: { robot: r.Id } }, robotStatus(r.Status), ' ',
            h('button', { class: 'link', onclick: () => showRobot(r.Id) }, r.Name)),
        });
        detail.replaceChildren(
          facts([[t('common.id'), q.Id], [t('common.description'), q.Description], [t('common.tags'), (q.Tags || []).join(', ')],
            [t('queue.robots'), q.RobotCount], [t('common.created'), formatTime(q.CreatedAt)]]),
          h('h3', {}, t('robot.title')), robots.el,
          h('h3', {}, t('queue.workflows')), workflowsUsing({ AssociatedQueueId: id }, ctx, request.signal, 'queue-workflows'));
      } catch (err) {
        if (err.kind !== 'cancelled') detail.replaceChildren(errorBox(err));
      }
    },
  });
  await shown;
  request.abort();
}

/** Creates a group, or edits one read afresh when the dialog opens (`id`). */
async function editQueue(id, view) {
  const name = input({});
  const description = input({});
  const tags = input({});
  const body = h('div', { class: 'form' },
    field(t('common.name'), name, { name: 'Name' }),
    field(t('common.description'), description, { name: 'Description' }),
    field(t('common.tags'), tags, { name: 'Tags', hint: 'a, b, c' }));
  let current = null;
  let shownValues = null;
  const values = () => ({ Name: name.value.trim(), Description: description.value, Tags: parseTags(tags.value) });
  await modal(id ? t('common.edit') : t('queue.new'), body, {
    onOpen: async (dlg) => {
      if (id) {
        for (const el of [name, description, tags]) el.disabled = true;
        try {
          current = await api.queues.get(id);
        } catch (err) {
          body.replaceChildren(errorBox(err));
          return;
        }
        dlg.querySelector('.modal-title h2').textContent = `${t('common.edit')} · ${current.Name}`;
        name.value = current.Name || '';
        description.value = current.Description || '';
        tags.value = (current.Tags || []).join(', ');
        for (const el of [name, description, tags]) el.disabled = false;
      }
      shownValues = values();
      name.focus();
    },
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'save',
      onClick: async (close) => {
        if (!shownValues) return;
        const now = values();
        // An edit sends what changed; the console's rules on it, in the client's and its words.
        const changed = Object.keys(now).filter((k) => !id || JSON.stringify(now[k]) !== JSON.stringify(shownValues[k]));
        const sent = Object.fromEntries(changed.map((k) => [k, now[k]]));
        const refused = await refusals(api.rules.check, sent);
        if (!refused || !validate(body, refused)) return;
        try {
          if (id) {
            if (!changed.length) {
              toast(t('form.unchanged'));
              close(false);
              return;
            }
            await api.queues.update(id, sent);
          } else {
            await api.queues.create(now);
          }
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

async function deleteQueue(row, ctx, view) {
  if (!(await confirmDanger(row.Name, { production: ctx.production() }))) return;
  try {
    await api.queues.delete(row.Id);
    toast(t('common.deleted'));
    view.reload();
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
}
