// A WebDriver script of scripts/bench (flexmodel_window.rs says what it does): a function body.
if (!window.__fmBench) {
  const bench = { calls: [], quiet: false, onAnswer: null };
  const original = window.fetch;
  window.fetch = function (input, init) {
    const answer = original.apply(this, arguments);
    const url = String((input && input.url) || input);
    if (bench.quiet || !url.endsWith('/flexmodel_records_list')) return answer;
    const call = { sent: performance.now(), answered: 0, args: null, ids: null };
    try { call.args = JSON.parse(init.body); } catch (_) { call.args = null; }
    call.parsed = answer.then((response) => {
      call.answered = performance.now();
      if (bench.onAnswer) setTimeout(bench.onAnswer, 0);
      return response.clone().json();
    }).then((page) => { call.ids = ((page && page.list) || []).map((r) => String(r.id)); },
      () => { call.ids = []; });
    bench.calls.push(call);
    return answer;
  };
  window.__fmBench = bench;
}
return true;
