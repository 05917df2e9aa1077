// The one module that calls Tauri's invoke. The commands come from the app's declaration
// (`commands.js`, written from Rust): `commandsOf('encoo')` gives a console's
// `resource.verb(...args, options?)` functions, `app` the app's own. Errors arrive as
// ApiError {kind, message, status, field}. When the session has expired for good, the sign-in
// dialog (registered by the shell) is shown over the current screen and the call is sent
// again, so the user continues where they were. Reads are remembered for a few minutes
// (`fn.peek(...)` gives the last answer at once) and writes forget what they change; a call
// given an AbortSignal is abandoned on the Rust side too when the signal fires.
import { COMMANDS } from './commands.js';
import { isRead, peek, remember as keepAnswer, ticket, wrote } from './cache.js';

const tauri = window.__TAURI__;
const invoke = tauri?.core?.invoke;

export class ApiError extends Error {
  constructor(body) {
    const b = typeof body === 'object' && body ? body : { kind: 'io', message: String(body) };
    super(b.message || b.kind);
    this.kind = b.kind || 'io';
    this.status = b.status;
    this.field = b.field;
  }
}

let reauthenticate = null;
/** The shell registers how to get a new session: a promise that resolves once signed in. */
export function onSessionExpired(fn) {
  reauthenticate = fn;
}

async function call(command, args = {}, { retryAfterSignIn = true, signal } = {}) {
  if (!invoke) throw new ApiError({ kind: 'io', message: 'ConsoleDesk must run inside its window' });
  const read = isRead(command);
  const since = ticket();
  try {
    const value = await send(command, args, signal);
    if (read) keepAnswer(command, args, value, since);
    return value;
  } catch (raw) {
    const error = raw instanceof ApiError ? raw : new ApiError(raw);
    if (error.kind === 'session_expired' && retryAfterSignIn && reauthenticate) {
      await reauthenticate(error);
      return call(command, args, { retryAfterSignIn: false, signal });
    }
    throw error;
  } finally {
    if (!read) wrote(command);
  }
}

let requestSeq = 0;

/** Invokes; with a signal, an abort rejects at once with `cancelled` and cancels the call. */
function send(command, args, signal) {
  if (!signal) return invoke(command, args);
  const cancelled = () => new ApiError({ kind: 'cancelled', message: 'cancelled' });
  if (signal.aborted) return Promise.reject(cancelled());
  const requestId = `r${Date.now().toString(36)}-${(requestSeq += 1)}`;
  return new Promise((resolve, reject) => {
    const abort = () => {
      invoke('request_cancel', { id: requestId }).catch(() => {});
      reject(cancelled());
    };
    signal.addEventListener('abort', abort, { once: true });
    invoke(command, { ...args, requestId }).then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', abort));
  });
}

/**
 * The last answer of `fetch(...args)` at once when the session has one, else the console's.
 * With a remembered answer, the console is still asked, quietly: `onNewer` hears its answer
 * if it differs. Rejects only when there was nothing to show.
 */
export async function rememberedThenFresh(fetch, args, onNewer) {
  const known = fetch.peek(...args);
  if (known === undefined) return fetch(...args);
  fetch(...args).then((fresh) => {
    if (onNewer && JSON.stringify(fresh) !== JSON.stringify(known)) onNewer(fresh);
  }, () => {});
  return known;
}

/** The native file dialog; resolves with the chosen paths, none when dismissed. */
export async function pickFiles(options) {
  const picked = await tauri?.dialog?.open({ directory: false, ...options });
  if (!picked) return [];
  return Array.isArray(picked) ? picked : [picked];
}

/** An app event from Rust (`publish-offered`, say), heard by `fn`. */
export function listen(event, fn) {
  return tauri?.event?.listen(event, (e) => fn(e.payload));
}

/** A channel Rust streams a command's progress through (an upload's events). */
export function channel(onMessage) {
  const c = new tauri.core.Channel();
  c.onmessage = onMessage;
  return c;
}

/**
 * The declared commands of `console` ('' for the app's own) as `resource.verb(...args,
 * options?)`, arguments in the declared order, and `resource.verb.peek(...args)`.
 */
export function commandsOf(console) {
  const resources = {};
  for (const c of COMMANDS.filter((x) => x.console === console)) {
    const argsOf = (values) => Object.fromEntries(c.args.map((name, i) => [name, values[i]]));
    const fn = (...values) => call(c.name, argsOf(values), values[c.args.length]);
    fn.peek = (...values) => peek(c.name, argsOf(values));
    (resources[c.resource] ||= {})[c.verb] = fn;
  }
  return resources;
}

/** The app's own commands: its version, profiles and the session. */
export const app = commandsOf('');
