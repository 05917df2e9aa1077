// The Encoo console's commands, as the screens call them: `api.workflows.list(query)` and the
// rest, from the app's declaration; publishing adds its events, its progress channel and the
// native file dialog.
import { commandsOf, rememberedThenFresh, pickFiles, listen, channel, ApiError } from '../../api.js';

const encoo = commandsOf('encoo');

export const api = {
  ...encoo,
  publish: {
    /** Hands paths (from the file dialog) to the panel, as an OS drop does. */
    offer: encoo.publish.offer,
    /** Uploads one file; onEvent hears queued, started, progress…, then done/failed/cancelled. */
    upload: (uploadId, path, onEvent) => encoo.publish.upload(uploadId, path, channel(onEvent)),
    cancel: encoo.publish.cancel,
    /** Files offered by a drop or the dialog, already inspected. */
    onOffered: (fn) => listen('publish-offered', fn),
    onError: (fn) => listen('publish-error', (body) => fn(new ApiError(body))),
    /** The native file dialog, for .dgs files; resolves with paths (maybe none). */
    pick: (title) => pickFiles({ title, multiple: true, filters: [{ name: 'Encoo package (.dgs)', extensions: ['dgs'] }] }),
  },
};

export { rememberedThenFresh };
