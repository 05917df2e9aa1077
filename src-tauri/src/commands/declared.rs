//! Every command, once: `console resource verb: effect fn name(args) -> Out { body }`. A body
//! is one line over `desk_core::Desk` (profiles, sessions, publishing, runs) or the active
//! session's console client. A write names the answers it makes stale by command prefix.

use std::collections::BTreeMap;
use std::path::PathBuf;

use desk_core::flexmodel_filter::FilterRows;
use desk_core::{
    Candidate, PresetInfo, Profile, PublishEvent, RunFilter, RunPage, SessionInfo, SetAside,
};
use encoo_api::{
    Argument, ArgumentChanges, BatchUpgradeResult, Behind, Company, CurrentUser, DepartmentTree,
    ExecuteRequest, Job, JobGroup, ListQuery, Package, PackageQuery, PackageUpdate, Page, Queue,
    QueueCreate, QueueUpdate, Robot, RobotLink, UpgradePreview, Workflow, WorkflowCreate,
    WorkflowLayout, WorkflowUpdate,
};
use flexmodel_api::{
    ApiAnswer, ApiCall, ApiDefinition, ApiLog, ApiLogQuery, ApiLogStat, Datasource,
    ElementInstance, Field, FlowCreate, FlowCreated, FlowDeployed, FlowInstance, FlowModule,
    FlowModuleDetail, FlowQuery, GenerateApis, GraphqlRequest, ImportType, Index, InstanceQuery,
    JobLog, Model, NativeQueryAnswer, PageRequest, Project, RecordQuery, RunResult, Trigger,
    TriggerConfig, UserTask, ValidateAnswer,
};
use serde_json::Value;
use tauri::ipc::Channel;

