// The API tree's changes, each in a dialog checked before sending: create an API or a folder,
// rename (PATCH), move (PUT of the node read afresh with only its parentId changed), delete
// (saying what goes with it), and generate a model's standard APIs.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal, confirmDanger, errorText } from '../../../../components/dialog.js';
import { field, input, select, checkbox, validate, showFieldError } from '../../../../components/form.js';
import { toast } from '../../../../components/toast.js';
import { api } from '../../api.js';
import { METHODS } from './editor.js';
import { findNode, under, walk } from './tree.js';

/** Runs `send` from a dialog's primary button: a field's refusal under it, others in a toast. */
async function sending(body, close, send) {
  try {
    close(await send());
  } catch (err) {
    if (!showFieldError(body, err.field, err.message)) toast(errorText(err), { kind: 'error' });
  }
}

/** A new API (`kind` API) or folder, in folder `parentId` unless the user picks another. */
export function createNode(kind, parentId, roots) {
  const folder = kind === 'FOLDER';
  const folders = walk(roots).filter((w) => w.node.type === 'FOLDER');
  const parent = select([['', t('fm.apis.root')], ...folders.map((w) => [w.node.id, `${'\u00a0\u00a0'.repeat(w.depth)}${w.node.name}`])], parentId || '', { id: 'create-parent' });
  const name = input({});
  const method = select(METHODS.map((m) => [m, m]), 'GET');
  const path = input({ value: '/', placeholder: '/example/{id}' });
  const body = h('div', { class: 'form', id: 'api-create' },
    field(t('fm.apis.parent'), parent, { name: 'parentId' }),
    field(t('common.name'), name, { name: 'name' }),
    folder ? null : h('div', { class: 'row' }, field(t('fm.apis.method'), method, { name: 'method' }), field(t('fm.apis.path'), path, { name: 'path' })));
  return modal(folder ? t('fm.apis.newFolder') : t('fm.apis.newApi'), body, {
    onOpen: () => name.focus(),
    actions: [{ label: t('common.cancel') }, {
      label: t('common.create'), primary: true, submit: true, id: 'create',
      onClick: (close) => {
        const ok = validate(body, {
          name: name.value.trim() ? null : t('fm.apis.err.name'),
          method: folder || METHODS.includes(method.value) ? null : t('fm.apis.err.method'),
          path: folder || path.value.trim().startsWith('/') ? null : t('fm.apis.err.path'),
        });
        if (!ok) return;
        const node = folder
          ? { name: name.value.trim(), parentId: parent.value || null, type: 'FOLDER', enabled: true, meta: null }
          : { name: name.value.trim(), parentId: parent.value || null, type: 'API', method: method.value, path: path.value.trim(), enabled: true,
            meta: { auth: false, execution: { executionType: 'graphql', operationName: 'MyQuery', query: '' } } };
        return sending(body, close, () => api.apis.create(node));
      },
    }],
  });
}

/** Renames `node` (PATCH applies only the name). */
export function renameNode(node) {
  const name = input({ value: node.name || '' });
  const body = h('div', { class: 'form', id: 'api-rename' }, field(t('common.name'), name, { name: 'name' }));
  return modal(`${t('fm.apis.rename')} · ${node.name}`, body, {
    onOpen: () => name.select(),
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'rename',
      onClick: (close) => {
        if (!validate(body, { name: name.value.trim() ? null : t('fm.apis.err.name') })) return;
        if (name.value.trim() === node.name) return close(null);
        return sending(body, close, () => api.apis.patch(node.id, name.value.trim(), null));
      },
    }],
  });
}

/** Moves `node` to another folder: the node read afresh, only its parentId changed (PUT). */
export function moveNode(node, roots) {
  const inside = new Set(walk([node]).map((w) => w.node.id));
  const folders = walk(roots).filter((w) => w.node.type === 'FOLDER' && !inside.has(w.node.id));
  const target = select([['', t('fm.apis.root')], ...folders.map((w) => [w.node.id, `${'\u00a0\u00a0'.repeat(w.depth)}${w.node.name}`])], node.parentId || '', { id: 'move-target' });
  const body = h('div', { class: 'form', id: 'api-move' }, field(t('fm.apis.moveTo', { name: node.name }), target, { name: 'parentId' }));
  return modal(t('fm.apis.move'), body, {
    actions: [{ label: t('common.cancel') }, {
      label: t('fm.apis.move'), primary: true, submit: true, id: 'move',
      onClick: (close) => {
        const parentId = target.value || null;
        if (parentId === (node.parentId || null)) return close(null);
        return sending(body, close, async () => {
          const fresh = findNode(await api.apis.tree(), node.id);
          if (!fresh) throw new Error(t('fm.apis.gone'));
          const { children, ...sent } = fresh;
          const moved = await api.apis.update(node.id, { ...sent, parentId });
          toast(t('fm.apis.moved', { folder: target.selectedOptions[0].textContent.trim() }));
          return moved;
        });
      },
    }],
  });
}

