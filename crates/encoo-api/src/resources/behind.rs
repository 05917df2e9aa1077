//! The workflows a just-published version leaves behind: those of its package on another
//! version, which the upgrade after a publish moves. The console's batch upgrade moves a
//! workflow to its package's latest version, so when the latest is another version than the
//! one published, the upgrade is not to be made. Said once here for the CLI
//! (`packages publish --upgrade-workflows`) and the publish panel ("Upgrade its workflows").

use console_core::Result;
use futures_util::future::try_join;
use serde::Serialize;

use crate::client::guid;
use crate::models::ListQuery;
use crate::resources::workflows::{Workflow, Workflows};

/// The workflows of a package that are not on one of its versions, and whether upgrading them
/// would bring them to that version. JSON in camelCase; the workflows as the console writes
/// them.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Behind {
    pub package_id: String,
    /// The package's name, as the console has it.
    pub package: String,
    pub version_id: String,
    /// The version's number (`1.3.0`), when the console lists that version.
    pub version: Option<String>,
    /// The package's latest version when it is another one than `version`: the batch upgrade
    /// would move the workflows there, not to `version`, so it is not to be made.
    pub latest_is_other: Option<String>,
    /// How many workflows use the package, on any version.
    pub users: usize,
    /// Every workflow of the package on another version than `version_id` (all pages), in the
    /// console's order.
    pub workflows: Vec<Workflow>,
}

impl Behind {
    /// The workflows to upgrade: `workflows`, unless the package's latest version is another
    /// one (then none).
    pub fn to_upgrade(&self) -> &[Workflow] {
        match self.latest_is_other {
            Some(_) => &[],
            None => &self.workflows,
        }
    }

    /// The ids of [`Behind::to_upgrade`], as `upgrade` and `upgrade_preview` take them.
    pub fn ids(&self) -> Vec<String> {
        self.to_upgrade().iter().map(|w| w.id.clone()).collect()
    }
}

impl Workflows<'_> {
    /// The workflows of package `package_id` not on version `version_id` (every page of
    /// them), and whether the package's latest version is another one. Only reads.
    pub async fn behind(&self, package_id: &str, version_id: &str) -> Result<Behind> {
        guid("packageId", package_id)?;
        guid("versionId", version_id)?;
        let query = ListQuery {
            package_id: Some(package_id.to_owned()),
            ..Default::default()
        };
        let packages = self.0.packages();
        let (package, users) = try_join(packages.get(package_id), self.list_all(&query)).await?;
        let same = |id: &str| id.eq_ignore_ascii_case(version_id);
        let version = package
            .versions
            .iter()
            .flatten()
            .find(|v| same(&v.id))
            .map(|v| v.version.clone());
        let latest_is_other = match (&package.last_version_id, &package.last_version) {
            (Some(latest_id), latest) if !same(latest_id) => {
                Some(latest.clone().unwrap_or_else(|| latest_id.clone()))
            }
            // A console that names its latest version only by number.
            (None, Some(latest)) if version.as_ref().is_some_and(|v| v != latest) => {
                Some(latest.clone())
            }
            _ => None,
        };
        let count = users.len();
        let workflows = users
            .into_iter()
            .filter(|w| !w.package_version_id.as_deref().is_some_and(same))
            .collect();
        Ok(Behind {
            package_id: package_id.to_owned(),
            package: package.name,
            version_id: version_id.to_owned(),
            version,
            latest_is_other,
            users: count,
            workflows,
        })
    }
}
