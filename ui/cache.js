// What the session has already shown: the answers of read commands, kept a few minutes so a
// screen or a detail comes back at once (and then refreshes quietly). A write to a resource
// forgets that resource's answers and those it changes; a new session or scope forgets all.

const TTL_MS = 5 * 60 * 1000;
const MAX_ENTRIES = 300;

/** Commands that only read. Everything else is a write. */
const READS = new Set([
  'companies_list', 'departments_tree', 'users_me',
  'packages_list', 'packages_get', 'queues_list', 'queues_get', 'robots_list', 'robots_get',
  'workflows_list', 'workflows_get', 'workflows_robots', 'workflows_upgrade_preview',
  'workflow_layouts_list', 'workflow_layouts_get', 'runs_list',
]);

/** Commands that change nothing on the console (and so forget nothing). */
const NEUTRAL = new Set([
  'app_version', 'request_cancel', 'session_current', 'profiles_list', 'profiles_startup',
  'publish_offer', 'publish_cancel', 'arguments_compare',
]);

/** A write's command prefix, and the answers it makes stale. */
const WRITES = [
  ['workflow_layouts_', ['workflow_layouts_', 'workflows_', 'runs_']],
  ['workflows_', ['workflows_', 'runs_']],
  ['packages_', ['packages_', 'workflows_']],
  ['publish_', ['packages_', 'workflows_']],
  ['queues_', ['queues_', 'robots_', 'workflows_']],
];

const entries = new Map();
// Bumped by every forget: an answer that set out before it is not kept.
let epoch = 0;

const keyOf = (command, args) => `${command} ${JSON.stringify(args)}`;

export const isRead = (command) => READS.has(command);

/** The remembered answer, if any and still fresh. */
export function peek(command, args) {
  const key = keyOf(command, args);
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (Date.now() - entry.at > TTL_MS) {
    entries.delete(key);
    return undefined;
  }
  return entry.value;
}

/** Call before sending a read; pass the result to `remember` with the answer. */
export const ticket = () => epoch;

export function remember(command, args, value, since) {
  if (since !== epoch) return;
  const key = keyOf(command, args);
  entries.delete(key);
  entries.set(key, { value, at: Date.now() });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value);
}

/** After a command that is not a read: forgets what it may have changed. */
export function wrote(command) {
  if (NEUTRAL.has(command)) return;
  epoch += 1;
  const rule = WRITES.find(([prefix]) => command.startsWith(prefix));
  if (!rule) {
    entries.clear();
    return;
  }
  for (const key of [...entries.keys()]) {
    if (rule[1].some((prefix) => key.startsWith(prefix))) entries.delete(key);
  }
}
