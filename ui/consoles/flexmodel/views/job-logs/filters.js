// The job log's filters: trigger, job (a flow), status, success and a time range. They live in
// the screen's address ({trigger, job, status, ok, from, to}). The range is typed as the user
// writes a time (`2026-11-30 08:00`, a date alone, seconds or not) and sent as the server
// parses it: ISO `LocalDateTime` without a zone (`2026-11-30T08:00:00`), in the user's time
// zone (the console's clock is taken to be the user's). What cannot be read is said under its
// field and nothing is sent (the official console sends a format its server cannot read).
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { field, select, validate } from '../../../../components/form.js';

export const STATUSES = ['RUNNING', 'SUCCESS', 'FAILED'];

const two = (n) => String(n).padStart(2, '0');

/** A local time as the inputs show it and the server takes it, with `sep` between. */
export function timeText(date, sep = ' ') {
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}${sep}${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

const TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * What the user typed as one end of the range, as the server parses it: {value} (null when
 * empty) or {error}. A date alone is the day's first second at the start (`end` false) and
 * its last second at the end.
 */
export function serverTime(text, end = false) {
  const s = String(text ?? '').trim();
  if (!s) return { value: null };
  const m = TIME.exec(s);
  if (!m) return { error: t('fm.jobs.err.format', { text: s }) };
  const [year, month, day] = [m[1], m[2], m[3]].map(Number);
  const dateOnly = m[4] === undefined;
  const hour = dateOnly ? (end ? 23 : 0) : Number(m[4]);
  const minute = dateOnly ? (end ? 59 : 0) : Number(m[5]);
  const second = m[6] !== undefined ? Number(m[6]) : dateOnly && end ? 59 : 0;
  const days = new Date(year, month, 0).getDate();
  if (month < 1 || month > 12 || day < 1 || day > days) return { error: t('fm.jobs.err.noDate', { text: s }) };
  if (hour > 23 || minute > 59 || second > 59) return { error: t('fm.jobs.err.noTime', { text: s }) };
  return { value: `${m[1]}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}` };
}

/**
 * The range {from, to} (as typed) as the server takes it: {startTime, endTime} (each null when
 * not given), or {error: {field, message}}.
 */
export function rangeOf({ from, to } = {}) {
  const start = serverTime(from, false);
  if (start.error) return { error: { field: 'from', message: start.error } };
  const end = serverTime(to, true);
  if (end.error) return { error: { field: 'to', message: end.error } };
  if (start.value && end.value && end.value < start.value) {
    return { error: { field: 'to', message: t('fm.jobs.err.endBeforeStart') } };
  }
  return { startTime: start.value, endTime: end.value };
}

/** Quick ranges: from this long ago (or today's midnight) until now. */
const QUICK = {
  '1h': (now) => new Date(now.getTime() - 3600e3),
  today: (now) => new Date(now.getFullYear(), now.getMonth(), now.getDate()),
  '7d': (now) => new Date(now.getTime() - 7 * 86400e3),
};

/**
 * The filter bar over `initial` (the address's params). `onChange()` hears every change that
 * can be asked, `onInvalid()` one that cannot (its message shown under its field).
 * Returns {el, params(), range(), setChoices(triggers, flows)}.
 */
export function filterBar(initial, { onChange, onInvalid }) {
  const state = {
    trigger: initial.trigger || '', job: initial.job || '', status: STATUSES.includes(initial.status) ? initial.status : '',
    ok: ['true', 'false'].includes(initial.ok) ? initial.ok : '', from: initial.from || '', to: initial.to || '',
  };
  const all = t('fm.jobs.any');
  const trigger = select([['', all]], '', { id: 'jobs-trigger' });
  const job = select([['', all]], '', { id: 'jobs-job' });
  const status = select([['', all], ...STATUSES.map((s) => [s, t(`fm.jobs.status.${s}`)])], state.status, { id: 'jobs-status' });
  const ok = select([['', all], ['true', t('common.yes')], ['false', t('common.no')]], state.ok, { id: 'jobs-ok' });
  const from = h('input', { class: 'input jobs-time', id: 'jobs-from', placeholder: t('fm.jobs.fromHint'), autocomplete: 'off', spellcheck: 'false' });
  const to = h('input', { class: 'input jobs-time', id: 'jobs-to', placeholder: t('fm.jobs.toHint'), autocomplete: 'off', spellcheck: 'false' });
  from.value = state.from;
  to.value = state.to;
  const quick = h('div', { class: 'jobs-quick', role: 'group', 'aria-label': t('fm.jobs.quick') },
    Object.keys(QUICK).map((key) => h('button', {
      class: 'btn btn-small', dataset: { range: key },
      onclick: () => { from.value = timeText(QUICK[key](new Date())); to.value = ''; times(); },
    }, t(`fm.jobs.range.${key}`))),
    h('button', { class: 'btn btn-small', dataset: { range: 'clear' }, onclick: () => { from.value = ''; to.value = ''; times(); } }, t('fm.jobs.range.clear')));
  const el = h('div', { class: 'jobs-filters', id: 'jobs-filters' },
    field(t('fm.jobs.trigger'), trigger, { name: 'trigger' }),
    field(t('fm.jobs.job'), job, { name: 'job' }),
    field(t('fm.jobs.statusLabel'), status, { name: 'status' }),
    field(t('fm.jobs.success'), ok, { name: 'ok' }),
    field(t('fm.jobs.from'), from, { name: 'from' }),
    field(t('fm.jobs.to'), to, { name: 'to' }),
    h('div', { class: 'field jobs-quick-field' }, h('span', { class: 'jobs-quick-label' }, t('fm.jobs.quick')), quick));

  function changed() {
    const range = rangeOf(state);
    if (range.error) {
      validate(el, { [range.error.field]: range.error.message });
      onInvalid();
      return;
    }
    validate(el, {});
    onChange();
  }
  for (const [input, key] of [[trigger, 'trigger'], [job, 'job'], [status, 'status'], [ok, 'ok']]) {
    input.addEventListener('change', () => { state[key] = input.value; changed(); });
  }
  function times() {
    if (state.from === from.value.trim() && state.to === to.value.trim() && !el.querySelector('.has-error')) return;
    state.from = from.value.trim();
    state.to = to.value.trim();
    changed();
  }
  for (const input of [from, to]) {
    input.addEventListener('change', times);
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); times(); } });
  }

  /** Fills a select with `[value, label]` pairs, keeping `current` even when not among them. */
  function fill(box, pairs, current) {
    const known = pairs.some(([v]) => v === current);
    box.replaceChildren(...[['', all], ...pairs, ...(current && !known ? [[current, current]] : [])]
      .map(([v, label]) => h('option', { value: v }, label)));
    box.value = current;
  }
  fill(trigger, [], state.trigger);
  fill(job, [], state.job);

  return {
    el,
    params: () => ({ ...state }),
    /** The range in force, or null (its message shown) when it cannot be asked. */
    range() {
      const range = rangeOf(state);
      if (!range.error) return range;
      validate(el, { [range.error.field]: range.error.message });
      return null;
    },
    setChoices(triggers, flows) {
      fill(trigger, triggers.map((x) => [x.id, x.name || x.id]), state.trigger);
      fill(job, flows.map((f) => [f.flowModuleId, f.flowName || f.flowKey || f.flowModuleId]), state.job);
    },
  };
}
