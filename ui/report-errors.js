// Errors of the window's own code (uncaught exceptions, rejected promises nobody handled) go
// to the app's log file, where a bug report finds them. Imported first by app.js, so that it
// listens before any other module runs. At most a few dozen per launch: a loop that throws on
// every frame must not fill the log.
const LIMIT = 50;
let sent = 0;

function report(kind, message, stack) {
  if (sent >= LIMIT) return;
  sent += 1;
  const invoke = window.__TAURI__?.core?.invoke;
  if (!invoke) return;
  invoke('app_webview_error', { kind, message: String(message), stack: stack ? String(stack) : null })
    .catch(() => {});
}

window.addEventListener('error', (e) => {
  const where = e.filename ? ` (${e.filename}:${e.lineno}:${e.colno})` : '';
  report('exception', `${e.message}${where}`, e.error?.stack);
});

window.addEventListener('unhandledrejection', (e) => {
  const reason = e.reason;
  const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : (reason?.message ?? JSON.stringify(reason) ?? String(reason));
  report('rejection', message, reason?.stack);
});
