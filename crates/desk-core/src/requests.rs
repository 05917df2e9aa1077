//! Requests the UI may give up on: a search superseded by the next keystroke, a list the user
//! stopped waiting for. Cancelling drops the request's future, which closes its connection, so
//! nothing keeps running for an answer nobody will read.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::Mutex;

use futures_util::future::{AbortHandle, Abortable};

use crate::error::{DeskError, Result};

/// How many cancellations of requests not yet started are remembered (a cancel can overtake
/// its request on the way in).
const EARLY_CANCELS: usize = 64;

/// Running requests by the id the UI gave them.
#[derive(Default)]
pub struct Requests {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    running: HashMap<String, AbortHandle>,
    cancelled_early: VecDeque<String>,
}

impl Requests {
    /// Runs `work`; with an `id`, [`Requests::cancel`] ends it at once with `cancelled`.
    pub async fn run<T>(
        &self,
        id: Option<String>,
        work: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        let Some(id) = id else { return work.await };
        let (handle, registration) = AbortHandle::new_pair();
        {
            let mut state = self.state.lock().unwrap();
            if let Some(at) = state.cancelled_early.iter().position(|c| *c == id) {
                state.cancelled_early.remove(at);
                return Err(cancelled());
            }
            state.running.insert(id.clone(), handle);
        }
        let _done = Done { requests: self, id };
        Abortable::new(work, registration)
            .await
            .unwrap_or_else(|_aborted| Err(cancelled()))
    }

    /// Cancels the request `id`; true when it was running.
    pub fn cancel(&self, id: &str) -> bool {
        let mut state = self.state.lock().unwrap();
        match state.running.remove(id) {
            Some(handle) => {
                handle.abort();
                true
            }
            None => {
                if state.cancelled_early.len() == EARLY_CANCELS {
                    state.cancelled_early.pop_front();
                }
                state.cancelled_early.push_back(id.to_owned());
                false
            }
        }
    }

    /// How many requests with an id are running.
    pub fn running(&self) -> usize {
        self.state.lock().unwrap().running.len()
    }
}

fn cancelled() -> DeskError {
    DeskError::Api(console_core::Error::Cancelled)
}

/// Forgets a request however its future ends (finished, aborted or dropped).
struct Done<'a> {
    requests: &'a Requests,
    id: String,
}

impl Drop for Done<'_> {
    fn drop(&mut self) {
        self.requests.state.lock().unwrap().running.remove(&self.id);
    }
}
