// Picking a data source's tables and syncing them into models. The server lists the tables of
// a connection (`[]` when it cannot connect: the picker then asks the connection test why,
// and says so); tables that already have a model are marked. The chosen tables are synced one
// request each, so the dialog shows real progress (which table, how many done), can stop
// between two, and lists each model made (a link to it) and each table that failed (why).
import { api } from '../../api.js';
import { h, clear } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal, errorBox, errorText } from '../../../../components/dialog.js';
import { toast } from '../../../../components/toast.js';

/**
 * Opens the picker for data source `ds` ({name, type, config}: what the form sent, or a fresh
 * list answer, whose stored password Rust fills in). Resolves with the names of the models made.
 */
export async function syncTablesDialog(ctx, ds) {
  const holder = h('div', { class: 'ds-tables', id: 'ds-tables' }, h('div', { class: 'state state-loading' }, t('fm.datasources.tablesLoading')));
  const made = [];
  let picker = null;
  let stop = null;
  let closeDialog = null;
  const request = new AbortController();
  await modal(t('fm.datasources.tablesTitle', { name: ds.name }), holder, {
    wide: true,
    onOpen: async (_dlg, close) => {
      closeDialog = close;
      try {
        const [tables, models] = await Promise.all([
          api.datasources.tables(ds, { signal: request.signal }),
          api.models.list(ds.name, { signal: request.signal }).catch(() => []),
        ]);
        if (!tables.length) {
          holder.replaceChildren(await whyNoTables(ds, request.signal));
          return;
        }
        picker = tablePicker(tables, new Set(models.map((m) => m.name)));
        holder.replaceChildren(picker.el);
        picker.focus();
      } catch (err) {
        if (err.kind !== 'cancelled') holder.replaceChildren(errorBox(err));
      }
    },
    actions: [{ label: t('common.close'), id: 'ds-tables-close', onClick: (close) => { stop?.(); close(null); } }, {
      label: t('fm.datasources.sync'), primary: true, submit: true, id: 'ds-sync',
      onClick: async () => {
        if (!picker || picker.running) return;
        const chosen = picker.chosen();
        if (!chosen.length) {
          picker.say(t('fm.datasources.pickSome'));
          return;
        }
        const open = (model) => {
          closeDialog?.(null);
          ctx.openModels(ds.name, model);
        };
        const sync = picker.sync(ds, chosen, open);
        stop = sync.stop;
        made.push(...(await sync.done));
        stop = null;
      },
    }],
  });
  request.abort();
  return made;
}

/** Why the server listed no table: the connection test's answer, or an empty database. */
async function whyNoTables(ds, signal) {
  let answer = null;
  try {
    answer = await api.datasources.validate(ds, { signal });
  } catch (err) {
    return h('div', { class: 'state state-error', id: 'ds-tables-empty' }, t('fm.datasources.noTablesUnknown', { reason: errorText(err) }));
  }
  if (answer.success === false) {
    return h('div', { class: 'state state-error', id: 'ds-tables-empty' },
      t('fm.datasources.noTablesFailed', { reason: answer.errorMsg || t('common.none') }));
  }
  return h('div', { class: 'state', id: 'ds-tables-empty' }, t('fm.datasources.noTables'));
}

