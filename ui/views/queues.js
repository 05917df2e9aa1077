// Robot groups: list with robot counts, create, edit, delete, and the robots in a group.
import { api } from '../api.js';
import { h, formatTime } from '../dom.js';
import { t } from '../i18n.js';
import { listView, facts } from '../components/list-view.js';
import { modal, confirmDanger, errorText } from '../components/dialog.js';
import { field, input, parseTags, rules, validate, showFieldError } from '../components/form.js';
import { toast } from '../components/toast.js';
import { robotStatus } from './robots.js';

export function queuesView(ctx) {
  const view = listView({
    title: t('queue.title'),
    fetch: api.queues.list,
    toolbar: [h('button', { class: 'btn btn-primary', id: 'queue-new', onclick: () => editQueue(null, view) }, t('queue.new'))],
    columns: [
      { key: 'Name', label: t('common.name'), sort: 'client' },
      { key: 'RobotCount', label: t('queue.robots'), sort: 'client' },
      { key: 'Description', label: t('common.description') },
      { key: 'Tags', label: t('common.tags') },
      { key: 'CreatedAt', label: t('common.created'), sort: 'server', value: (r) => formatTime(r.CreatedAt) },
    ],
    onOpen: (row) => openQueue(row),
    actions: (row) => [
      h('button', { class: 'btn btn-small', onclick: () => editQueue(row, view) }, t('common.edit')),
      h('button', { class: 'btn btn-small btn-danger', onclick: () => deleteQueue(row, ctx, view) }, t('common.delete')),
    ],
  });
  return view.el;
}

async function openQueue(row) {
  const robots = h('div', {}, t('common.loading'));
  const body = h('div', { class: 'detail' },
    facts([[t('common.id'), row.Id], [t('common.description'), row.Description], [t('common.tags'), (row.Tags || []).join(', ')],
      [t('queue.robots'), row.RobotCount], [t('common.created'), formatTime(row.CreatedAt)]]),
    h('h3', {}, t('robot.title')), robots);
  api.robots.list({ AssociatedQueueId: row.Id, PageSize: 100 }).then((page) => {
    robots.replaceChildren(page.List.length
      ? h('ul', { class: 'plain' }, page.List.map((r) => h('li', {}, robotStatus(r.Status), ' ', r.Name)))
      : h('p', { class: 'muted' }, t('common.empty')));
  }, (err) => robots.replaceChildren(errorText(err)));
  await modal(row.Name, body, { wide: true, actions: [{ label: t('common.close') }] });
}

async function editQueue(row, view) {
  const name = input({ value: row?.Name || '', maxlength: 100 });
  const description = input({ value: row?.Description || '', maxlength: 500 });
  const tags = input({ value: (row?.Tags || []).join(', ') });
  const body = h('div', { class: 'form' },
    field(t('common.name'), name, { name: 'Name' }),
    field(t('common.description'), description, { name: 'Description' }),
    field(t('common.tags'), tags, { name: 'Tags', hint: 'a, b, c' }));
  await modal(row ? `${t('common.edit')} · ${row.Name}` : t('queue.new'), body, {
    onOpen: () => name.focus(),
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'save',
      onClick: async (close) => {
        const list = parseTags(tags.value);
        if (!validate(body, { Name: rules.name(name.value), Tags: rules.tags(list) })) return;
        const data = { Name: name.value.trim(), Description: description.value, Tags: list };
        try {
          if (row) await api.queues.update(row.Id, data);
          else await api.queues.create(data);
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
