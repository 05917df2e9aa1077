// The generated zip as the screen shows it: its files (name and size, in the archive's
// order), one chosen text file's content (monospace, copyable), and the zip saved through the
// native save dialog. The zip itself stays in Rust (a preview named by id).
import { api, pickSavePath } from '../../api.js';
import { h, copyText } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { errorBox, errorText } from '../../../../components/dialog.js';
import { toast } from '../../../../components/toast.js';

/** Bytes as a person reads them: `812 B`, `3.4 KB`, `1.2 MB`. */
export function formatBytes(n) {
  const b = Number(n) || 0;
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${Math.round(b / 102.4) / 10} KB`;
  return `${Math.round(b / (1024 * 102.4)) / 10} MB`;
}

/** `a/b/C.java` as its folder (`a/b/`) and its name (`C.java`). */
function split(name) {
  const i = name.lastIndexOf('/', name.length - 2);
  return i < 0 ? ['', name] : [name.slice(0, i + 1), name.slice(i + 1)];
}

/**
 * The result panel for `preview` ({id, entries, bytes, fileName, template, datasource});
 * `chosen` the entry to show first (the address's), `onChoose(name)` hears each choice.
 */
export function filesPanel(preview, { chosen, onChoose }) {
  const files = preview.entries.filter((e) => !e.dir);
  const content = h('div', { class: 'cg-content', id: 'cg-content' });
  const saved = h('p', { class: 'cg-saved', id: 'cg-saved', role: 'status' });
  let seq = 0;

  // Files grouped under their folder (in the archive's order), each with its size.
  const folders = new Map();
  for (const e of files) {
    const [folder] = split(e.name);
    if (!folders.has(folder)) folders.set(folder, []);
    folders.get(folder).push(e);
  }
  const list = h('ul', { class: 'cg-files', id: 'cg-files', role: 'listbox', 'aria-label': t('fm.codegen.files') },
    [...folders].map(([folder, entries]) => [
      folder ? h('li', { class: 'cg-folder', role: 'presentation', title: folder }, folder) : null,
      entries.map((e) => h('li', { role: 'option', dataset: { name: e.name, size: String(e.size) } },
        h('button', { class: 'cg-file', title: e.name, onclick: () => show(e.name) },
          h('span', { class: 'cg-base' }, split(e.name)[1]),
          h('span', { class: 'cg-size' }, formatBytes(e.size))))),
    ]));

  async function show(name) {
    const mine = ++seq;
    list.querySelectorAll('li[role=option]').forEach((li) => li.setAttribute('aria-selected', String(li.dataset.name === name)));
    onChoose?.(name);
    content.replaceChildren(h('div', { class: 'state state-loading' }, t('common.loading')));
    try {
      const file = await api.codegen.file(preview.id, name);
      if (mine !== seq) return;
      const head = h('div', { class: 'cg-content-head' },
        h('h3', { id: 'cg-content-name', title: file.name }, file.name),
        h('span', { class: 'muted cg-content-size' }, formatBytes(file.size)),
        file.text !== null && file.text !== undefined ? h('button', {
          class: 'btn btn-small', id: 'cg-copy', onclick: async () => { if (await copyText(file.text)) toast(t('common.copied')); },
        }, t('fm.codegen.copy')) : null);
      const body = file.text === null || file.text === undefined
        ? h('p', { class: 'muted' }, t('fm.codegen.binary'))
        : h('pre', { class: 'cg-code', id: 'cg-code', tabindex: '0' }, file.text);
      content.replaceChildren(head, body, ...(file.truncated ? [h('p', { class: 'muted' }, t('fm.codegen.truncated'))] : []));
    } catch (err) {
      if (mine === seq) content.replaceChildren(errorBox(err, () => show(name)));
    }
  }

  async function save() {
    const path = await pickSavePath({
      title: t('fm.codegen.saveTitle'), defaultPath: preview.fileName,
      filters: [{ name: 'Zip', extensions: ['zip'] }],
    });
    if (!path) return;
    try {
      const done = await api.codegen.save(preview.id, path);
      saved.textContent = t('fm.codegen.saved', { path: done.path, size: formatBytes(done.bytes) });
      toast(t('fm.codegen.saved', { path: done.path, size: formatBytes(done.bytes) }));
    } catch (err) {
      saved.textContent = '';
      toast(errorText(err), { kind: 'error' });
    }
  }

  const el = h('section', { class: 'card cg-result', id: 'cg-result', dataset: { preview: preview.id } },
    h('div', { class: 'cg-result-head' },
      h('h2', {}, t('fm.codegen.files')),
      h('span', { class: 'muted', id: 'cg-summary' }, t('fm.codegen.summary', { n: files.length, size: formatBytes(preview.bytes), name: preview.fileName })),
      h('button', { class: 'btn btn-primary', id: 'cg-save', onclick: save }, t('fm.codegen.save'))),
    saved,
    files.length ? h('div', { class: 'cg-browse' }, list, content) : h('p', { class: 'muted' }, t('fm.codegen.noFiles')));
  const first = files.find((e) => e.name === chosen) || files.find((e) => /\.(java|ts|js|py|md)$/.test(e.name)) || files[0];
  if (first) show(first.name);
  else content.replaceChildren();
  return el;
}