function tablePicker(tables, modelled) {
  const filter = h('input', { class: 'input search', type: 'search', id: 'ds-tables-filter', placeholder: t('fm.datasources.tablesFilter'), 'aria-label': t('fm.datasources.tablesFilter') });
  const count = h('span', { class: 'muted', id: 'ds-tables-count' });
  const note = h('div', { class: 'ds-tables-note', role: 'status' });
  const boxes = tables.map((name) => {
    const box = h('input', { type: 'checkbox', value: name, dataset: { table: name } });
    const row = h('label', { class: 'ds-table', dataset: { table: name } }, box, h('span', { class: 'ds-table-name' }, name),
      modelled.has(name) ? h('span', { class: 'badge', title: t('fm.datasources.modelExistsHint') }, t('fm.datasources.modelExists')) : null);
    box.addEventListener('change', () => update());
    return { name, box, row };
  });
  const list = h('div', { class: 'ds-table-list' }, boxes.map((b) => b.row));
  const visible = () => boxes.filter((b) => !b.row.hidden);
  const setAll = (checked) => { visible().forEach((b) => { b.box.checked = checked; }); update(); };
  const progressArea = h('div', { class: 'ds-sync', id: 'ds-sync-progress', hidden: true });
  const update = () => {
    const n = boxes.filter((b) => b.box.checked).length;
    count.textContent = t('fm.datasources.tablesChosen', { n, total: tables.length });
  };
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    boxes.forEach((b) => { b.row.hidden = Boolean(q) && !b.name.toLowerCase().includes(q); });
  });
  update();
  const controls = h('div', { class: 'toolbar ds-tables-bar' }, filter,
    h('button', { class: 'btn btn-small', id: 'ds-tables-all', onclick: () => setAll(true) }, t('common.selectAll')),
    h('button', { class: 'btn btn-small', id: 'ds-tables-none', onclick: () => setAll(false) }, t('fm.datasources.selectNone')),
    h('span', { class: 'spacer' }), count);
  const el = h('div', {}, controls, note, list, progressArea);

  const picker = {
    el,
    running: false,
    focus: () => filter.focus(),
    chosen: () => boxes.filter((b) => b.box.checked).map((b) => b.name),
    say: (text) => { note.textContent = text; },
    /**
     * Syncs `chosen` one table at a time (`openModel(name)` follows a made model's link);
     * {stop(), done: Promise<model names>}.
     */
    sync: (ds, chosen, openModel) => {
      let stopped = false;
      picker.running = true;
      note.textContent = '';
      for (const b of boxes) b.box.disabled = true;
      const bar = h('progress', { max: chosen.length, value: 0 });
      const now = h('span', { class: 'ds-sync-now', id: 'ds-sync-now' });
      const stopButton = h('button', { class: 'btn btn-small', id: 'ds-sync-stop', onclick: () => { stopped = true; stopButton.disabled = true; } }, t('fm.datasources.stop'));
      const results = h('ul', { class: 'plain ds-sync-result', id: 'ds-sync-result' });
      clear(progressArea).append(h('div', { class: 'ds-sync-line' }, bar, now, stopButton), results);
      progressArea.hidden = false;
      const done = (async () => {
        const made = [];
        let failed = 0;
        for (const [i, table] of chosen.entries()) {
          if (stopped) break;
          now.textContent = t('fm.datasources.syncing', { table, n: i + 1, total: chosen.length });
          try {
            const models = await api.datasources.sync(ds.name, [table]);
            for (const m of models) {
              made.push(m.name);
              results.append(h('li', { class: 'ds-sync-ok', dataset: { model: m.name } },
                h('span', { class: 'ok-text' }, '✓ '),
                t('fm.datasources.syncedTable', { table, fields: (m.fields || []).length }), ' ',
                h('button', { class: 'link', dataset: { open: m.name }, onclick: () => openModel(m.name) }, m.name)));
            }
          } catch (err) {
            failed += 1;
            results.append(h('li', { class: 'ds-sync-failed', dataset: { table } }, h('span', { class: 'field-error' }, `✗ ${table}: ${errorText(err)}`)));
          }
          bar.value = i + 1;
        }
        const total = bar.value;
        now.textContent = stopped && total < chosen.length
          ? t('fm.datasources.syncStopped', { n: total, total: chosen.length })
          : t('fm.datasources.syncDone', { models: made.length, failed });
        stopButton.remove();
        picker.running = false;
        for (const b of boxes) b.box.disabled = false;
        if (made.length) toast(t('fm.datasources.syncDone', { models: made.length, failed }));
        return made;
      })();
      return { stop: () => { stopped = true; }, done };
    },
  };
  return picker;
}