commands! {
    with(app, desk, requests);

    // The app itself: its version (also the cheapest command there is: the IPC benchmark
    // calls it) and abandoning a request the UI no longer waits for.
    app app version: neutral fn app_version() -> &'static str { Ok(env!("CARGO_PKG_VERSION")) }
    // An uncaught exception or unhandled rejection in the window, for the log file.
    app app webview_error: neutral fn app_webview_error(kind: String, message: String, stack: Option<String>) -> () {
        crate::logging::webview_error(&kind, &message, stack.as_deref());
        Ok(())
    }
    app request cancel: neutral fn request_cancel(id: String) -> bool { Ok(requests.cancel(&id)) }

    // The app's settings (`settings.json`), its log folder and its updates: all from Rust, so
    // the page needs no plugin permission.
    app app settings_get: neutral fn app_settings_get() -> desk_core::settings::Settings { Ok(crate::settings::get(&app)) }
    app app settings_save: neutral fn app_settings_save(settings: desk_core::settings::Settings) -> desk_core::settings::Settings {
        crate::settings::save(&app, settings)
    }
    app app open_log_folder: neutral fn app_open_log_folder() -> () { crate::settings::open_log_folder(&app) }
    app app check_update: neutral fn app_check_update() -> crate::updater::UpdateCheck { crate::updater::check(&app).await }
    app app install_update: neutral fn app_install_update() -> () { crate::updater::install(&app).await }

    // Profiles and the session.
    app profiles list: neutral fn profiles_list() -> Vec<Profile> { Ok(desk.profiles()) }
    app profiles save: write(*) fn profiles_save(profile: Profile, proxy_password: Option<String>) -> Profile {
        desk.profile_save_with_proxy_password(profile, proxy_password)
    }
    app profiles remove: write(*) fn profiles_remove(id: String) -> () { desk.profile_remove(&id) }
    // A damaged profiles file set aside at launch (the window says where it went).
    app profiles set_aside: neutral fn profiles_set_aside() -> Option<SetAside> { Ok(desk.profiles_set_aside()) }
    app profiles startup: neutral fn profiles_startup() -> Profile { Ok(desk.startup_profile()) }
    app profiles presets: neutral fn profiles_presets() -> Vec<PresetInfo> { Ok(desk_core::presets()) }
    app session sign_in: write(*) fn session_sign_in(id: String, password: Option<String>, remember: Option<bool>) -> SessionInfo {
        desk.sign_in(&id, password, remember).await
    }
    app session current: neutral fn session_current() -> SessionInfo { desk.session() }
    // Back to a profile already signed in, on its session as it was (no call to its console).
    app session switch: write(*) fn session_switch(id: String) -> SessionInfo { desk.switch_to(&id) }
    app session sign_out: write(*) fn session_sign_out(id: String) -> () { desk.sign_out(&id) }

    // Encoo: the scope (company and department) and the organisation.
    encoo scope set: write(*) fn encoo_scope_set(company_id: String, department_id: String) -> SessionInfo {
        desk.set_scope(&company_id, &department_id).await
    }
    encoo companies list: read fn encoo_companies_list() -> Vec<Company> { Ok(desk.client()?.companies().list(None).await?) }
    encoo departments tree: read fn encoo_departments_tree() -> DepartmentTree { Ok(desk.client()?.departments().tree().await?) }
    encoo users me: read fn encoo_users_me() -> CurrentUser { Ok(desk.client()?.users().me().await?) }

    // Packages, and publishing them from files dropped or picked.
    encoo packages list: read fn encoo_packages_list(query: PackageQuery) -> Page<Package> { Ok(desk.client()?.packages().list(&query).await?) }
    encoo packages get: read fn encoo_packages_get(id: String) -> Package { Ok(desk.client()?.packages().get(&id).await?) }
    encoo packages update: write(encoo_packages, encoo_workflows) fn encoo_packages_update(id: String, update: PackageUpdate) -> Package {
        Ok(desk.client()?.packages().update(&id, &update).await?)
    }
    encoo packages delete: write(encoo_packages, encoo_workflows) fn encoo_packages_delete(id: String) -> () {
        Ok(desk.client()?.packages().delete(&id).await?)
    }
    encoo publish offer: neutral fn encoo_publish_offer(paths: Vec<PathBuf>) -> Vec<Candidate> { crate::publish::offer(&app, paths).await }
    encoo publish upload: write(encoo_packages, encoo_workflows) fn encoo_publish_upload(upload_id: String, path: PathBuf, on_event: Channel<PublishEvent>) -> PublishEvent {
        desk.publish_upload(&upload_id, &path, move |e| { let _ = on_event.send(e); }).await
    }
    encoo publish cancel: neutral fn encoo_publish_cancel(upload_id: String) -> bool { Ok(desk.publish_cancel(&upload_id)) }

    // Robot groups and robots.
    encoo queues list: read fn encoo_queues_list(query: ListQuery) -> Page<Queue> { Ok(desk.client()?.queues().list(&query).await?) }
    encoo queues get: read fn encoo_queues_get(id: String) -> Queue { Ok(desk.client()?.queues().get(&id).await?) }
    encoo queues create: write(encoo_queues, encoo_robots, encoo_workflows) fn encoo_queues_create(create: QueueCreate) -> Queue {
        Ok(desk.client()?.queues().create(&create).await?)
    }
    encoo queues update: write(encoo_queues, encoo_robots, encoo_workflows) fn encoo_queues_update(id: String, update: QueueUpdate) -> Queue {
        Ok(desk.client()?.queues().update(&id, &update).await?)
    }
    encoo queues delete: write(encoo_queues, encoo_robots, encoo_workflows) fn encoo_queues_delete(id: String) -> () {
        Ok(desk.client()?.queues().delete(&id).await?)
    }
    encoo robots list: read fn encoo_robots_list(query: ListQuery) -> Page<Robot> { Ok(desk.client()?.robots().list(&query).await?) }
    encoo robots get: read fn encoo_robots_get(id: String) -> Robot { Ok(desk.client()?.robots().get(&id).await?) }

    // Workflows. A run is kept in the run journal (the console keeps no list of jobs).
    encoo workflows list: read fn encoo_workflows_list(query: ListQuery) -> Page<Workflow> { Ok(desk.client()?.workflows().list(&query).await?) }
    encoo workflows get: read fn encoo_workflows_get(id: String) -> Workflow { Ok(desk.client()?.workflows().get(&id).await?) }
    encoo workflows create: write(encoo_workflows) fn encoo_workflows_create(create: WorkflowCreate) -> Workflow {
        Ok(desk.client()?.workflows().create(&create).await?)
    }
    encoo workflows update: write(encoo_workflows) fn encoo_workflows_update(id: String, update: WorkflowUpdate) -> Workflow {
        Ok(desk.client()?.workflows().update(&id, &update).await?)
    }
    encoo workflows delete: write(encoo_workflows) fn encoo_workflows_delete(id: String) -> () { Ok(desk.client()?.workflows().delete(&id).await?) }
    encoo workflows execute: write(encoo_workflows, encoo_runs) fn encoo_workflows_execute(id: String, request: ExecuteRequest) -> Vec<Job> {
        desk.workflow_execute(&id, &request).await
    }
    encoo workflows robots: read fn encoo_workflows_robots(id: String) -> Page<Robot> { Ok(desk.client()?.workflows().robots(&id).await?) }
    encoo workflows add_robots: write(encoo_workflows) fn encoo_workflows_add_robots(id: String, robot_ids: Vec<String>) -> Vec<RobotLink> {
        Ok(desk.client()?.workflows().add_robots(&id, &robot_ids).await?)
    }
    encoo workflows remove_robot: write(encoo_workflows) fn encoo_workflows_remove_robot(id: String, robot_id: String) -> () {
        Ok(desk.client()?.workflows().remove_robot(&id, &robot_id).await?)
    }
    encoo workflows upgrade: write(encoo_workflows) fn encoo_workflows_upgrade(ids: Vec<String>) -> BatchUpgradeResult {
        Ok(desk.client()?.workflows().upgrade(&ids).await?)
    }
    encoo workflows upgrade_preview: read fn encoo_workflows_upgrade_preview(ids: Vec<String>) -> Vec<UpgradePreview> {
        Ok(desk.client()?.workflows().upgrade_preview(&ids).await?)
    }
    // The package's workflows not on this version (every page), and whether its latest is another.
    encoo workflows behind: read fn encoo_workflows_behind(package_id: String, version_id: String) -> Behind {
        Ok(desk.client()?.workflows().behind(&package_id, &version_id).await?)
    }
    // What moving a workflow from `current` to `next` arguments keeps, adds and drops (no call).
    encoo arguments compare: neutral fn encoo_arguments_compare(current: Vec<Argument>, next: Vec<Argument>) -> ArgumentChanges {
        Ok(encoo_api::compare_arguments(&current, &next))
    }
    // Each field of a body about to be sent that the console would refuse, with its words
    // (encoo-rules', as the client and the sandbox say them); no call.
    encoo rules check: neutral fn encoo_rules_check(fields: encoo_api::rules::Fields) -> BTreeMap<String, String> { Ok(fields.refused()) }

    // Workflow layouts, and the runs this app started.
    encoo workflow_layouts list: read fn encoo_workflow_layouts_list(query: ListQuery) -> Page<WorkflowLayout> {
        Ok(desk.client()?.workflow_layouts().list(&query).await?)
    }
    encoo workflow_layouts get: read fn encoo_workflow_layouts_get(id: String) -> WorkflowLayout { Ok(desk.client()?.workflow_layouts().get(&id).await?) }
    encoo workflow_layouts execute: write(encoo_workflow_layouts, encoo_workflows, encoo_runs) fn encoo_workflow_layouts_execute(id: String) -> JobGroup {
        desk.layout_execute(&id).await
    }
    encoo runs list: read fn encoo_runs_list(filter: RunFilter) -> RunPage { desk.runs(&filter) }

    // FlexModel: the project every call acts in.
    flexmodel project set: write(*) fn flexmodel_project_set(id: String) -> SessionInfo { desk.set_project(&id).await }
    flexmodel projects list: read fn flexmodel_projects_list() -> Vec<Project> { desk.flexmodel_projects().await }

    // FlexModel data sources: connect (test first), the tables to sync into models, edit. The
    // window never gets a connection's password (`config.hasPassword` instead).
    flexmodel datasources list: read fn flexmodel_datasources_list() -> Vec<Datasource> { desk.flexmodel_datasources().await }
    flexmodel datasources create: write(flexmodel_datasources, flexmodel_models, flexmodel_graphql) fn flexmodel_datasources_create(datasource: Datasource) -> Datasource {
        desk.flexmodel_datasource_create(datasource).await
    }
    flexmodel datasources update: write(flexmodel_datasources, flexmodel_models, flexmodel_graphql) fn flexmodel_datasources_update(name: String, datasource: Datasource) -> Datasource {
        desk.flexmodel_datasource_update(&name, datasource).await
    }
    flexmodel datasources delete: write(flexmodel_datasources, flexmodel_models, flexmodel_records, flexmodel_graphql) fn flexmodel_datasources_delete(name: String) -> () {
        Ok(desk.flexmodel()?.datasources().delete(&name).await?)
    }
    flexmodel datasources validate: neutral fn flexmodel_datasources_validate(datasource: Datasource) -> ValidateAnswer {
        desk.flexmodel_datasource_validate(datasource).await
    }
    flexmodel datasources tables: neutral fn flexmodel_datasources_tables(datasource: Datasource) -> Vec<String> {
        desk.flexmodel_datasource_tables(datasource).await
    }
    flexmodel datasources sync: write(flexmodel_models, flexmodel_records, flexmodel_graphql) fn flexmodel_datasources_sync(name: String, tables: Vec<String>) -> Vec<Model> {
        Ok(desk.flexmodel()?.datasources().sync(&name, &tables).await?)
    }
    // A datasource's models from and to a file the native dialogs chose (`format`: IDL or JSON).
    flexmodel datasources import: write(flexmodel_models, flexmodel_records, flexmodel_graphql) fn flexmodel_datasources_import(name: String, format: ImportType, path: PathBuf) -> Value {
        desk.flexmodel_datasources_import(&name, format, &path).await
    }
    flexmodel datasources export: neutral fn flexmodel_datasources_export(name: String, format: ImportType, path: PathBuf) -> Value {
        desk.flexmodel_datasources_export(&name, format, &path).await
    }

    // FlexModel models: entities, enums and native queries; fields, indexes, IDL.
    flexmodel models list: read fn flexmodel_models_list(datasource: String) -> Vec<Model> { Ok(desk.flexmodel()?.models(&datasource).list().await?) }
    flexmodel models get: read fn flexmodel_models_get(datasource: String, name: String) -> Option<Model> {
        Ok(desk.flexmodel()?.models(&datasource).get(&name).await?)
    }
    flexmodel models create: write(flexmodel_models, flexmodel_graphql) fn flexmodel_models_create(datasource: String, model: Model) -> Model {
        Ok(desk.flexmodel()?.models(&datasource).create(&model).await?)
    }
    flexmodel models update: write(flexmodel_models, flexmodel_records, flexmodel_graphql) fn flexmodel_models_update(datasource: String, name: String, model: Model) -> Model {
        Ok(desk.flexmodel()?.models(&datasource).update(&name, &model).await?)
    }
    flexmodel models delete: write(flexmodel_models, flexmodel_records, flexmodel_graphql) fn flexmodel_models_delete(datasource: String, name: String) -> () {
        Ok(desk.flexmodel()?.models(&datasource).delete(&name).await?)
    }
    flexmodel models execute_idl: write(flexmodel_models, flexmodel_graphql) fn flexmodel_models_execute_idl(datasource: String, idl: String) -> Vec<Model> {
        Ok(desk.flexmodel()?.models(&datasource).execute_idl(&idl).await?)
    }
    flexmodel models import: write(flexmodel_models, flexmodel_records, flexmodel_graphql) fn flexmodel_models_import(datasource: String, script: String, kind: ImportType) -> () {
        Ok(desk.flexmodel()?.models(&datasource).import(&script, kind).await?)
    }
    flexmodel fields create: write(flexmodel_models, flexmodel_records, flexmodel_graphql) fn flexmodel_fields_create(datasource: String, model: String, field: Field) -> Field {
        Ok(desk.flexmodel()?.models(&datasource).fields(&model).create(&field).await?)
    }
    flexmodel fields update: write(flexmodel_models, flexmodel_records, flexmodel_graphql) fn flexmodel_fields_update(datasource: String, model: String, name: String, field: Field) -> Field {
        Ok(desk.flexmodel()?.models(&datasource).fields(&model).update(&name, &field).await?)
    }
    flexmodel fields delete: write(flexmodel_models, flexmodel_records, flexmodel_graphql) fn flexmodel_fields_delete(datasource: String, model: String, name: String) -> () {
        Ok(desk.flexmodel()?.models(&datasource).fields(&model).delete(&name).await?)
    }
    flexmodel indexes create: write(flexmodel_models) fn flexmodel_indexes_create(datasource: String, model: String, index: Index) -> Index {
        Ok(desk.flexmodel()?.models(&datasource).indexes(&model).create(&index).await?)
    }
    flexmodel indexes update: write(flexmodel_models) fn flexmodel_indexes_update(datasource: String, model: String, name: String, index: Index) -> Index {
        Ok(desk.flexmodel()?.models(&datasource).indexes(&model).update(&name, &index).await?)
    }
    flexmodel indexes delete: write(flexmodel_models) fn flexmodel_indexes_delete(datasource: String, model: String, name: String) -> () {
        Ok(desk.flexmodel()?.models(&datasource).indexes(&model).delete(&name).await?)
    }

    // FlexModel model forms and the IDL editor: what the console would refuse of a model, field
    // or index (`kind`: model, field, field_update, index, index_update) or of an IDL text, in
    // its words (flexmodel-rules, which the sandbox refuses with), against the datasource's
    // models as the screen has them; and models printed as IDL. No call.
    flexmodel rules check: neutral fn flexmodel_rules_check(datasource: String, models: Vec<Value>, kind: String, value: Value, model: Option<String>) -> BTreeMap<String, String> {
        Ok(flexmodel_rules::check(&kind, &flexmodel_rules::Datasource::new(&datasource, &models), &value, model.as_deref()))
    }
    flexmodel models check_idl: neutral fn flexmodel_models_check_idl(datasource: String, models: Vec<Value>, idl: String) -> flexmodel_rules::IdlCheck {
        Ok(flexmodel_rules::check_idl(&flexmodel_rules::Datasource::new(&datasource, &models), &idl))
    }
    flexmodel models idl: neutral fn flexmodel_models_idl(models: Vec<Value>) -> String { Ok(flexmodel_idl::print_all(&models)) }

    // FlexModel records: pages filtered and sorted on the console; PUT replaces, PATCH changes.
    flexmodel records list: read fn flexmodel_records_list(datasource: String, model: String, query: RecordQuery) -> flexmodel_api::Page<Value> {
        Ok(desk.flexmodel()?.records(&datasource, &model).list(&query).await?)
    }
    flexmodel records get: read fn flexmodel_records_get(datasource: String, model: String, id: String) -> Option<Value> {
        Ok(desk.flexmodel()?.records(&datasource, &model).get(&id).await?)
    }
    flexmodel records create: write(flexmodel_records) fn flexmodel_records_create(datasource: String, model: String, record: Value) -> Value {
        Ok(desk.flexmodel()?.records(&datasource, &model).create(&record).await?)
    }
    flexmodel records replace: write(flexmodel_records) fn flexmodel_records_replace(datasource: String, model: String, id: String, record: Value) -> Value {
        Ok(desk.flexmodel()?.records(&datasource, &model).replace(&id, &record).await?)
    }
    flexmodel records update: write(flexmodel_records) fn flexmodel_records_update(datasource: String, model: String, id: String, fields: Value) -> Value {
        Ok(desk.flexmodel()?.records(&datasource, &model).update(&id, &fields).await?)
    }
    flexmodel records delete: write(flexmodel_records) fn flexmodel_records_delete(datasource: String, model: String, id: String) -> () {
        Ok(desk.flexmodel()?.records(&datasource, &model).delete(&id).await?)
    }

    // FlexModel record filters: the builder's rows and the raw JSON, kept in step by one
    // implementation (desk-core's); a raw filter the server would refuse is refused here (no call).
    flexmodel filter build: neutral fn flexmodel_filter_build(conditions: FilterRows) -> String { desk_core::flexmodel_filter::build(&conditions) }
    flexmodel filter parse: neutral fn flexmodel_filter_parse(text: String) -> FilterRows { desk_core::flexmodel_filter::parse(&text) }

    // FlexModel native queries and GraphQL. A statement or a mutation may change records.
    flexmodel native_query execute: write(flexmodel_records) fn flexmodel_native_query_execute(datasource: String, statement: String, parameters: Value) -> NativeQueryAnswer {
        Ok(desk.flexmodel()?.native_query(&datasource).execute(&statement, &parameters).await?)
    }
    flexmodel graphql schema: read fn flexmodel_graphql_schema() -> Value { desk.flexmodel_graphql_schema().await }
    flexmodel graphql execute: write(flexmodel_records) fn flexmodel_graphql_execute(request: GraphqlRequest) -> Value {
        Ok(desk.flexmodel()?.graphql().execute(&request).await?)
    }
    // The GraphQL screen: the data with every error of a 200 (message, path, locations) and the time taken.
    flexmodel graphql run: write(flexmodel_records) fn flexmodel_graphql_run(request: GraphqlRequest) -> Box<serde_json::value::RawValue> { desk.flexmodel_graphql_run(&request).await }

    // FlexModel API definitions: the folder tree, each node's histories, generating from a model.
    flexmodel apis tree: read fn flexmodel_apis_tree() -> Vec<ApiDefinition> { Ok(desk.flexmodel()?.apis().tree().await?) }
    flexmodel apis create: write(flexmodel_apis) fn flexmodel_apis_create(api: ApiDefinition) -> ApiDefinition { Ok(desk.flexmodel()?.apis().create(&api).await?) }
    flexmodel apis update: write(flexmodel_apis) fn flexmodel_apis_update(id: String, api: ApiDefinition) -> ApiDefinition {
        Ok(desk.flexmodel()?.apis().update(&id, &api).await?)
    }
    flexmodel apis patch: write(flexmodel_apis) fn flexmodel_apis_patch(id: String, name: Option<String>, enabled: Option<bool>) -> ApiDefinition {
        Ok(desk.flexmodel()?.apis().patch(&id, name.as_deref(), enabled).await?)
    }
    flexmodel apis delete: write(flexmodel_apis) fn flexmodel_apis_delete(id: String) -> () { Ok(desk.flexmodel()?.apis().delete(&id).await?) }
    flexmodel apis generate: write(flexmodel_apis) fn flexmodel_apis_generate(request: GenerateApis) -> () { Ok(desk.flexmodel()?.apis().generate(&request).await?) }
    flexmodel apis histories: read fn flexmodel_apis_histories(id: String) -> Vec<ApiDefinition> { Ok(desk.flexmodel()?.apis().histories(&id).await?) }
    flexmodel apis restore: write(flexmodel_apis) fn flexmodel_apis_restore(id: String, history_id: String) -> ApiDefinition {
        Ok(desk.flexmodel()?.apis().restore(&id, &history_id).await?)
    }
    // Two versions of a definition side by side (desk-core's diff), and trying an API with
    // the session's token only when its auth is on (what it runs may change records).
    flexmodel apis diff: neutral fn flexmodel_apis_diff(left: ApiDefinition, right: ApiDefinition) -> desk_core::ApiDiff {
        Ok(desk_core::api_diff(&left, &right))
    }
    flexmodel apis try: write(flexmodel_records, flexmodel_api_logs) fn flexmodel_apis_try(id: String, call: ApiCall) -> ApiAnswer {
        desk.flexmodel_apis_try(&id, call).await
    }

    // FlexModel API log: its rows (credentials a console logged hidden) and the statistics
    // over a time range.
    flexmodel api_logs list: read fn flexmodel_api_logs_list(query: ApiLogQuery) -> flexmodel_api::Page<ApiLog> { desk.flexmodel_api_logs(&query).await }
    flexmodel api_logs stat: read fn flexmodel_api_logs_stat(date_range: Option<(String, String)>) -> ApiLogStat {
        Ok(desk.flexmodel()?.api_logs().stat(date_range).await?)
    }

    // FlexModel overview (issue 14): the platform counters and the metrics it charts.
    // (overview commands here)
    // Never cached: the screen polls them. The sample is `/f/metrics/all` cut down (desk-core).
    flexmodel metrics fm: neutral fn flexmodel_metrics_fm() -> flexmodel_api::FmMetrics { Ok(desk.flexmodel()?.metrics().fm().await?) }
    flexmodel metrics sample: neutral fn flexmodel_metrics_sample() -> Value { desk.flexmodel_metrics_sample().await }

    // FlexModel flows: the list, create, edit, delete, deploy, a flow's model.
    // (flows commands here)
    flexmodel flows list: read fn flexmodel_flows_list(name: Option<String>, key: Option<String>, page: u32, size: u32) -> flexmodel_api::Page<FlowModule> {
        Ok(desk.flexmodel()?.flows().list(&FlowQuery { flow_name: name, flow_key: key, flow_module_id: None, page: Some(PageRequest::new(page, size)) }).await?)
    }
    // A flow with its model being edited, or (deploy_id) with the model of that deployment.
    flexmodel flows get: read fn flexmodel_flows_get(id: String, deploy_id: Option<String>) -> FlowModuleDetail {
        Ok(desk.flexmodel()?.flows().get(&id, deploy_id.as_deref()).await?)
    }
    flexmodel flows create: write(flexmodel_flows, flexmodel_instances, flexmodel_triggers, flexmodel_job_logs) fn flexmodel_flows_create(flow: FlowCreate) -> FlowCreated { desk.flexmodel_flow_create(flow).await }
    flexmodel flows edit: write(flexmodel_flows, flexmodel_instances, flexmodel_triggers, flexmodel_job_logs) fn flexmodel_flows_edit(id: String, name: String, remark: String) -> () { desk.flexmodel_flow_edit(&id, name, remark).await }
    flexmodel flows delete: write(flexmodel_flows, flexmodel_instances, flexmodel_triggers, flexmodel_job_logs) fn flexmodel_flows_delete(id: String) -> () { Ok(desk.flexmodel()?.flows().delete(&id).await?) }
    flexmodel flows deploy: write(flexmodel_flows, flexmodel_instances, flexmodel_triggers, flexmodel_job_logs) fn flexmodel_flows_deploy(id: String) -> FlowDeployed { Ok(desk.flexmodel()?.flows().deploy(&id).await?) }
    // A start's variables from the JSON editor's text: an object, or where the text goes wrong.
    flexmodel flows variables: neutral fn flexmodel_flows_variables(text: String) -> Value { desk.flexmodel_flow_variables(&text) }
    // Sent once (a lost answer is an unknown outcome).
    flexmodel instances start: write(flexmodel_flows, flexmodel_instances) fn flexmodel_instances_start(flow_module_id: String, variables: Value) -> RunResult {
        desk.flexmodel_instance_start(&flow_module_id, variables).await
    }

    // FlexModel flow instances: start, list, one instance's elements and user tasks, commit,
    // roll back, terminate.
    // (instances commands here)
    flexmodel instances list: read fn flexmodel_instances_list(query: InstanceQuery) -> flexmodel_api::Page<FlowInstance> {
        Ok(desk.flexmodel()?.instances().list(&query).await?)
    }
    flexmodel instances get: read fn flexmodel_instances_get(id: String) -> FlowInstance { Ok(desk.flexmodel()?.instances().get(&id).await?) }
    flexmodel instances elements: read fn flexmodel_instances_elements(id: String) -> Vec<ElementInstance> {
        Ok(desk.flexmodel()?.instances().elements(&id).await?)
    }
    flexmodel instances user_tasks: read fn flexmodel_instances_user_tasks(id: String) -> Vec<UserTask> {
        Ok(desk.flexmodel()?.instances().user_tasks(&id).await?)
    }
    // The flows to filter the list by, and the model of the version an instance runs (its diagram).
    flexmodel instances flows: read fn flexmodel_instances_flows() -> Vec<FlowModule> {
        Ok(desk.flexmodel()?.flows().list_all(&flexmodel_api::FlowQuery::default()).await?)
    }
    flexmodel instances model: read fn flexmodel_instances_model(flow_module_id: String, flow_deploy_id: Option<String>) -> Option<Value> {
        Ok(desk.flexmodel()?.flows().get(&flow_module_id, flow_deploy_id.as_deref()).await?.model())
    }
    // Commit and roll back are sent once (a lost answer is an unknown outcome, never resent).
    flexmodel instances commit: write(flexmodel_instances) fn flexmodel_instances_commit(id: String, task_id: String, variables: Value) -> RunResult {
        Ok(desk.flexmodel()?.instances().commit(&id, &task_id, &variables).await?)
    }
    flexmodel instances rollback: write(flexmodel_instances) fn flexmodel_instances_rollback(id: String, task_id: String) -> RunResult {
        Ok(desk.flexmodel()?.instances().rollback(&id, &task_id).await?)
    }
    flexmodel instances terminate: write(flexmodel_instances) fn flexmodel_instances_terminate(id: String, with_sub_flows: bool) -> RunResult {
        Ok(desk.flexmodel()?.instances().terminate(&id, with_sub_flows).await?)
    }

    // FlexModel triggers: the list, create, edit, enable, execute, and the app's check of a
    // cron expression with its next fire times.
    // (triggers commands here)
    flexmodel triggers list: read fn flexmodel_triggers_list(flow: Option<String>) -> Vec<Trigger> { desk.flexmodel_triggers(flow).await }
    flexmodel triggers get: read fn flexmodel_triggers_get(id: String) -> Trigger { desk.flexmodel_trigger(&id).await }
    flexmodel triggers create: write(flexmodel_triggers, flexmodel_job_logs) fn flexmodel_triggers_create(trigger: Trigger) -> Trigger { Ok(desk.flexmodel()?.triggers().create(&trigger).await?) }
    flexmodel triggers update: write(flexmodel_triggers, flexmodel_job_logs) fn flexmodel_triggers_update(id: String, trigger: Trigger) -> Trigger {
        Ok(desk.flexmodel()?.triggers().update(&id, &trigger).await?)
    }
    flexmodel triggers set_enabled: write(flexmodel_triggers, flexmodel_job_logs) fn flexmodel_triggers_set_enabled(id: String, enabled: bool) -> Trigger {
        Ok(desk.flexmodel()?.triggers().set_enabled(&id, enabled).await?)
    }
    flexmodel triggers delete: write(flexmodel_triggers, flexmodel_job_logs) fn flexmodel_triggers_delete(id: String) -> () { Ok(desk.flexmodel()?.triggers().delete(&id).await?) }
    flexmodel triggers execute: write(flexmodel_triggers, flexmodel_job_logs) fn flexmodel_triggers_execute(id: String) -> Trigger { Ok(desk.flexmodel()?.triggers().execute(&id).await?) }
    // The next five fire times of a config before it is saved, or the console's reason for
    // refusing it; the flows a trigger may start; a trigger's latest job logs.
    flexmodel triggers preview: neutral fn flexmodel_triggers_preview(config: TriggerConfig) -> Vec<String> { desk.flexmodel_trigger_preview(&config) }
    flexmodel triggers flow_choices: read fn flexmodel_triggers_flow_choices() -> Vec<(String, String)> { desk.flexmodel_trigger_flow_choices().await }
    flexmodel triggers job_logs: read fn flexmodel_triggers_job_logs(trigger_id: String) -> Vec<JobLog> { desk.flexmodel_trigger_job_logs(&trigger_id).await }

    // FlexModel job logs.
    // (job logs commands here)
    flexmodel job_logs list: read fn flexmodel_job_logs_list(query: flexmodel_api::JobLogQuery) -> flexmodel_api::Page<flexmodel_api::JobLog> {
        Ok(desk.flexmodel()?.job_logs().list(&query).await?)
    }
    // The filters' choices: every trigger and every flow (a job is a flow module).
    flexmodel job_logs triggers: read fn flexmodel_job_logs_triggers() -> Vec<flexmodel_api::Trigger> {
        Ok(desk.flexmodel()?.triggers().list_all(&Default::default()).await?)
    }
    flexmodel job_logs flows: read fn flexmodel_job_logs_flows() -> Vec<flexmodel_api::FlowModule> {
        Ok(desk.flexmodel()?.flows().list_all(&Default::default()).await?)
    }

    // FlexModel code generation: the templates and a generated zip saved where the user picked.
    // (codegen commands here)
    flexmodel codegen templates: read fn flexmodel_codegen_templates() -> Vec<flexmodel_api::CodeTemplate> { Ok(desk.flexmodel()?.codegen().templates().await?) }
    // The zip downloaded to a private preview and listed; one of its files; the preview saved.
    flexmodel codegen generate: neutral fn flexmodel_codegen_generate(template: String, datasource: String, variables: Value) -> Value {
        desk.flexmodel_codegen_generate(&template, &datasource, &variables).await
    }
    flexmodel codegen file: neutral fn flexmodel_codegen_file(id: String, name: String) -> Value { desk.flexmodel_codegen_file(&id, &name) }
    flexmodel codegen save: neutral fn flexmodel_codegen_save(id: String, path: PathBuf) -> Value { desk.flexmodel_codegen_save(&id, &path) }
}
