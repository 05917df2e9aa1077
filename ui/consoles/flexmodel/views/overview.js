// The FlexModel Overview: the platform counters as cards that open their screens; live charts
// of CPU, heap, threads, disk and network interfaces sampled from the console at the interval
// the user picks (remembered), the last N samples kept in a fixed ring that outlives the screen;
// the runtime's details; the API call trend with the top APIs.
//
// Polling: one request in flight at most (the next is timed from the answer), none while the
// screen is left or the window hidden; coming back writes a gap so the lines break over the
// time not sampled. A failed read shows its error and polling goes on at its interval.
import { api } from '../api.js';
import { h, setText } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { errorBox } from '../../../components/dialog.js';
import { facts } from '../../../components/list-view.js';
import { SampleRing } from './overview/ring.js';
import { liveCharts } from './overview/charts.js';
import { trendCard } from './overview/trend.js';
import '../strings/overview.js';

export const INTERVALS = [0, 3, 10, 30];
export const KEEPS = [30, 60, 120];
const INTERVAL_KEY = 'fm.overview.interval';
const KEEP_KEY = 'fm.overview.keep';

/** The ring's columns after time, read from a sample's summary. */
const COLUMNS = [
  (s) => s.systemCpuLoad, (s) => s.processCpuLoad, (s) => s.heapUsagePercentage,
  (s) => s.threadCount, (s) => s.daemonThreadCount, (s) => s.diskUsagePercentage,
  (s) => s.upNetworkInterfaces, (s) => s.totalNetworkInterfaces,
];

// The samples outlive the screen (coming back shows them, after a gap), one ring per profile
// and project; only the last place's is kept.
let kept = { key: null, ring: null };

function remembered(key, allowed, fallback) {
  const v = Number(localStorage.getItem(key));
  return allowed.includes(v) && localStorage.getItem(key) !== null ? v : fallback;
}

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const shown = (v, digits = 0) => (num(v) === null ? t('common.none') : num(v).toFixed(digits));

function uptime(ms) {
  if (num(ms) === null) return null;
  const m = Math.floor(ms / 60000);
  const [d, hh, mm] = [Math.floor(m / 1440), Math.floor((m % 1440) / 60), m % 60];
  if (d) return t('fm.overview.days', { d, h: hh });
  return hh ? t('fm.overview.hours', { h: hh, m: mm }) : t('fm.overview.minutes', { m: mm });
}

/** Sets `el.dataset[key]` only when it differs (an attribute write restyles the element). */
function setData(el, key, value) {
  if (el.dataset[key] !== value) el.dataset[key] = value;
}

function runtimePairs(s) {
  const join = (...xs) => xs.filter((x) => x !== null && x !== undefined && x !== '').join(' ');
  return [
    [t('fm.overview.jvmName'), join(s.jvmName, s.jvmVersion, s.jvmVendor ? `(${s.jvmVendor})` : '')],
    [t('fm.overview.uptime'), uptime(s.uptime)],
    [t('fm.overview.heap'), t('fm.overview.heapNow', { used: shown(s.heapUsedMB), max: shown(s.heapMaxMB) })],
    [t('fm.overview.gc'), num(s.totalGcCount) === null ? null : t('fm.overview.gcValue', { count: s.totalGcCount, time: shown(s.totalGcTime) })],
    [t('fm.overview.threads'), t('fm.overview.threadsValue', { now: shown(s.threadCount), peak: shown(s.peakThreadCount), daemon: shown(s.daemonThreadCount) })],
    [t('fm.overview.classes'), s.loadedClassCount],
    [t('fm.overview.os'), join(s.osName, s.osVersion, s.osArch)],
    [t('fm.overview.cpus'), s.availableProcessors],
    [t('fm.overview.host'), join(s.hostName, s.hostAddress ? `(${s.hostAddress})` : '')],
    [t('fm.overview.disk'), t('fm.overview.diskValue', { usable: shown(s.diskUsableSpaceGB, 1), total: shown(s.diskTotalSpaceGB, 1), percent: shown(s.diskUsagePercentage, 1) })],
  ];
}

/**
 * The runtime's details in `box`: the list made at the first sample, after which a poll
 * rewrites only the values that changed (most never do; the uptime once a minute).
 */
function runtimeFacts(box) {
  let cells = null;
  const text = (v) => (v === undefined || v === null || v === '' ? t('common.none') : String(v));
  return (s) => {
    const pairs = runtimePairs(s);
    if (!cells) {
      const list = facts(pairs);
      box.replaceChildren(list);
      cells = [...list.querySelectorAll('dd')];
      return;
    }
    pairs.forEach(([, v], i) => setText(cells[i], text(v)));
  };
}

