// The filter builder beside the raw JSON box, kept in step by Rust (`filter.build` writes the
// JSON of the rows, `filter.parse` reads rows back, both desk-core's one implementation):
// edit either and the other follows. JSON the builder cannot show says so and is kept as
// written; JSON the server would refuse is said under the box and nothing is sent; a row
// whose value does not fit its field's type is said on the row and nothing is sent.
import { api } from '../../api.js';
import { h, debounce } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { errorText } from '../../../../components/dialog.js';
import { operatorsFor, typedValue, valueInput, inputText } from './fields.js';

/** JSON on one line, with a space after each colon and comma (strings untouched). */
function oneLine(v) {
  if (Array.isArray(v)) return `[${v.map(oneLine).join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${oneLine(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}

/** The filter as the box shows it: a group's conditions one per line, each on one line. */
function pretty(text) {
  if (!text) return '';
  try {
    const v = JSON.parse(text);
    const [key, list] = Object.entries(v)[0] || [];
    if (Object.keys(v).length === 1 && (key === '_and' || key === '_or') && Array.isArray(list) && list.length) {
      return `{${JSON.stringify(key)}: [\n${list.map((c) => `  ${oneLine(c)}`).join(',\n')}\n]}`;
    }
    return oneLine(v);
  } catch {
    return text;
  }
}
/** A message as a sentence: its first letter capitalised. */
const sentence = (text) => (text ? text[0].toUpperCase() + text.slice(1) : '');
const compact = (text) => (text.trim() ? JSON.stringify(JSON.parse(text)) : '');

/**
 * onApply(filterText) hears the filter to list with ('' for none) once it passed every check.
 * Returns {el, setFields(fields, enums: Promise<{field: elements}>), setFilter(text)}.
 */
export function filterBuilder({ onApply }) {
  let fields = [];
  let enums = {};
  let source = 'builder'; // which side the user edited last
  const rowsBox = h('div', { class: 'fb-rows', id: 'records-conditions' });
  const combine = h('select', { class: 'input fb-combine', id: 'records-combine', 'aria-label': t('fm.records.combine') },
    h('option', { value: 'and' }, t('fm.records.all')), h('option', { value: 'or' }, t('fm.records.any')));
  const add = h('button', { class: 'btn btn-small', id: 'records-add-condition', onclick: () => { addRow(); changed(); } }, t('fm.records.addCondition'));
  const note = h('div', { class: 'fb-note', id: 'records-filter-note', hidden: true });
  const none = h('p', { class: 'muted fb-none' }, t('fm.records.noConditions'));
  const raw = h('textarea', {
    class: 'input json-input fb-json', id: 'records-filter-json', rows: 4, spellcheck: 'false',
    placeholder: '{"age": {"_gt": 10}}', 'aria-label': t('fm.records.rawJson'),
  });
  const rawError = h('div', { class: 'error-text fb-json-error', id: 'records-filter-error', role: 'alert' });
  const rawNote = h('div', { class: 'muted fb-json-note', id: 'records-filter-stale', hidden: true }, t('fm.records.incomplete'));
  const applyBtn = h('button', { class: 'btn btn-primary', id: 'records-apply', onclick: () => apply() }, t('fm.records.apply'));
  const clearBtn = h('button', { class: 'btn', id: 'records-clear', onclick: () => { setRows({ combine: 'and', conditions: [] }); write(''); rawError.textContent = ''; source = 'builder'; apply(); } }, t('fm.records.clear'));
  const el = h('div', { class: 'card fb', id: 'records-filter' },
    h('div', { class: 'fb-builder' },
      h('div', { class: 'fb-head' }, h('span', { class: 'muted' }, t('fm.records.match')), combine, h('span', { class: 'muted' }, t('fm.records.ofConditions'))),
      note, none, rowsBox, h('div', { class: 'fb-tools' }, add)),
    h('div', { class: 'fb-raw' },
      h('label', { for: 'records-filter-json', class: 'fb-label' }, t('fm.records.rawJson')), raw, rawNote, rawError),
    h('div', { class: 'fb-actions' }, applyBtn, clearBtn));

  // What the builder holds: one editor per row; the box's text when last seen (written by
  // the builder, typed, or there when the builder was edited).
  let rows = [];
  let lastRaw = '';
  const write = (text) => { raw.value = pretty(text); lastRaw = raw.value; };

  function field(name) {
    return fields.find((f) => f.name === name) || { name, type: '' };
  }

  function addRow(cond = {}) {
    const first = fields[0]?.name || '';
    const r = { field: cond.field || first, op: uiOp(cond), keepOp: Boolean(cond.op), editors: [] };
    r.fieldSel = h('select', { class: 'input fb-field', 'aria-label': t('fm.records.field') });
    r.opSel = h('select', { class: 'input fb-op', 'aria-label': t('fm.records.operator') });
    r.valueBox = h('div', { class: 'fb-value' });
    r.error = h('small', { class: 'field-error fb-error', role: 'alert' });
    r.el = h('div', { class: 'fb-row' }, r.fieldSel, r.opSel, r.valueBox,
      h('button', { class: 'icon-btn fb-remove', title: t('fm.records.removeCondition'), 'aria-label': t('fm.records.removeCondition'), onclick: () => { rows = rows.filter((x) => x !== r); r.el.remove(); showNone(); changed(); } }, '×'),
      r.error);
    r.fieldSel.addEventListener('change', () => { r.field = r.fieldSel.value; r.keepOp = false; drawOps(r); drawValue(r); changed(); });
    r.opSel.addEventListener('change', () => { const was = readTexts(r); r.op = r.opSel.value; drawValue(r, was); changed(); });
    drawFields(r);
    drawOps(r);
    drawValue(r, cond.value === undefined ? undefined : cond.value);
    rows.push(r);
    rowsBox.append(r.el);
    none.hidden = true;
    return r;
  }

  function drawFields(r) {
    const names = fields.map((f) => f.name);
    if (r.field && !names.includes(r.field)) names.push(r.field); // a relation path from the JSON
    r.fieldSel.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
    r.fieldSel.value = r.field;
  }

  function drawOps(r) {
    const ops = operatorsFor(fields.find((f) => f.name === r.field));
    // An operator the JSON used on a type that seldom takes it stays offered on its row.
    if (!ops.includes(r.op)) {
      if (r.keepOp) ops.push(r.op);
      else r.op = ops[0];
    }
    r.opSel.replaceChildren(...ops.map((op) => h('option', { value: op }, t(`fm.records.op.${op}`))));
    r.opSel.value = r.op;
  }

  /** The value inputs the operator takes: none, one, two (between) or a list. */
  function drawValue(r, value) {
    const f = field(r.field);
    const elements = enums[f.name] || [];
    const one = (attrs) => valueInput(f, { elements, attrs: { ...attrs, class: 'input fb-input' } });
    r.editors = [];
    if (r.op === 'null' || r.op === 'notnull') {
      r.valueBox.replaceChildren();
    } else if (r.op === '_between') {
      r.editors = [one({ 'aria-label': t('fm.records.from') }), one({ 'aria-label': t('fm.records.to') })];
      r.valueBox.replaceChildren(r.editors[0].el, h('span', { class: 'muted' }, t('fm.records.and')), r.editors[1].el);
      if (Array.isArray(value)) value.forEach((v, i) => r.editors[i]?.set(v));
    } else if (r.op === '_in' || r.op === '_nin') {
      const hint = elements.length ? elements.join(', ') : t('fm.records.listHint');
      const list = h('input', { class: 'input fb-input fb-list', placeholder: hint, 'aria-label': t('fm.records.value') });
      r.editors = [{ el: list, text: () => list.value, list: true }];
      if (Array.isArray(value)) list.value = value.map((v) => inputText(f, v)).join(', ');
      r.valueBox.replaceChildren(list);
    } else {
      r.editors = [one({ 'aria-label': t('fm.records.value') })];
      if (value !== undefined && value !== null && !Array.isArray(value)) r.editors[0].set(value);
      r.valueBox.replaceChildren(r.editors[0].el);
    }
    r.valueBox.querySelectorAll('input,select').forEach((i) => {
      i.addEventListener('input', changed);
      i.addEventListener('change', changed);
    });
  }

  const readTexts = (r) => (r.editors.length === 1 && !r.editors[0].list ? r.editors[0].text() : undefined);

  /** A row as Rust's condition ({field, op, value}), or its error. */
  function readRow(r) {
    const f = field(r.field);
    if (!r.field) return { error: t('fm.records.chooseField') };
    if (r.op === 'null') return { condition: { field: r.field, op: '_eq', value: null } };
    if (r.op === 'notnull') return { condition: { field: r.field, op: '_ne', value: null } };
    const typed = (text) => typedValue(f, text, { required: true });
    let value;
    if (r.editors[0]?.list) {
      const parts = r.editors[0].text().split(/[,，]/).map((s) => s.trim()).filter(Boolean);
      if (!parts.length) return { error: t('form.required') };
      const read = parts.map(typed);
      const bad = read.find((x) => x.error);
      if (bad) return bad;
      value = read.map((x) => x.value);
    } else {
      const read = r.editors.map((e) => typed(e.text()));
      const bad = read.find((x) => x.error);
      if (bad) return bad;
      value = r.op === '_between' ? read.map((x) => x.value) : read[0].value;
    }
    return { condition: { field: r.field, op: r.op, value } };
  }

  /** Every row read; errors shown on their rows when `show`. */
  function readRows(show) {
    const conditions = [];
    let ok = true;
    for (const r of rows) {
      const read = readRow(r);
      if (show) {
        r.error.textContent = read.error || '';
        r.el.classList.toggle('has-error', Boolean(read.error));
      }
      if (read.error) ok = false;
      else conditions.push(read.condition);
    }
    return { ok, rows: { combine: combine.value, conditions } };
  }

  function setRows(parsed) {
    rows = [];
    rowsBox.replaceChildren();
    combine.value = parsed.combine || 'and';
    note.hidden = !parsed.unshown;
    note.replaceChildren();
    rowsBox.hidden = add.hidden = Boolean(parsed.unshown);
    if (parsed.unshown) {
      none.hidden = true;
      note.append(h('span', {}, t(`fm.records.unshown.${parsed.unshown}`)), ' ',
        h('button', { class: 'link', id: 'records-restart', onclick: () => { setRows({ combine: 'and', conditions: [] }); addRow(); changed(); } }, t('fm.records.restart')));
      return;
    }
    (parsed.conditions || []).forEach((c) => addRow(c));
    showNone();
  }

  const showNone = () => { none.hidden = rows.length > 0 || !note.hidden; };
  // The builder was edited: it is the side the user works on now; the JSON follows when
  // every row reads (JSON beyond the builder stays as written).
  const follow = debounce(async () => {
    if (!note.hidden || source !== 'builder') return;
    const read = readRows(false);
    // The JSON shows the last filter the rows made, and says it is behind them.
    rawNote.hidden = read.ok;
    if (!read.ok) return;
    try {
      const text = await api.filter.build(read.rows);
      if (source !== 'builder') return;
      write(text);
      rawError.textContent = '';
    } catch (err) {
      rawError.textContent = errorText(err);
    }
  }, 120);
  function changed() {
    source = 'builder';
    lastRaw = raw.value;
    follow();
  }
  combine.addEventListener('change', changed);

  // The JSON changed: the builder follows, or says why it cannot.
  const rawChanged = debounce(async () => {
    const text = raw.value;
    try {
      const parsed = await api.filter.parse(text);
      if (raw.value !== text) return;
      rawError.textContent = '';
      setRows(parsed);
    } catch (err) {
      if (raw.value === text) rawError.textContent = sentence(err.message) || errorText(err);
    }
  }, 250);
  raw.addEventListener('input', () => { source = 'raw'; lastRaw = raw.value; rawNote.hidden = true; rawChanged(); });
  raw.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); apply(); } });
  rowsBox.addEventListener('keydown', (e) => { if (e.key === 'Enter' && e.target.matches('input')) { e.preventDefault(); apply(); } });

  /** Checks the side edited last; sends only a filter that passed. */
  async function apply() {
    let text;
    // The box was typed in last, or filled without an input event since last seen, or holds
    // JSON beyond the builder: the JSON is what applies.
    if (source === 'raw' || raw.value !== lastRaw || !note.hidden) {
      try {
        const parsed = await api.filter.parse(raw.value);
        rawError.textContent = '';
        setRows(parsed);
        text = compact(raw.value);
        lastRaw = raw.value;
        source = 'builder';
      } catch (err) {
        rawError.textContent = sentence(err.message) || errorText(err);
        return;
      }
    } else {
      const read = readRows(true);
      if (!read.ok) return;
      try {
        text = await api.filter.build(read.rows);
      } catch (err) {
        rawError.textContent = errorText(err);
        return;
      }
      write(text);
      rawError.textContent = '';
      rawNote.hidden = true;
    }
    onApply(text);
  }

  return {
    el,
    /** The model's filterable fields and its enums' values (before `setFilter`). */
    async setFields(list, enumsPromise) {
      fields = list;
      enums = await enumsPromise.catch(() => ({}));
    },
    /** Shows `text` (the address's filter) on both sides. */
    async setFilter(text) {
      write(text);
      rawError.textContent = '';
      source = 'raw';
      try {
        setRows(await api.filter.parse(text || ''));
        source = 'builder';
      } catch (err) {
        rawError.textContent = sentence(err.message) || errorText(err);
      }
    },
  };
}

/** The UI's operator for a condition from Rust: `_eq`/`_ne` with null read as (not) empty. */
function uiOp(cond) {
  if (!cond.op) return '_eq';
  if (cond.value === null && cond.op === '_eq') return 'null';
  if (cond.value === null && cond.op === '_ne') return 'notnull';
  return cond.op;
}
