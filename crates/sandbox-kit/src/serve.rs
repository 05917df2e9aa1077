//! A sandbox on a socket: its router served in a task until the handle drops, so a test, the
//! CLI and the app each hold a console exactly as long as they need it, on a port of their own
//! (port 0 picks one).

use std::net::SocketAddr;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use axum::Router;

/// Serves `router` over http on `addr` (port 0 picks a free port) until the returned handle
/// drops.
pub async fn serve(router: Router, addr: SocketAddr) -> std::io::Result<Server> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    Ok(spawn(router, listener, addr, "http", Arc::default()))
}

/// Serves `router` on `listener` in a task until the returned handle drops.
pub(crate) fn spawn<L>(
    router: Router,
    listener: L,
    addr: SocketAddr,
    scheme: &'static str,
    refused_handshakes: Arc<AtomicUsize>,
) -> Server
where
    L: axum::serve::Listener,
    L::Addr: std::fmt::Debug,
{
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let shutdown = async move {
            let _ = stopped.await;
        };
        if let Err(e) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(error = %e, scheme, "sandbox server stopped");
        }
    });
    Server {
        addr,
        scheme,
        refused_handshakes,
        stop: Some(stop),
        task: Some(task),
    }
}

/// A running sandbox server; it stops when dropped.
pub struct Server {
    addr: SocketAddr,
    /// `http`, or `https` when started by [`serve_tls`](crate::tls::serve_tls).
    scheme: &'static str,
    /// TLS handshakes that failed (a client that does not trust the certificate), for https.
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    refused_handshakes: Arc<AtomicUsize>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (`https://` over TLS): the address a client is given.
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// Runs until the server task ends (for a standalone server: until the process stops).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

#[cfg(feature = "testing")]
impl Server {
    /// How many TLS handshakes failed (always 0 over http).
    pub fn refused_handshakes(&self) -> usize {
        self.refused_handshakes
            .load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
