// The API log's filters: success, a time range (quick ranges counted back from now each time
// the log is read, or from and to as picked) and a keyword searched in request bodies. They
// live in the screen's address ({ok, range, from, to, q}); this module turns them into what
// the console takes (`yyyy-MM-dd HH:mm:ss` at both ends) and says what is wrong before
// anything is sent.
import { h, debounce } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { field, select, validate } from '../../../../components/form.js';

export const QUICK_RANGES = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };
export const DEFAULT_RANGE = '7d';

const two = (n) => String(n).padStart(2, '0');

/** A local time as a datetime-local input holds it: `2025-08-30T19:58:23`. */
export function localInput(date) {
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** A datetime-local value as the console wants it (`2025-08-30 19:58:00`); null if none. */
export function serverTime(value) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/.exec(value || '');
  return m ? `${m[1]} ${m[2]}${m[3] || ':00'}` : null;
}

/**
 * The range `params` ask for, at `now`: {from, to} as datetime-local values and the console's
 * [from, to]; or {error: {field, message}} when it cannot be asked.
 */
export function rangeOf(params, now = new Date()) {
  const quick = QUICK_RANGES[params.range || (params.from || params.to ? '' : DEFAULT_RANGE)];
  if (quick) {
    const from = localInput(new Date(now.getTime() - quick));
    const to = localInput(now);
    return { from, to, dateRange: [serverTime(from), serverTime(to)] };
  }
  const from = serverTime(params.from);
  const to = serverTime(params.to);
  if (!from) return { error: { field: 'from', message: t('fm.logs.err.fromMissing') } };
  if (!to) return { error: { field: 'to', message: t('fm.logs.err.toMissing') } };
  if (from >= to) return { error: { field: 'from', message: t('fm.logs.err.fromAfterTo') } };
  return { from: params.from, to: params.to, dateRange: [from, to] };
}

/**
 * The filter bar over `params` (the address's); `onChange(params)` hears every change that
 * can be asked, `onInvalid()` one that cannot (its message is shown under its field).
 * Returns {el, params(), show(range)} — `show` writes the range read into the inputs.
 */
export function filterBar(initial, { onChange, onInvalid }) {
  const state = { ok: initial.ok || '', range: initial.range || '', from: initial.from || '', to: initial.to || '', q: initial.q || '' };
  if (!state.range && !state.from && !state.to) state.range = DEFAULT_RANGE;
  const success = select([['', t('fm.logs.all')], ['true', t('fm.logs.successOnly')], ['false', t('fm.logs.failureOnly')]], state.ok, { id: 'logs-success' });
  const from = h('input', { class: 'input', type: 'datetime-local', step: 1, id: 'logs-from' });
  const to = h('input', { class: 'input', type: 'datetime-local', step: 1, id: 'logs-to' });
  const keyword = h('input', { class: 'input search', type: 'search', id: 'logs-keyword', placeholder: t('fm.logs.keywordHint'), value: state.q });
  keyword.value = state.q;
  const quick = h('div', { class: 'logs-quick', role: 'group', 'aria-label': t('fm.logs.quick') },
    Object.keys(QUICK_RANGES).map((key) => h('button', {
      class: 'btn btn-small', dataset: { range: key }, 'aria-pressed': String(state.range === key),
      onclick: () => { state.range = key; state.from = ''; state.to = ''; changed(); },
    }, t(`fm.logs.range.${key}`))));
  const el = h('div', { class: 'logs-filters', id: 'logs-filters' },
    field(t('fm.logs.success'), success, { name: 'ok' }),
    field(t('fm.logs.from'), from, { name: 'from' }),
    field(t('fm.logs.to'), to, { name: 'to' }),
    h('div', { class: 'field logs-quick-field' }, h('span', { class: 'logs-quick-label' }, t('fm.logs.quick')), quick),
    field(t('fm.logs.keyword'), keyword, { name: 'q' }));

  const params = () => ({ ...state, range: state.range || undefined, from: state.range ? undefined : state.from, to: state.range ? undefined : state.to });

  function changed() {
    quick.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.range === state.range)));
    const range = rangeOf(params());
    if (range.error) {
      validate(el, { [range.error.field]: range.error.message });
      onInvalid();
      return;
    }
    validate(el, {});
    onChange(params(), range);
  }
  success.addEventListener('change', () => { state.ok = success.value; changed(); });
  for (const [input, end] of [[from, 'from'], [to, 'to']]) {
    input.addEventListener('change', () => {
      // Picking an end makes the range one's own: both ends as they stand now.
      state.range = '';
      state.from = from.value;
      state.to = to.value;
      state[end] = input.value;
      changed();
    });
  }
  const typed = debounce(() => { state.q = keyword.value.trim(); changed(); }, 300);
  keyword.addEventListener('input', typed);
  keyword.addEventListener('keydown', (e) => { if (e.key === 'Enter') { state.q = keyword.value.trim(); changed(); } });

  return {
    el,
    params,
    /** Shows the range in force (a quick one, counted from now) in the inputs. */
    show(range) {
      from.value = range.from || '';
      to.value = range.to || '';
    },
    /** The first check, before the first read: false (and the message shown) if invalid. */
    check() {
      const range = rangeOf(params());
      if (range.error) {
        validate(el, { [range.error.field]: range.error.message });
        from.value = state.from;
        to.value = state.to;
        return null;
      }
      return range;
    },
  };
}
