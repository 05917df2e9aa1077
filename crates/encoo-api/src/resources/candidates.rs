//! A `.dgs` file looked at before anything is sent: the package and version its manifest
//! names, its size, why it cannot be published, and the package the console has already under
//! that name. The one inspection behind the CLI's `packages publish` and the window's publish
//! panel: the file alone first (no sign-in needed), then the console.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use console_core::{Error, Result};
use serde::Serialize;

use crate::resources::packages::{Package, PackageQuery, Packages};
use crate::resources::uploads::inspect;

/// A file offered for publishing, as it is shown before anything is sent. Serialized as the
/// publish panel reads it: `path, fileName, size, package, version, problem, existingId,
/// existingVersion` (absent values as `null`).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub path: PathBuf,
    pub file_name: String,
    /// The file's size in bytes, once its manifest was read.
    pub size: Option<u64>,
    /// The package name (the manifest's `<id>`).
    pub package: Option<String>,
    pub version: Option<String>,
    /// Why the file cannot be published, in words that do not repeat its path (the file is
    /// empty, not a zip archive…); none when it can.
    pub problem: Option<String>,
    /// The package of that name the console has already (its id and latest version), once
    /// [`Packages::look_up`] found one.
    pub existing_id: Option<String>,
    pub existing_version: Option<String>,
    /// The path is a folder (`problem` says so too), for a front that words it its own way.
    #[serde(skip)]
    pub folder: bool,
}

impl Candidate {
    /// Looks at the file alone (manifest and size): no console is asked, so this may run
    /// before signing in.
    pub async fn read(path: &Path) -> Candidate {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let mut c = Candidate {
            path: path.to_path_buf(),
            file_name,
            size: None,
            package: None,
            version: None,
            problem: None,
            existing_id: None,
            existing_version: None,
            folder: tokio::fs::metadata(path).await.is_ok_and(|m| m.is_dir()),
        };
        match inspect(path).await {
            Ok((manifest, size)) => {
                c.size = Some(size);
                c.package = Some(manifest.id);
                c.version = Some(manifest.version);
            }
            // The file is named beside the problem already: say only what is wrong with it.
            Err(Error::Package { source, .. }) => c.problem = Some(source.to_string()),
            Err(e) => c.problem = Some(e.to_string()),
        }
        c
    }

    /// Whether the file can be sent: its manifest was read.
    pub fn is_ready(&self) -> bool {
        self.problem.is_none()
    }
}

impl Packages<'_> {
    /// Each file looked at ([`Candidate::read`]), then what the console has of its package
    /// ([`Packages::look_up`]; a look-up that fails is logged and leaves that unsaid).
    pub async fn inspect(&self, paths: &[PathBuf]) -> Vec<Candidate> {
        let mut found = Vec::with_capacity(paths.len());
        for path in paths {
            found.push(Candidate::read(path).await);
        }
        if let Err(e) = self.look_up(&mut found).await {
            tracing::warn!("cannot tell which packages the console has: {e}");
        }
        found
    }

    /// Fills in `existing_id` and `existing_version` of each usable candidate whose package
    /// the console has, asking once per package name. On an error, the candidates not yet
    /// looked up are left as they were.
    pub async fn look_up(&self, candidates: &mut [Candidate]) -> Result<()> {
        let mut known: HashMap<String, Option<(String, Option<String>)>> = HashMap::new();
        for c in candidates.iter_mut() {
            let Some(name) = c.package.as_deref().filter(|_| c.problem.is_none()) else {
                continue;
            };
            let key = name.to_ascii_lowercase();
            if !known.contains_key(&key) {
                let found = self.named(name).await?;
                known.insert(key.clone(), found.map(|p| (p.id, p.last_version)));
            }
            if let Some((id, version)) = &known[&key] {
                c.existing_id = Some(id.clone());
                c.existing_version = version.clone();
            }
        }
        Ok(())
    }

    /// The package named exactly `name`, ignoring case as the console does when it files an
    /// upload under a package; none when the console has no such package.
    pub async fn named(&self, name: &str) -> Result<Option<Package>> {
        let query = PackageQuery {
            name: Some(name.to_owned()),
            ..Default::default()
        };
        // The console's name filter is a "contains": walk every page for the exact one.
        let packages = self.list_all(&query).await?;
        Ok(packages
            .into_iter()
            .find(|p| p.name.eq_ignore_ascii_case(name)))
    }
}
