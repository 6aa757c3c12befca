//! The HTTP server loop. `axum::serve` has no header-read timeout and no cap
//! on open connections, so a few thousand clients sending their headers
//! slowly could hold the server; this loop accepts connections itself and
//! serves each with hyper-util's builder:
//!
//! - at most `max_connections` open at once; beyond that a new connection
//!   gets a short `503` and is closed straight away (not queued);
//! - the request line and headers must arrive within `header_timeout`, also
//!   for the next request on a kept-alive connection (which ends an idle one);
//! - HTTP/1.1 only: the TLS proxy in front speaks HTTP/2 to browsers, and
//!   the deadline on headers exists for HTTP/1 only;
//! - on shutdown no new connections are taken, idle ones close, and requests
//!   being answered finish (waiting at most `DRAIN`).
//!
//! The time a request may take, body included, is the application's
//! `request_timeout` (a layer in `kompas_web::middleware`).

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::Request;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt as _;

/// The limits of the server loop (settings `[limits]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// The request line and headers must arrive within this time.
    pub header_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_timeout: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// How long shutdown waits for requests being answered.
const DRAIN: Duration = Duration::from_secs(60);

/// What a connection over the cap gets before it is closed.
const FULL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n\
Content-Type: text/plain; charset=utf-8\r\nContent-Length: 63\r\nConnection: close\r\n\r\n\
Het is nu erg druk. Probeer het over een paar seconden opnieuw.";

/// Serves `app` on `listener` until `shutdown` resolves, then drains.
/// Handlers see the peer as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let places = Arc::new(Semaphore::new(max));
    let (stop, stopping) = watch::channel(());
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let builder = Arc::new(builder);
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
        };
        let Ok(place) = places.clone().try_acquire_owned() else {
            refuse(stream, peer);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service =
            TowerToHyperService::new(app.clone().map_request(move |mut req: Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req.map(Body::new)
            }));
        let builder = builder.clone();
        let mut stopping = stopping.clone();
        tokio::spawn(async move {
            let mut conn = pin!(builder.serve_connection(TokioIo::new(stream), service));
            let mut asked_to_stop = false;
            loop {
                tokio::select! {
                    result = conn.as_mut() => {
                        if let Err(e) = result {
                            tracing::debug!(peer = %peer, error = %e, "connection ended with an error");
                        }
                        break;
                    }
                    _ = stopping.changed(), if !asked_to_stop => {
                        asked_to_stop = true;
                        conn.as_mut().graceful_shutdown();
                    }
                }
            }
            drop(place);
        });
    }
    drop(listener);
    let _ = stop.send(());
    // Every connection gives its place back when it ends.
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    if tokio::time::timeout(DRAIN, places.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!(
            seconds = DRAIN.as_secs(),
            "connections still open after shutdown; stopping anyway"
        );
    }
    Ok(())
}

/// Over the cap: a short answer if the socket takes it at once, then close.
fn refuse(stream: TcpStream, peer: SocketAddr) {
    metrics::counter!("kompas_connections_refused_total").increment(1);
    tracing::debug!(peer = %peer, "connection refused: too many open connections");
    let _ = stream.try_write(FULL);
    drop(stream);
}

/// A failed accept: the client gave up (go on) or the process is out of
/// file descriptors (wait a moment instead of spinning).
async fn accept_failed(e: &std::io::Error) {
    use std::io::ErrorKind as K;
    if matches!(
        e.kind(),
        K::ConnectionAborted | K::ConnectionReset | K::ConnectionRefused | K::Interrupted
    ) {
        return;
    }
    tracing::warn!(error = %e, "accepting a connection failed");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

#[cfg(test)]
mod tests {
    use super::FULL;

    #[test]
    fn the_full_answer_has_the_right_length() {
        let text = String::from_utf8_lossy(FULL);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or_default();
        assert!(
            head.contains(&format!("Content-Length: {}", body.len())),
            "{head}"
        );
    }
}
