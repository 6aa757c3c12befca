//! `kompas healthcheck`: asks this machine's running server for `GET /health`,
//! for a container's health check. A plain HTTP/1.1 request over a socket is
//! all it needs, so no HTTP client is pulled into the product for it.

use anyhow::{bail, Context as _};
use std::io::{Read as _, Write as _};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::time::Duration;

/// Where to ask: the listen address, with a wildcard (`0.0.0.0`, `::`)
/// replaced by loopback of the same family.
pub fn target(listen: SocketAddr) -> SocketAddr {
    let ip = match listen.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, listen.port())
}

/// The status code of an HTTP/1.x response's first line.
pub fn status(response: &str) -> Option<u16> {
    let line = response.lines().next()?;
    let mut parts = line.split_whitespace();
    let version = parts.next()?;
    if !version.starts_with("HTTP/1.") {
        return None;
    }
    parts.next()?.parse().ok()
}

/// Succeeds when the server at `addr` answers `GET /health` with 200 within `timeout`.
pub fn probe(addr: SocketAddr, timeout: Duration) -> anyhow::Result<()> {
    let mut stream = TcpStream::connect_timeout(&addr, timeout)
        .with_context(|| format!("geen verbinding met {addr}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "GET /health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut head = [0_u8; 256];
    let n = stream
        .read(&mut head)
        .with_context(|| format!("geen antwoord van {addr}"))?;
    let text = String::from_utf8_lossy(&head[..n]);
    match status(&text) {
        Some(200) => Ok(()),
        Some(code) => bail!("{addr} antwoordt met status {code}"),
        None => bail!("{addr} geeft geen HTTP-antwoord"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wildcard_listen_address_is_asked_on_loopback() {
        let t = |s: &str| target(s.parse().unwrap()).to_string();
        assert_eq!(t("0.0.0.0:8080"), "127.0.0.1:8080");
        assert_eq!(t("[::]:8080"), "[::1]:8080");
        assert_eq!(t("10.1.2.3:9000"), "10.1.2.3:9000");
    }

    #[test]
    fn only_an_http_status_line_counts() {
        assert_eq!(
            status("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n"),
            Some(200)
        );
        assert_eq!(status("HTTP/1.0 503 Service Unavailable\r\n"), Some(503));
        assert_eq!(status("SSH-2.0-OpenSSH_9.2\r\n"), None);
        assert_eq!(status(""), None);
    }
}
