// A WebDriver script of scripts/bench (flexmodel_window.rs says what it does): a function body.
const [action] = arguments;
const done = arguments[arguments.length - 1];
const bench = window.__fmBench;
const content = document.getElementById('content');
const shown = () => [...document.querySelectorAll('#records-grid tbody tr[data-id]')].map((r) => r.dataset.id);
const before = shown().join(',');
let t0 = 0, finished = false;
const finish = (result) => { finished = true; seen.disconnect(); bench.onAnswer = null; done(result); };
const check = () => {
  if (finished) return;
  const answered = bench.calls.filter((c) => c.sent >= t0 && c.answered);
  const call = answered[answered.length - 1];
  const ids = shown();
  if (!call || !ids.length || ids.join(',') === before) return;
  finished = true;
  const dom = performance.now();
  void document.body.offsetHeight;
  const laid = performance.now();
  requestAnimationFrame(() => {
    const frame = performance.now();
    setTimeout(() => {
      const painted = performance.now();
      call.parsed.then(() => finish({
        painted: painted - t0, sent: call.sent - t0, answered: call.answered - t0,
        dom: dom - t0, laid: laid - t0, frame: frame - t0,
        calls: bench.calls.filter((c) => c.sent >= t0).length, args: call.args, ids, answer: call.ids,
      }));
    }, 0);
  });
};
const seen = new MutationObserver(check);
seen.observe(content, { childList: true, subtree: true, attributes: true, characterData: true });
bench.onAnswer = check;
setTimeout(() => finished || finish({ error: `no new rows in #records-grid within 25 s (screen: ${content.dataset.screen}, rows: ${shown().length}, records_list calls: ${bench.calls.filter((c) => c.sent >= t0).length})` }), 25000);
if (action === 'visit') {
  t0 = performance.now();
  location.hash = '#/records?ds=system&model=Product';
} else {
  const el = document.querySelector(action);
  el.scrollIntoView({ block: 'center' });
  const box = el.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  t0 = performance.now();
  (hit && el.contains(hit) ? hit : el).click();
}
