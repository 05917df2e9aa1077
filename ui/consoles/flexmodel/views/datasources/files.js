// Importing IDL or JSON into a data source from a file the native dialog picked, and exporting
// a data source's models to a file the native save dialog chose. The window only chooses the
// path: Rust reads the file (and refuses one that is not text, or not JSON for the JSON form,
// before sending anything) and writes the export atomically.
import { api, pickFiles, pickSavePath } from '../../api.js';
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal, errorBox } from '../../../../components/dialog.js';
import { field, select, validate, showFieldError, clearErrors } from '../../../../components/form.js';
import { toast } from '../../../../components/toast.js';

const EXTENSIONS = { IDL: ['idl', 'fm', 'txt'], JSON: ['json'] };

const formatOf = (path) => (/\.json$/i.test(path) ? 'JSON' : 'IDL');
const formatSelect = (id, value = 'IDL') => select([['IDL', t('fm.datasources.formatIdl')], ['JSON', t('fm.datasources.formatJson')]], value, { id });
const names = (list) => (list?.length ? list.join(', ') : t('common.none'));

/** Shows a file command's refusal under its field (path, format), else in `box`. */
function refused(body, box, err) {
  clearErrors(body);
  if (!showFieldError(body, err.field, err.message)) box.replaceChildren(errorBox(err));
}

/** The import dialog for data source `name`; resolves true when something was imported. */
export async function importDialog(name) {
  const format = formatSelect('ds-import-format');
  const path = h('output', { class: 'ds-path', id: 'ds-import-path' }, t('fm.datasources.noFile'));
  let chosen = null;
  const choose = h('button', { class: 'btn', id: 'ds-import-choose', onclick: async () => {
    const [picked] = await pickFiles({
      multiple: false, title: t('fm.datasources.importTitle', { name }),
      filters: [{ name: 'IDL', extensions: EXTENSIONS.IDL }, { name: 'JSON', extensions: EXTENSIONS.JSON }],
    });
    if (!picked) return;
    chosen = picked;
    path.textContent = picked;
    format.value = formatOf(picked);
  } }, t('fm.datasources.chooseFile'));
  const box = h('div', { class: 'ds-file-result', id: 'ds-import-result', role: 'status' });
  const pathField = field(t('fm.datasources.file'), h('div', { class: 'row ds-file-row' }, choose, path), { name: 'path' });
  const body = h('div', { class: 'form' },
    h('p', { class: 'muted' }, t('fm.datasources.importHint')),
    pathField, field(t('fm.datasources.format'), format, { name: 'format' }), box);
  let imported = false;
  await modal(t('fm.datasources.importTitle', { name }), body, {
    actions: [{ label: t('common.close') }, {
      label: t('fm.datasources.import'), primary: true, submit: true, id: 'ds-import-run',
      onClick: async () => {
        box.replaceChildren();
        if (!validate(body, { path: chosen ? null : t('fm.datasources.fileRequired') })) return;
        try {
          const summary = await api.datasources.import(name, format.value, chosen);
          imported = true;
          box.replaceChildren(h('p', { class: 'ok-text' }, t('fm.datasources.imported', { n: summary.models.length, name })),
            h('p', {}, t('fm.datasources.importedModels', { names: names(summary.models) })),
            h('p', {}, t('fm.datasources.importedCreated', { names: names(summary.created) })),
            summary.skipped.length ? h('p', { class: 'muted' }, t('fm.datasources.importedSkipped', { names: names(summary.skipped) })) : null);
          toast(t('fm.datasources.imported', { n: summary.models.length, name }));
        } catch (err) {
          refused(body, box, err);
        }
      },
    }],
  });
  return imported;
}

/** The export dialog for data source `name`. */
export async function exportDialog(name) {
  const format = formatSelect('ds-export-format');
  const box = h('div', { class: 'ds-file-result', id: 'ds-export-result', role: 'status' });
  const body = h('div', { class: 'form' },
    field(t('fm.datasources.format'), format, { name: 'format', hint: t('fm.datasources.exportHint') }),
    h('div', { class: 'field', dataset: { for: 'path' } }, h('small', { class: 'field-error', role: 'alert' })), box);
  await modal(t('fm.datasources.exportTitle', { name }), body, {
    actions: [{ label: t('common.close') }, {
      label: t('fm.datasources.exportTo'), primary: true, submit: true, id: 'ds-export-run',
      onClick: async () => {
        box.replaceChildren();
        clearErrors(body);
        const ext = format.value === 'JSON' ? 'json' : 'idl';
        const path = await pickSavePath({
          title: t('fm.datasources.exportTitle', { name }), defaultPath: `${name}.${ext}`,
          filters: [{ name: format.value, extensions: [ext] }],
        });
        if (!path) return;
        try {
          const summary = await api.datasources.export(name, format.value, path);
          box.replaceChildren(h('p', { class: 'ok-text' }, t('fm.datasources.exported', { n: summary.models.length, path: summary.path, bytes: summary.bytes })),
            h('p', {}, names(summary.models)),
            summary.skipped.length ? h('p', { class: 'muted' }, t('fm.datasources.exportedSkipped', { names: names(summary.skipped) })) : null);
          toast(t('fm.datasources.exported', { n: summary.models.length, path: summary.path, bytes: summary.bytes }));
        } catch (err) {
          refused(body, box, err);
        }
      },
    }],
  });
}
