// The one module that calls Tauri's invoke. Every screen goes through `api`; errors arrive as
// ApiError {kind, message, status, field}. When the session has expired for good, the
// sign-in dialog (registered by the app) is shown over the current screen and the call is
// sent again, so the user continues where they were. Reads are remembered for a few minutes
// (`fn.peek(...)` gives the last answer at once) and writes forget what they change; a call
// given an AbortSignal is abandoned on the Rust side too when the signal fires.
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
/** The app registers how to get a new session: a promise that resolves once signed in. */
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
      invoke('request_cancel', { requestId }).catch(() => {});
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

/** `resource.verb(...params, options?)`, and `resource.verb.peek(...params)` for the last answer. */
const resource = (name, verbs) =>
  Object.fromEntries(verbs.map(([verb, params]) => {
    const command = `${name}_${verb.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
    const argsOf = (values) => Object.fromEntries(params.map((p, i) => [p, values[i]]));
    const fn = (...values) => call(command, argsOf(values), values[params.length]);
    fn.peek = (...values) => peek(command, argsOf(values));
    return [verb, fn];
  }));

export const api = {
  version: () => call('app_version'),
  profiles: resource('profiles', [['list', []], ['save', ['profile']], ['remove', ['id']], ['startup', []]]),
  session: {
    signIn: (id, password, remember) => call('session_sign_in', { id, password, remember }, { retryAfterSignIn: false }),
    current: () => call('session_current', {}, { retryAfterSignIn: false }),
    signOut: (id) => call('session_sign_out', { id }),
    setScope: (companyId, departmentId) => call('scope_set', { companyId, departmentId }),
  },
  companies: resource('companies', [['list', []]]),
  departments: resource('departments', [['tree', []]]),
  users: resource('users', [['me', []]]),
  packages: resource('packages', [['list', ['query']], ['get', ['id']], ['update', ['id', 'update']], ['delete', ['id']]]),
  queues: resource('queues', [['list', ['query']], ['get', ['id']], ['create', ['create']], ['update', ['id', 'update']], ['delete', ['id']]]),
  robots: resource('robots', [['list', ['query']], ['get', ['id']]]),
  workflows: resource('workflows', [
    ['list', ['query']], ['get', ['id']], ['create', ['create']], ['update', ['id', 'update']], ['delete', ['id']],
    ['execute', ['id', 'request']], ['robots', ['id']], ['addRobots', ['id', 'robotIds']],
    ['removeRobot', ['id', 'robotId']], ['upgrade', ['ids']], ['upgradePreview', ['ids']],
  ]),
  /** What a version change keeps, adds and drops of a workflow's arguments (said in Rust). */
  arguments: resource('arguments', [['compare', ['current', 'next']]]),
  /** The runs started from this app, kept on this computer. */
  runs: resource('runs', [['list', ['filter']]]),
  publish: {
    /** Hands paths (from the file dialog) to the panel, as an OS drop does. */
    offer: (paths) => call('publish_offer', { paths }),
    /** Uploads one file; onEvent hears queued, started, progress…, then done/failed/cancelled. */
    upload: (uploadId, path, onEvent) => {
      const channel = new tauri.core.Channel();
      channel.onmessage = onEvent;
      return call('publish_upload', { uploadId, path, onEvent: channel });
    },
    cancel: (uploadId) => call('publish_cancel', { uploadId }),
    /** Files offered by a drop or the dialog, already inspected. */
    onOffered: (fn) => tauri?.event?.listen('publish-offered', (e) => fn(e.payload)),
    onError: (fn) => tauri?.event?.listen('publish-error', (e) => fn(new ApiError(e.payload))),
    /** The native file dialog, for .dgs files; resolves with paths (maybe none). */
    pick: (title) => pickFiles({ title, multiple: true, filters: [{ name: 'Encoo package (.dgs)', extensions: ['dgs'] }] }),
  },
  layouts: resource('workflow_layouts', [['list', ['query']], ['get', ['id']], ['execute', ['id']]]),
};
