// The FlexModel low-code console in the window: its screens, the header's scope (the
// project), and the links between its screens (a model's records, a datasource's models…).
import { datasourcesView } from './views/datasources.js';
import { modelsView } from './views/models.js';
import { recordsView } from './views/records.js';
import { nativeQueryView } from './views/native-query.js';
import { graphqlView } from './views/graphql.js';
import { apisView } from './views/apis.js';
import { apiLogsView } from './views/api-logs.js';
import { scopePickers } from './scope.js';
import './strings.js';

export const flexmodel = {
  kind: 'flexmodel',
  routes: {
    datasources: ['nav.fm.datasources', datasourcesView],
    models: ['nav.fm.models', modelsView],
    records: ['nav.fm.records', recordsView],
    native: ['nav.fm.native', nativeQueryView],
    graphql: ['nav.fm.graphql', graphqlView],
    apis: ['nav.fm.apis', apisView],
    logs: ['nav.fm.logs', apiLogsView],
  },
  home: 'models',
  scopePickers,
  /** What this console's screens open in one another, over the shell's `ctx`. */
  links: (ctx) => ({
    openModels: (datasource, model) => ctx.go('models', { ds: datasource, ...(model ? { model } : {}) }),
    openRecords: (datasource, model) => ctx.go('records', { ds: datasource, model }),
  }),
  start: () => {},
  relabel: () => {},
};