export function overviewView(ctx, params = {}) {
  let interval = remembered(INTERVAL_KEY, INTERVALS, 3);
  let keep = remembered(KEEP_KEY, KEEPS, 30);
  const place = `${ctx.profileId?.() ?? ''}|${document.getElementById('project-switch')?.value ?? ''}`;
  if (kept.key !== place) kept = { key: place, ring: new SampleRing(COLUMNS.length, keep) };
  const ring = kept.ring;
  if (ring.capacity !== keep) ring.resize(keep);

  let left = false;
  let timer = 0;
  let inFlight = null;
  let failed = false;
  let lastSummary = null;
  let polls = 0; // requests answered since the screen opened (the benchmark reads it)
  // Was sampling stopped since the last sample (screen left, hidden, off)? Then a gap first.
  let stopped = ring.count > 0;

  // The cards.
  const card = (id, route, label) => {
    const value = h('span', { class: 'stat-value' }, '–');
    const sub = h('span', { class: 'ov-stat-sub muted' });
    const el = h('button', { class: 'card stat ov-stat', dataset: { stat: id }, 'aria-label': t('fm.overview.open', { screen: t(`nav.fm.${route}`) }), onclick: () => ctx.go(route) },
      h('span', { class: 'stat-label' }, label), value, sub);
    return { el, value, sub };
  };
  const cards = {
    apis: card('apis', 'apis', t('fm.overview.apis')),
    flows: card('flows', 'flows', t('fm.overview.flows')),
    schedules: card('schedules', 'triggers', t('fm.overview.schedules')),
    data: card('data', 'datasources', t('fm.overview.data')),
  };
  const cardsError = h('div', { class: 'ov-cards-error' });
  function showCounters(fm) {
    if (!fm) return;
    const set = (c, value, sub, data) => {
      setText(c.value, String(value ?? 0));
      setText(c.sub, sub);
      for (const [k, v] of Object.entries(data)) setData(c.el, k, String(v));
    };
    set(cards.apis, fm.customApiCount, t('fm.overview.apisSub', { requests: fm.requestCount ?? 0 }), { count: fm.customApiCount ?? 0 });
    set(cards.flows, fm.flowDefCount, t('fm.overview.flowsSub', { runs: fm.flowExecCount ?? 0 }), { count: fm.flowDefCount ?? 0 });
    set(cards.schedules, fm.triggerTotalCount, t('fm.overview.schedulesSub', { ok: fm.jobSuccessCount ?? 0, failed: fm.jobFailureCount ?? 0 }), { count: fm.triggerTotalCount ?? 0 });
    set(cards.data, fm.modelCount, t('fm.overview.dataSub', { datasources: fm.dataSourceCount ?? 0, models: fm.modelCount ?? 0 }), { count: fm.modelCount ?? 0, datasources: fm.dataSourceCount ?? 0 });
  }

  // The live charts and their controls.
  const charts = liveCharts([
    { id: 'cpu', title: t('fm.overview.cpu'), unit: '%', max: 100, series: [{ label: t('fm.overview.systemCpu'), column: 1, color: '--accent' }, { label: t('fm.overview.processCpu'), column: 2, color: '--ok' }] },
    { id: 'memory', title: t('fm.overview.memory'), unit: '%', max: 100, series: [{ label: t('fm.overview.heapPercent'), column: 3, color: '--busy' }] },
    { id: 'threads', title: t('fm.overview.threads'), unit: '', series: [{ label: t('fm.overview.threadsLive'), column: 4, color: '--accent' }, { label: t('fm.overview.threadsDaemon'), column: 5, color: '--muted' }] },
    { id: 'disk', title: t('fm.overview.disk'), unit: '%', max: 100, series: [{ label: t('fm.overview.diskUsed'), column: 6, color: '--danger' }] },
    { id: 'network', title: t('fm.overview.network'), unit: '', series: [{ label: t('fm.overview.netUp'), column: 7, color: '--ok' }, { label: t('fm.overview.netTotal'), column: 8, color: '--muted' }] },
  ]);
  const latest = (spec) => {
    const s = lastSummary;
    if (!s) return '';
    if (spec.id === 'memory') return `${shown(s.heapUsagePercentage, 1)} % · ${t('fm.overview.heapNow', { used: shown(s.heapUsedMB), max: shown(s.heapMaxMB) })}`;
    return spec.series.map((x) => `${x.label} ${shown(COLUMNS[x.column - 1](s), spec.unit === '%' ? 1 : 0)}${spec.unit === '%' ? ' %' : ''}`).join(' · ');
  };
  const status = h('span', { class: 'muted ov-status', id: 'overview-status', role: 'status' });
  const liveError = h('div', { class: 'ov-live-error', id: 'overview-error' });
  const chartsBox = h('div', { class: 'ov-charts', id: 'overview-charts' }, charts.el);
  const intervalSelect = h('select', { class: 'input', id: 'overview-interval', 'aria-label': t('fm.overview.interval') },
    INTERVALS.map((s) => h('option', { value: String(s) }, s ? t('fm.overview.every', { s }) : t('fm.overview.off'))));
  intervalSelect.value = String(interval);
  const keepSelect = h('select', { class: 'input', id: 'overview-keep', 'aria-label': t('fm.overview.keep') },
    KEEPS.map((n) => h('option', { value: String(n) }, t('fm.overview.samplesN', { n }))));
  keepSelect.value = String(keep);
  const runtime = h('div', { class: 'ov-runtime', id: 'overview-runtime' }, h('p', { class: 'muted' }, t('common.loading')));
  const showRuntime = runtimeFacts(runtime);

  function mark() {
    setData(chartsBox, 'samples', String(ring.samples()));
    setData(chartsBox, 'gaps', String(ring.gaps()));
  }

  function draw() {
    mark();
    if (ring.count) charts.update(ring.columns(), latest);
    showStatus();
  }

  function showStatus() {
    const time = ring.count ? new Date(ring.lastTime() * 1000).toLocaleTimeString() : '';
    const what = !interval ? t('fm.overview.paused')
      : document.hidden ? t('fm.overview.hidden')
        : ring.samples() ? t('fm.overview.sampled', { n: ring.samples(), time }) : t('fm.overview.waiting');
    setText(status, what);
    setData(chartsBox, 'polling', String(!!timer || !!inFlight));
  }

  async function sample() {
    timer = 0;
    if (left || !interval || document.hidden || inFlight) return;
    const began = performance.now();
    const mine = (inFlight = new AbortController());
    const now = Date.now() / 1000;
    // After a pause longer than the interval allows, a gap: the line must not cross it.
    if (stopped && now - ring.lastTime() > interval * 1.5) ring.gap(now - 0.001);
    stopped = false;
    try {
      const answer = await api.metrics.sample({ signal: mine.signal });
      if (inFlight !== mine) return;
      const s = answer?.summary || {};
      lastSummary = s;
      ring.push(Date.now() / 1000, COLUMNS.map((col) => num(col(s))));
      showCounters(answer?.fm);
      showRuntime(s);
      if (failed) liveError.replaceChildren();
      failed = false;
    } catch (err) {
      if (err.kind === 'cancelled' || inFlight !== mine) return;
      // The line breaks where the sample is missing; the error stays until one comes back.
      ring.gap(Date.now() / 1000);
      failed = true;
      liveError.replaceChildren(errorBox(err));
    } finally {
      if (inFlight === mine) inFlight = null;
    }
    polls += 1;
    chartsBox.dataset.polls = String(polls);
    draw();
    schedule(Math.max(0, interval * 1000 - (performance.now() - began)));
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = 0;
    if (left || !interval || document.hidden) { showStatus(); return; }
    timer = setTimeout(sample, delay);
    showStatus();
  }

  function stop() {
    clearTimeout(timer);
    timer = 0;
    inFlight?.abort();
    inFlight = null;
    if (ring.count) stopped = true;
    showStatus();
  }

  intervalSelect.addEventListener('change', () => {
    interval = Number(intervalSelect.value);
    localStorage.setItem(INTERVAL_KEY, String(interval));
    if (!interval) stop();
    else if (!inFlight) schedule(0);
  });
  keepSelect.addEventListener('change', () => {
    keep = Number(keepSelect.value);
    localStorage.setItem(KEEP_KEY, String(keep));
    ring.resize(keep);
    draw();
  });
  const visibility = () => {
    if (document.hidden) stop();
    else schedule(0);
  };
  document.addEventListener('visibilitychange', visibility);
  const dark = matchMedia('(prefers-color-scheme: dark)');
  const theme = () => { charts.remake(); trend.remake(); };
  dark.addEventListener('change', theme);

  const trend = trendCard({
    load: (range, options) => api.apiLogs.stat(range, options),
    initial: params,
    onChange: (p) => ctx.setParams(p),
  });

  const el = h('section', { class: 'screen ov-screen' },
    h('div', { class: 'screen-head' }, h('h1', {}, t('nav.fm.overview')), h('span', { class: 'muted' }, t('fm.overview.intro'))),
    h('div', { class: 'stats ov-stats', id: 'overview-cards' }, Object.values(cards).map((c) => c.el)),
    cardsError,
    h('section', { class: 'card ov-live' },
      h('div', { class: 'ov-card-head' }, h('h2', {}, t('fm.overview.live')), status,
        h('div', { class: 'toolbar' }, h('label', { class: 'ov-control' }, t('fm.overview.interval'), intervalSelect),
          h('label', { class: 'ov-control' }, t('fm.overview.keep'), keepSelect))),
      liveError, chartsBox, h('p', { class: 'muted ov-note' }, t('fm.overview.gapNote'))),
    h('div', { class: 'ov-lower' },
      h('section', { class: 'card ov-runtime-card' }, h('h2', {}, t('fm.overview.jvm')), runtime),
      trend.el));
  el.addEventListener('screen-leave', () => {
    left = true;
    stop();
    document.removeEventListener('visibilitychange', visibility);
    dark.removeEventListener('change', theme);
    charts.destroy();
    trend.destroy();
  });

  mark();
  // The counters at once (the sample brings them again with each poll), the charts drawn
  // from what was kept, then sampling.
  api.metrics.fm().then(showCounters, (err) => cardsError.replaceChildren(h('div', { class: 'card' }, errorBox(err))));
  requestAnimationFrame(() => {
    if (left) return;
    draw();
    trend.reload();
    if (interval) schedule(0);
  });
  return el;
}
