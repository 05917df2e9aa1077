//! The commands the UI invokes, `<resource>_<verb>`, each one line over the active session's
//! client. Errors cross as `{kind, message, status?, field?}`; no command returns a token.

use desk_core::{Desk, DeskError, Profile, Requests, RunFilter, RunPage, SessionInfo};
use encoo_api::{
    Argument, ArgumentChanges, BatchUpgradeResult, Company, CurrentUser, DepartmentTree,
    ExecuteRequest, Job, JobGroup, ListQuery, Package, PackageQuery, PackageUpdate, Page, Queue,
    QueueCreate, QueueUpdate, Robot, RobotLink, UpgradePreview, Workflow, WorkflowCreate,
    WorkflowLayout, WorkflowUpdate,
};
use tauri::State;

pub type R<T> = Result<T, DeskError>;
type D<'a> = State<'a, Desk>;

/// Declares an async command that runs one call on the active session's client. A call sent
/// with a `requestId` can be abandoned with `request_cancel`.
macro_rules! api {
    ($name:ident($($arg:ident: $ty:ty),*) -> $out:ty => |$c:ident| $call:expr) => {
        #[tauri::command]
        pub async fn $name(desk: D<'_>, requests: State<'_, Requests>, $($arg: $ty,)* request_id: Option<String>) -> R<$out> {
            requests.run(request_id, async { let $c = desk.client()?; Ok($call.await?) }).await
        }
    };
}

/// Abandons the call sent with `request_id` (a superseded search, a list nobody waits for).
#[tauri::command]
pub fn request_cancel(requests: State<'_, Requests>, request_id: String) -> bool {
    requests.cancel(&request_id)
}

/// The app's version (also the cheapest command there is: the IPC benchmark calls it).
#[tauri::command]
pub fn app_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

// Profiles and the session.
#[tauri::command]
pub fn profiles_list(desk: D<'_>) -> Vec<Profile> {
    desk.profiles()
}
#[tauri::command]
pub fn profiles_save(desk: D<'_>, profile: Profile) -> R<Profile> {
    desk.profile_save(profile)
}
#[tauri::command]
pub fn profiles_remove(desk: D<'_>, id: String) -> R<()> {
    desk.profile_remove(&id)
}
#[tauri::command]
pub fn profiles_startup(desk: D<'_>) -> Profile {
    desk.startup_profile()
}
#[tauri::command]
pub async fn session_sign_in(
    desk: D<'_>,
    id: String,
    password: Option<String>,
    remember: Option<bool>,
) -> R<SessionInfo> {
    desk.sign_in(&id, password, remember).await
}
#[tauri::command]
pub fn session_current(desk: D<'_>) -> R<SessionInfo> {
    desk.session()
}
#[tauri::command]
pub fn session_sign_out(desk: D<'_>, id: String) -> R<()> {
    desk.sign_out(&id)
}
#[tauri::command]
pub fn scope_set(desk: D<'_>, company_id: String, department_id: String) -> R<SessionInfo> {
    desk.set_scope(&company_id, &department_id)
}

// Organisation.
api!(companies_list() -> Vec<Company> => |c| c.companies().list(None));
api!(departments_tree() -> DepartmentTree => |c| c.departments().tree());
api!(users_me() -> CurrentUser => |c| c.users().me());

// Packages.
api!(packages_list(query: PackageQuery) -> Page<Package> => |c| c.packages().list(&query));
api!(packages_get(id: String) -> Package => |c| c.packages().get(&id));
api!(packages_update(id: String, update: PackageUpdate) -> Package => |c| c.packages().update(&id, &update));
api!(packages_delete(id: String) -> () => |c| c.packages().delete(&id));

// Robot groups.
api!(queues_list(query: ListQuery) -> Page<Queue> => |c| c.queues().list(&query));
api!(queues_get(id: String) -> Queue => |c| c.queues().get(&id));
api!(queues_create(create: QueueCreate) -> Queue => |c| c.queues().create(&create));
api!(queues_update(id: String, update: QueueUpdate) -> Queue => |c| c.queues().update(&id, &update));
api!(queues_delete(id: String) -> () => |c| c.queues().delete(&id));

