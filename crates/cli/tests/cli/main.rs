//! The CLI's tests, one test binary (linking one binary instead of twelve keeps CI's link
//! time down): the built `console-desk-cli` run against sandboxes started in the test, its
//! Encoo commands (`common`) and its FlexModel ones (`flexmodel_common`).

mod common;
mod flexmodel_common;

mod bad_inputs;
mod cli;
mod edits;
mod faults;
mod filters;
mod flexmodel_data;
mod flexmodel_flows;
mod flexmodel_platform;
mod flexmodel_queries;
mod namespace;
mod profiles;
mod publish;
mod shipping;
mod upgrades;
