// The FlexModel low-code console in the window: its screens, the header's scope (the
// project), and the links between its screens (a model's records, a datasource's models…).
import { datasourcesView } from './views/datasources.js';
import { modelsView } from './views/models.js';
import { recordsView } from './views/records.js';
import { nativeQueryView } from './views/native-query.js';
import { graphqlView } from './views/graphql.js';
import { apisView } from './views/apis.js';
import { apiLogsView } from './views/api-logs.js';
import { overviewView } from './views/overview.js';
import { flowsView } from './views/flows.js';
import { instancesView } from './views/instances.js';
import { triggersView } from './views/triggers.js';
import { jobLogsView } from './views/job-logs.js';
import { codegenView } from './views/codegen.js';
import { scopePickers } from './scope.js';
import './strings.js';

export const flexmodel = {
  kind: 'flexmodel',
  routes: {
    overview: ['nav.fm.overview', overviewView],
    datasources: ['nav.fm.datasources', datasourcesView],
    models: ['nav.fm.models', modelsView],
    records: ['nav.fm.records', recordsView],
    native: ['nav.fm.native', nativeQueryView],
    graphql: ['nav.fm.graphql', graphqlView],
    apis: ['nav.fm.apis', apisView],
    logs: ['nav.fm.logs', apiLogsView],
    flows: ['nav.fm.flows', flowsView],
    instances: ['nav.fm.instances', instancesView],
    triggers: ['nav.fm.triggers', triggersView],
    jobs: ['nav.fm.jobs', jobLogsView],
    codegen: ['nav.fm.codegen', codegenView],
  },
  home: 'models',
  scopePickers,
  /** What this console's screens open in one another, over the shell's `ctx`. */
  links: (ctx) => ({
    openModels: (datasource, model) => ctx.go('models', { ds: datasource, ...(model ? { model } : {}) }),
    openRecords: (datasource, model) => ctx.go('records', { ds: datasource, model }),
    openFlow: (id) => ctx.go('flows', { flow: id }),
    openInstances: (flowModuleId) => ctx.go('instances', flowModuleId ? { flow: flowModuleId } : {}),
    openInstance: (id) => ctx.go('instances', { instance: id }),
    openTriggers: (flowModuleId) => ctx.go('triggers', flowModuleId ? { flow: flowModuleId } : {}),
    openJobLogs: (params) => ctx.go('jobs', params ?? {}),
  }),
  start: () => {},
  relabel: () => {},
};
