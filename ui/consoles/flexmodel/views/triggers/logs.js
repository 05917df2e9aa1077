// A trigger's latest job logs, beside the list: refreshed every 1.5 s while a run is RUNNING,
// while a run just started by "Run now" has not shown up, and while the trigger fires within
// the minute (so a new cron trigger's first runs appear), every 10 s while it is scheduled
// later, and stopped when the panel closes or the
// screen is left. The whole log is on the Job logs screen.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { errorBox } from '../../../../components/dialog.js';
import { badge } from '../../../../components/list-view.js';
import { api } from '../../api.js';
import { showJson } from '../../../../components/json-view.js';
import { absolute, duration } from './times.js';

const REFRESH_MS = 1500;
const SOON_MS = 60_000;
/** While the trigger is scheduled but not about to fire. */
const IDLE_REFRESH_MS = 10_000;

const STATUS = { RUNNING: 'busy', SUCCESS: 'ok', FAILED: 'error' };

export function statusBadge(status) {
  return badge(status ? t(`fm.triggers.status.${status}`) : t('common.none'), STATUS[status] || 'off');
}

/**
 * The panel of `trigger`; `expectRun` when a run was just asked for. Returns {el, stop()}.
 */
export function jobLogsPanel(trigger, { ctx, onClose, expectRun = false }) {
  let timer = null;
  let stopped = false;
  let waiting = expectRun;
  const request = new AbortController();
  const rows = h('div', { class: 'trigger-logs-rows', id: 'trigger-logs-rows' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  const el = h('aside', { class: 'trigger-logs', id: 'trigger-logs', dataset: { trigger: trigger.id } },
    h('div', { class: 'trigger-logs-head' },
      h('h2', {}, t('fm.triggers.logsOf', { name: trigger.name })),
      h('button', { class: 'icon-btn', 'aria-label': t('common.close'), id: 'trigger-logs-close', onclick: () => { stop(); onClose(); } }, '×')),
    rows,
    h('button', { class: 'link', id: 'trigger-logs-all', onclick: () => ctx.openJobLogs({ trigger: trigger.id }) }, t('fm.triggers.allLogs')));

  /** Whether the trigger fires within the minute (or did a moment ago). */
  function soon() {
    const at = trigger.nextFireTime && new Date(trigger.nextFireTime).getTime();
    return Boolean(at) && Math.abs(at - Date.now()) < SOON_MS;
  }

  function draw(logs) {
    if (!logs.length) {
      rows.replaceChildren(h('p', { class: 'muted state' }, waiting || soon() ? t('fm.triggers.logsWaiting') : t('fm.triggers.logsEmpty')));
      return;
    }
    rows.replaceChildren(h('table', { class: 'table trigger-logs-table' },
      h('thead', {}, h('tr', {}, [t('fm.triggers.logStatus'), t('fm.triggers.logStart'), t('fm.triggers.logEnd'), t('fm.triggers.logDuration'), t('fm.triggers.logError'), ''].map((label) => h('th', {}, label)))),
      h('tbody', {}, logs.map((l) => h('tr', { dataset: { id: l.id, status: l.executionStatus || '' } },
        h('td', {}, statusBadge(l.executionStatus)),
        h('td', { class: 'nowrap' }, absolute(l.startTime)),
        h('td', { class: 'nowrap' }, l.endTime ? absolute(l.endTime) : t('common.none')),
        h('td', { class: 'num nowrap' }, duration(l.executionDuration)),
        h('td', { class: l.errorMessage ? 'error-cell' : 'muted' }, l.errorMessage || t('common.none')),
        h('td', { class: 'col-actions' }, h('button', { class: 'icon-btn', title: t('common.json'), 'aria-label': t('common.json'), onclick: () => showJson(`${trigger.name} · ${l.id}`, l) }, '{ }')))))));
  }

  let before = null;
  async function load() {
    if (stopped) return;
    try {
      const logs = await api.triggers.jobLogs(trigger.id, { signal: request.signal });
      if (stopped) return;
      if (before === null) before = expectRun ? -1 : logs.length;
      if (waiting && logs.length && (expectRun || logs.length > before)) waiting = false;
      draw(logs);
      const running = logs.some((l) => l.executionStatus === 'RUNNING');
      if (running || waiting || soon()) timer = setTimeout(load, REFRESH_MS);
      else if (trigger.nextFireTime) timer = setTimeout(load, IDLE_REFRESH_MS);
    } catch (err) {
      if (err.kind !== 'cancelled' && !stopped) rows.replaceChildren(errorBox(err, () => load()));
    }
  }

  function stop() {
    stopped = true;
    clearTimeout(timer);
    request.abort();
  }

  load();
  return { el, stop };
}
