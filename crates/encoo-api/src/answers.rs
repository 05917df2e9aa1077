//! Every typed answer decoder the client uses, reachable by name: for the property tests and
//! the fuzz targets, which feed each one arbitrary bodies. Not a stable API.

use console_core::Result;
use serde_json::Value;

use crate::de;
use crate::models::{Job, Page};
use crate::resources::companies::CompanyList;
use crate::resources::departments::DepartmentTree;
use crate::resources::layouts::{layout_from_answer, JobGroup, WorkflowLayout};
use crate::resources::packages::Package;
use crate::resources::queues::Queue;
use crate::resources::robots::Robot;
use crate::resources::uploads::{UploadChannel, UploadResult};
use crate::resources::users::CurrentUser;
use crate::resources::workflows::{BatchUpgradeResult, RobotLink, Workflow};

macro_rules! answers {
    ($($kind:literal => $ty:ty),+ $(,)?) => {
        /// The answers by name, one per typed decode the client makes.
        pub const KINDS: &[&str] = &[$($kind,)+ "layout"];

        /// Decodes `body` as the answer `kind` names, as the client does on a 2xx.
        pub fn decode(kind: &str, body: &[u8]) -> Result<()> {
            match kind {
                $($kind => de::decode::<$ty>(body).map(drop),)+
                "layout" => layout_from_answer(de::decode(body)?, "id").map(drop),
                other => panic!("no answer kind {other}"),
            }
        }

        /// Decodes an already parsed JSON value as the answer `kind` names.
        pub fn decode_value(kind: &str, value: Value) -> Result<()> {
            match kind {
                $($kind => de::decode_value::<$ty>(value).map(drop),)+
                "layout" => layout_from_answer(de::decode_value(value)?, "id").map(drop),
                other => panic!("no answer kind {other}"),
            }
        }
    };
}

answers! {
    "packages_page" => Page<Package>,
    "package" => Package,
    "queues_page" => Page<Queue>,
    "queue" => Queue,
    "robots_page" => Page<Robot>,
    "robot" => Robot,
    "workflows_page" => Page<Workflow>,
    "workflow" => Workflow,
    "jobs" => Vec<Job>,
    "layouts_page" => Page<WorkflowLayout>,
    "job_group" => JobGroup,
    "companies" => CompanyList,
    "departments_tree" => DepartmentTree,
    "user_self" => CurrentUser,
    "channel" => UploadChannel,
    "upload_result" => UploadResult,
    "robot_links" => Vec<RobotLink>,
    "batch_upgrade" => BatchUpgradeResult,
}
