//! Serving over https, as private deployments with a company CA do: a TLS listener (rustls
//! with the ring provider reqwest already uses) in front of the router, on loopback only. A
//! client that refuses the certificate never reaches the router. With the `testing` feature,
//! [`Authority`] makes a private CA and certificates it signs.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use crate::serve::{spawn, Server};

#[cfg(feature = "testing")]
pub use authority::{Authority, Identity};

/// A handshake that has not finished in this long is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `router` over https on `addr` (a loopback address; port 0 picks one) with
/// `cert_chain_pem` (leaf first, then any intermediates) and its private key `key_pem`, until
/// the returned handle drops. Its [`Server::url`] is `https://127.0.0.1:PORT`.
pub async fn serve_tls(
    router: Router,
    addr: SocketAddr,
    cert_chain_pem: &[u8],
    key_pem: &[u8],
) -> std::io::Result<Server> {
    if !addr.ip().is_loopback() {
        return Err(invalid(format!(
            "the sandbox serves on loopback only, not {addr}"
        )));
    }
    let acceptor = TlsAcceptor::from(Arc::new(server_config(cert_chain_pem, key_pem)?));
    let tcp = TcpListener::bind(addr).await?;
    let addr = tcp.local_addr()?;
    let refused = Arc::new(AtomicUsize::new(0));
    let listener = TlsListener::start(tcp, acceptor, refused.clone());
    Ok(spawn(router, listener, addr, "https", refused))
}

fn invalid(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, message)
}

fn server_config(cert_chain_pem: &[u8], key_pem: &[u8]) -> std::io::Result<ServerConfig> {
    let chain = CertificateDer::pem_slice_iter(cert_chain_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid(format!("the certificate chain is not valid PEM: {e}")))?;
    if chain.is_empty() {
        return Err(invalid("the certificate chain holds no certificate".into()));
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem)
        .map_err(|e| invalid(format!("the private key is not valid PEM: {e}")))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| invalid(format!("the certificate and key do not fit: {e}")))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Accepts TCP connections and shakes hands with each on its own task (so one slow or
/// refusing client holds up no other); axum gets only the connections that completed.
struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<tokio::net::TcpStream>, SocketAddr)>,
    addr: SocketAddr,
    /// Stops accepting when the listener (that is, the server) goes.
    _accepting: AbortOnDrop,
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl TlsListener {
    fn start(tcp: TcpListener, acceptor: TlsAcceptor, refused: Arc<AtomicUsize>) -> TlsListener {
        let addr = tcp.local_addr().expect("a bound listener has an address");
        let (tx, ready) = mpsc::channel(16);
        let accepting = tokio::spawn(async move {
            loop {
                let (stream, peer) = match tcp.accept().await {
                    Ok(conn) => conn,
                    Err(e) => {
                        tracing::warn!(error = %e, "sandbox cannot accept a connection");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let (acceptor, tx, refused) = (acceptor.clone(), tx.clone(), refused.clone());
                tokio::spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(tls)) => {
                            let _ = tx.send((tls, peer)).await;
                        }
                        Ok(Err(e)) => {
                            refused.fetch_add(1, Ordering::Relaxed);
                            tracing::debug!(%peer, error = %e, "TLS handshake failed");
                        }
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                });
            }
        });
        TlsListener {
            ready,
            addr,
            _accepting: AbortOnDrop(accepting),
        }
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<tokio::net::TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(conn) => conn,
            // The accepting task is gone (only when this listener is dropped): no more.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.addr)
    }
}

#[cfg(feature = "testing")]
mod authority;

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn serves_on_loopback_only() {
        let err = serve_tls(Router::new(), ([0, 0, 0, 0], 0).into(), b"", b"")
            .await
            .err()
            .expect("refused");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("loopback only"), "{err}");
    }

    #[tokio::test]
    async fn a_chain_without_a_certificate_is_refused() {
        let err = serve_tls(
            Router::new(),
            ([127, 0, 0, 1], 0).into(),
            b"no pem here",
            b"",
        )
        .await
        .err()
        .expect("refused");
        assert!(err.to_string().contains("no certificate"), "{err}");
    }
}