/**
 * Deletes `node` after asking, saying what goes with it: the console deletes its direct
 * children; deeper nodes it leaves stored without a folder (and serving), so the user may
 * delete them too, deepest first. Resolves with how many were deleted (0 when not asked).
 */
export async function deleteNode(node, ctx) {
  const { direct, deeper } = under(node);
  const names = (list) => list.map((n) => `“${n.name}”`).join(', ');
  const too = checkbox(t('fm.apis.deleteDeeperToo', { n: deeper.length }), true, { id: 'delete-deeper' });
  const details = h('div', { class: 'delete-details', id: 'delete-details' },
    direct.length ? h('p', { id: 'delete-children' }, t('fm.apis.deleteChildren', { names: names(direct) })) : null,
    deeper.length ? h('p', { class: 'warn-text', id: 'delete-deeper-note' }, t('fm.apis.deleteDeeper', { names: names(deeper.map((w) => w.node)) })) : null,
    deeper.length ? too.el : null);
  const ok = await confirmDanger(node.name, { production: ctx.production(), message: t('fm.apis.deleteWhat', { name: node.name }), details });
  if (!ok) return 0;
  const extra = deeper.length && too.box.checked ? [...deeper].sort((a, b) => b.depth - a.depth).map((w) => w.node) : [];
  try {
    for (const n of extra) await api.apis.delete(n.id);
    await api.apis.delete(node.id);
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
    return -1;
  }
  const n = 1 + direct.length + extra.length;
  toast(t('fm.apis.deleted', { n }));
  return n;
}

const KINDS = ['list', 'pagination', 'view', 'create', 'update', 'delete'];

/** Generates a model's standard APIs into a new folder; resolves with the folder's name. */
export function generateApis() {
  const ds = select([], null, { id: 'gen-datasource' });
  const model = select([], null, { id: 'gen-model' });
  const folder = input({ id: 'gen-folder' });
  const idField = select([], null, { id: 'gen-id' });
  const kinds = KINDS.map((k) => ({ k, ...checkbox(t(`fm.apis.gen.${k}`), true, { dataset: { kind: k } }) }));
  let models = [];
  const body = h('div', { class: 'form', id: 'api-generate' },
    h('div', { class: 'form-grid' }, field(t('fm.apis.gen.datasource'), ds, { name: 'datasourceName' }), field(t('fm.apis.gen.model'), model, { name: 'modelName' })),
    h('div', { class: 'form-grid' }, field(t('fm.apis.gen.folder'), folder, { name: 'apiFolder' }), field(t('fm.apis.gen.idField'), idField, { name: 'idFieldOfPath' })),
    field(t('fm.apis.gen.kinds'), h('div', { class: 'gen-kinds' }, kinds.map((x) => x.el)), { name: 'generateAPIs' }));
  const pickModel = () => {
    const m = models.find((x) => x.name === model.value);
    const fields = (m?.fields || []).filter((f) => f.type !== 'Relation');
    idField.replaceChildren(...fields.map((f) => h('option', { value: f.name }, f.name)));
    idField.value = (fields.find((f) => f.identity) || fields[0])?.name || '';
    folder.value = m ? `${m.name} APIs` : '';
  };
  const pickDatasource = async () => {
    try {
      models = (await api.models.list(ds.value)).filter((m) => m.type === 'entity');
    } catch (err) {
      models = [];
      toast(errorText(err), { kind: 'error' });
    }
    model.replaceChildren(...(models.length ? models.map((m) => h('option', { value: m.name }, m.name))
      : [h('option', { value: '' }, t('fm.apis.gen.noModels'))]));
    pickModel();
  };
  ds.addEventListener('change', pickDatasource);
  model.addEventListener('change', pickModel);
  return modal(t('fm.apis.gen.title'), body, {
    wide: true,
    onOpen: async () => {
      try {
        const list = await api.datasources.list();
        ds.replaceChildren(...list.map((d) => h('option', { value: d.name }, d.name)));
        await pickDatasource();
      } catch (err) {
        toast(errorText(err), { kind: 'error' });
      }
    },
    actions: [{ label: t('common.cancel') }, {
      label: t('fm.apis.generate'), primary: true, submit: true, id: 'generate',
      onClick: (close) => {
        const chosen = kinds.filter((x) => x.box.checked).map((x) => x.k);
        const needsId = chosen.some((k) => ['view', 'update', 'delete'].includes(k));
        const ok = validate(body, {
          modelName: model.value ? null : t('fm.apis.err.model'),
          apiFolder: folder.value.trim() ? null : t('fm.apis.err.folder'),
          idFieldOfPath: !needsId || idField.value ? null : t('fm.apis.err.idField'),
          generateAPIs: chosen.length ? null : t('fm.apis.err.kinds'),
        });
        if (!ok) return;
        const request = { datasourceName: ds.value, modelName: model.value, apiFolder: folder.value.trim(), idFieldOfPath: idField.value || 'id', generateAPIs: chosen };
        return sending(body, close, async () => {
          await api.apis.generate(request);
          return { folder: request.apiFolder, count: chosen.length };
        });
      },
    }],
  });
}
