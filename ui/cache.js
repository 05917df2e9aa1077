// What the session has already shown: the answers of read commands, kept a few minutes so a
// screen or a detail comes back at once (and then refreshes quietly). Which commands read and
// what each write makes stale come from the app's declaration (`commands.js`): a write forgets
// the answers of the commands it names; a change of session, scope or profile forgets all.
import { COMMANDS } from './commands.js';

const TTL_MS = 5 * 60 * 1000;
const MAX_ENTRIES = 300;

const declared = new Map(COMMANDS.map((c) => [c.name, c]));

const entries = new Map();
// Bumped by every forget: an answer that set out before it is not kept.
let epoch = 0;

const keyOf = (command, args) => `${command} ${JSON.stringify(args)}`;

export const isRead = (command) => declared.get(command)?.effect === 'read';

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
  const c = declared.get(command);
  if (c?.effect === 'neutral') return;
  epoch += 1;
  // A command the declaration does not know is treated as changing everything.
  if (!c || c.forgets === '*') {
    entries.clear();
    return;
  }
  for (const key of [...entries.keys()]) {
    if (c.forgets.some((prefix) => key.startsWith(prefix))) entries.delete(key);
  }
}

/** Forgets every remembered answer (a refresh asked for by the user: F5, Ctrl/⌘-R). */
export function forgetReads() {
  epoch += 1;
  entries.clear();
}
