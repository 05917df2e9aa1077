//! An engine extension that tells what the answer's shape needs and async-graphql's dynamic
//! schema does not give: whether execution started (graphql-java's `dataPresent`), and the
//! path of a resolver's error (which the dynamic schema leaves empty); and it keeps the values
//! of the fields marked `@export` as they resolve.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextResolve, ResolveInfo,
};
use async_graphql::{PathSegment, Response, ServerResult, Value as GqlValue};
use serde_json::Value;

use super::objects::Exports;

/// Set once the request passed parsing and validation and began to execute.
#[derive(Default)]
pub(crate) struct Ran(AtomicBool);

impl Ran {
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// The factory to register on the schema; the request carries an `Arc<Ran>`.
pub(crate) struct Trace;

impl ExtensionFactory for Trace {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Trace)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for Trace {
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        if let Some(ran) = ctx.data_opt::<Arc<Ran>>() {
            ran.0.store(true, Ordering::Relaxed);
        }
        next.run(ctx, operation_name).await
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<GqlValue>> {
        let path = serde_json::to_value(info.path_node).ok();
        let exports = ctx
            .data_opt::<Arc<Exports>>()
            .filter(|e| !e.paths.is_empty());
        let key = exports.and(path.as_ref()).map(|p| {
            p.as_array()
                .map(|a| a.as_slice())
                .unwrap_or_default()
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(".")
        });
        let result = next.run(ctx, info).await;
        if let (Some(exports), Some(key)) = (exports, key) {
            for (at, name) in &exports.paths {
                if *at == key {
                    let v = result.as_ref().ok().cloned().flatten();
                    let v = v.unwrap_or(GqlValue::Null);
                    exports.values.lock().unwrap().insert(name.clone(), v);
                }
            }
        }
        result.map_err(|mut e| {
            if e.path.is_empty() {
                if let Some(path) =
                    path.and_then(|p| serde_json::from_value::<Vec<PathSegment>>(p).ok())
                {
                    e.path = path;
                }
            }
            e
        })
    }
}
