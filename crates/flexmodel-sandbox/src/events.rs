//! Record changes, published by the records routes and GraphQL mutations, heard by event
//! triggers.

use serde_json::Value;
use tokio::sync::broadcast;

/// One record created, updated or deleted.
#[derive(Debug, Clone)]
pub(crate) struct RecordEvent {
    pub project: String,
    pub datasource: String,
    pub model: String,
    /// `create`, `update` or `delete`, as a trigger's `mutationTypes` names them.
    pub mutation: &'static str,
    /// The record after the change (before it, for a delete).
    pub record: Value,
}

pub(crate) struct Events {
    tx: broadcast::Sender<RecordEvent>,
}

impl Events {
    pub fn new() -> Events {
        Events {
            tx: broadcast::channel(1024).0,
        }
    }

    /// Tells whoever listens; nobody listening is fine.
    pub fn publish(&self, event: RecordEvent) {
        let _ = self.tx.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<RecordEvent> {
        self.tx.subscribe()
    }
}
