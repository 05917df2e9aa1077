//! One module per API resource, each with its types beside its calls.

pub mod behind;
pub mod candidates;
pub mod companies;
pub mod departments;
pub mod layouts;
pub mod packages;
pub mod queues;
pub mod robots;
pub mod upgrade_preview;
pub mod uploads;
pub mod users;
pub mod workflows;