// Robots.
api!(robots_list(query: ListQuery) -> Page<Robot> => |c| c.robots().list(&query));
api!(robots_get(id: String) -> Robot => |c| c.robots().get(&id));

// Workflows.
api!(workflows_list(query: ListQuery) -> Page<Workflow> => |c| c.workflows().list(&query));
api!(workflows_get(id: String) -> Workflow => |c| c.workflows().get(&id));
api!(workflows_create(create: WorkflowCreate) -> Workflow => |c| c.workflows().create(&create));
api!(workflows_update(id: String, update: WorkflowUpdate) -> Workflow => |c| c.workflows().update(&id, &update));
api!(workflows_delete(id: String) -> () => |c| c.workflows().delete(&id));
api!(workflows_robots(id: String) -> Page<Robot> => |c| c.workflows().robots(&id));
api!(workflows_add_robots(id: String, robot_ids: Vec<String>) -> Vec<RobotLink> => |c| c.workflows().add_robots(&id, &robot_ids));
api!(workflows_remove_robot(id: String, robot_id: String) -> () => |c| c.workflows().remove_robot(&id, &robot_id));
api!(workflows_upgrade(ids: Vec<String>) -> BatchUpgradeResult => |c| c.workflows().upgrade(&ids));
api!(workflows_upgrade_preview(ids: Vec<String>) -> Vec<UpgradePreview> => |c| c.workflows().upgrade_preview(&ids));

/// What moving a workflow from `current` to `next` arguments keeps, adds and drops (no call).
#[tauri::command]
pub fn arguments_compare(current: Vec<Argument>, next: Vec<Argument>) -> ArgumentChanges {
    encoo_api::compare_arguments(&current, &next)
}

// Workflow layouts.
api!(workflow_layouts_list(query: ListQuery) -> Page<WorkflowLayout> => |c| c.workflow_layouts().list(&query));
api!(workflow_layouts_get(id: String) -> WorkflowLayout => |c| c.workflow_layouts().get(&id));

// Runs: each one kept in the run journal (the console keeps no list of jobs).
#[tauri::command]
pub async fn workflows_execute(
    desk: D<'_>,
    requests: State<'_, Requests>,
    id: String,
    request: ExecuteRequest,
    request_id: Option<String>,
) -> R<Vec<Job>> {
    requests
        .run(request_id, desk.workflow_execute(&id, &request))
        .await
}
#[tauri::command]
pub async fn workflow_layouts_execute(
    desk: D<'_>,
    requests: State<'_, Requests>,
    id: String,
    request_id: Option<String>,
) -> R<JobGroup> {
    requests.run(request_id, desk.layout_execute(&id)).await
}
#[tauri::command]
pub async fn runs_list(desk: D<'_>, filter: RunFilter) -> R<RunPage> {
    desk.runs(&filter)
}

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_version,
        request_cancel,
        profiles_list,
        profiles_save,
        profiles_remove,
        profiles_startup,
        session_sign_in,
        session_current,
        session_sign_out,
        scope_set,
        companies_list,
        departments_tree,
        users_me,
        packages_list,
        packages_get,
        packages_update,
        packages_delete,
        queues_list,
        queues_get,
        queues_create,
        queues_update,
        queues_delete,
        robots_list,
        robots_get,
        workflows_list,
        workflows_get,
        workflows_create,
        workflows_update,
        workflows_delete,
        workflows_execute,
        workflows_robots,
        workflows_add_robots,
        workflows_remove_robot,
        workflows_upgrade,
        workflows_upgrade_preview,
        arguments_compare,
        workflow_layouts_list,
        workflow_layouts_get,
        workflow_layouts_execute,
        runs_list,
        crate::publish::publish_offer,
        crate::publish::publish_upload,
        crate::publish::publish_cancel,
    ]
}
