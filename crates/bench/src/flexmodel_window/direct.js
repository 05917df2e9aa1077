// A WebDriver script of scripts/bench (flexmodel_window.rs says what it does): a function body.
const [args] = arguments;
const done = arguments[arguments.length - 1];
const bench = window.__fmBench;
const { requestId, ...plain } = args;
bench.quiet = true;
const s = performance.now();
window.__TAURI__.core.invoke('flexmodel_records_list', plain).then(
  (page) => { bench.quiet = false; done({ ms: performance.now() - s, rows: ((page && page.list) || []).length }); },
  (e) => { bench.quiet = false; done({ error: String((e && e.message) || JSON.stringify(e)) }); });
