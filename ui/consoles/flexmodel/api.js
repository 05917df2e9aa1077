// The FlexModel console's commands, as the screens call them: `api.records.list(ds, model,
// query)` and the rest, from the app's declaration; plus the native file dialogs.
import { commandsOf, rememberedThenFresh, pickFiles } from '../../api.js';

const tauri = window.__TAURI__;

export const api = commandsOf('flexmodel');

/** The native save dialog; resolves with the chosen path, or null when dismissed. */
export async function pickSavePath(options) {
  return (await tauri?.dialog?.save(options)) || null;
}

export { rememberedThenFresh, pickFiles };
