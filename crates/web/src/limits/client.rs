//! Which address a request comes from: a pure rule, no I/O.
//!
//! Behind a proxy every connection comes from the proxy, so the proxy's
//! header (`X-Forwarded-For` or `Forwarded`) is the only way to tell residents
//! apart. Anyone can send that header, so it is believed only when the
//! connection itself comes from a configured trusted proxy, and then only up
//! to the first hop that is not a trusted proxy: the right-most such address
//! is the client (addresses further left were written by the client and may
//! be made up).

use ipnet::IpNet;
use std::net::{IpAddr, Ipv6Addr};

/// The proxies whose forwarding header is believed: addresses and networks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses `127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`; the error names
    /// the item that is neither an address nor a network.
    pub fn parse<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut nets = Vec::new();
        for item in items.into_iter().map(str::trim).filter(|i| !i.is_empty()) {
            let net = match item.parse::<IpNet>() {
                Ok(n) => n,
                Err(_) => match item.parse::<IpAddr>() {
                    Ok(ip) => IpNet::from(ip),
                    Err(_) => {
                        return Err(format!(
                            "'{item}' is geen IP-adres of netwerk (zoals 10.0.0.0/8)"
                        ))
                    }
                },
            };
            nets.push(net);
        }
        Ok(TrustedProxies(nets))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|n| n.contains(&ip))
    }
}

/// The header a trusted proxy writes the client's address into.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1` (nginx, HAProxy, Caddy, Traefik).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client;proto=https, for=proxy1`.
    Forwarded,
}

impl ForwardedHeader {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(ForwardedHeader::XForwardedFor),
            "forwarded" => Ok(ForwardedHeader::Forwarded),
            other => Err(format!(
                "'{other}' is onbekend: kies x-forwarded-for of forwarded"
            )),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ForwardedHeader::XForwardedFor => "x-forwarded-for",
            ForwardedHeader::Forwarded => "forwarded",
        }
    }
}

/// The client's address. `values` are the lines of the `which` header in the
/// order received. The peer is the client unless it is a trusted proxy; then
/// the hops are read from right to left and the first that is not a trusted
/// proxy is the client. A hop that cannot be read (`unknown`, an obfuscated
/// name) stops the walk at the proxy that wrote it; when every hop is trusted,
/// the left-most one is the client.
pub fn client_address(
    peer: IpAddr,
    values: &[&str],
    which: ForwardedHeader,
    trusted: &TrustedProxies,
) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.contains(peer) {
        return peer;
    }
    let hops: Vec<Option<IpAddr>> = values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|hop| match which {
            ForwardedHeader::XForwardedFor => node(hop),
            ForwardedHeader::Forwarded => forwarded_for(hop),
        })
        .collect();
    let mut current = peer;
    for hop in hops.iter().rev() {
        match hop {
            Some(ip) => {
                current = *ip;
                if !trusted.contains(*ip) {
                    return current;
                }
            }
            None => return current,
        }
    }
    current
}

/// The key a budget counts under: an IPv4 address, or the /64 network of an
/// IPv6 address (one subscriber usually holds a whole /64).
pub fn budget_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1_u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(bits))
        }
    }
}

/// The `for=` node of one `Forwarded` element (`for=1.2.3.4;proto=https`).
fn forwarded_for(element: &str) -> Option<IpAddr> {
    element.split(';').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        k.trim().eq_ignore_ascii_case("for").then(|| node(v))?
    })
}

/// One node: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:5678`,
/// optionally quoted; `None` for `unknown`, obfuscated names and garbage.
fn node(raw: &str) -> Option<IpAddr> {
    let s = raw.trim().trim_matches('"').trim();
    if let Some(rest) = s.strip_prefix('[') {
        let (host, _) = rest.split_once(']')?;
        return host
            .parse::<Ipv6Addr>()
            .ok()
            .map(|v6| IpAddr::V6(v6).to_canonical());
    }
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    let (host, port) = s.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn proxies() -> TrustedProxies {
        TrustedProxies::parse(["127.0.0.1", "10.0.0.0/8", "fd00::/8"]).unwrap()
    }

    const XFF: ForwardedHeader = ForwardedHeader::XForwardedFor;

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let got = client_address(ip("203.0.113.9"), &["198.51.100.1"], XFF, &proxies());
        assert_eq!(got, ip("203.0.113.9"));
        let none = TrustedProxies::default();
        assert_eq!(
            client_address(ip("127.0.0.1"), &["198.51.100.1"], XFF, &none),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        // The client made up 1.1.1.1; the proxy appended the real address.
        let got = client_address(ip("127.0.0.1"), &["1.1.1.1, 198.51.100.7"], XFF, &proxies());
        assert_eq!(got, ip("198.51.100.7"));
        // Two proxies in a row, the inner one trusted too.
        let got = client_address(
            ip("10.1.2.3"),
            &["1.1.1.1, 198.51.100.7", "10.9.9.9"],
            XFF,
            &proxies(),
        );
        assert_eq!(got, ip("198.51.100.7"));
    }

    #[test]
    fn without_a_header_or_with_only_proxies_the_left_most_known_hop_counts() {
        assert_eq!(
            client_address(ip("127.0.0.1"), &[], XFF, &proxies()),
            ip("127.0.0.1")
        );
        assert_eq!(
            client_address(ip("127.0.0.1"), &["10.0.0.5, 10.0.0.6"], XFF, &proxies()),
            ip("10.0.0.5")
        );
    }

    #[test]
    fn an_unreadable_hop_stops_at_the_proxy_that_wrote_it() {
        assert_eq!(
            client_address(ip("127.0.0.1"), &["1.1.1.1, unknown"], XFF, &proxies()),
            ip("127.0.0.1")
        );
        assert_eq!(
            client_address(ip("127.0.0.1"), &["garbage, 10.0.0.8"], XFF, &proxies()),
            ip("10.0.0.8")
        );
    }

    #[test]
    fn forwarded_elements_ports_brackets_and_quotes_are_read() {
        let f = ForwardedHeader::Forwarded;
        let got = client_address(
            ip("127.0.0.1"),
            &["for=1.1.1.1, for=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.1"],
            f,
            &proxies(),
        );
        assert_eq!(got, ip("2001:db8:cafe::17"));
        let got = client_address(
            ip("127.0.0.1"),
            &["proto=https;For=198.51.100.3:8080"],
            f,
            &proxies(),
        );
        assert_eq!(got, ip("198.51.100.3"));
        let got = client_address(ip("127.0.0.1"), &["for=_hidden"], f, &proxies());
        assert_eq!(got, ip("127.0.0.1"));
        // The other header is ignored.
        assert_eq!(
            client_address(ip("127.0.0.1"), &["198.51.100.3"], f, &proxies()),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn ipv4_mapped_addresses_are_ipv4() {
        assert!(proxies().contains(ip("::ffff:127.0.0.1")));
        assert_eq!(
            client_address(
                ip("::ffff:127.0.0.1"),
                &["::ffff:198.51.100.2"],
                XFF,
                &proxies()
            ),
            ip("198.51.100.2")
        );
    }

    #[test]
    fn ipv6_clients_share_a_budget_per_64() {
        assert_eq!(
            budget_key(ip("2001:db8:1:2:aaaa::1")),
            budget_key(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            budget_key(ip("2001:db8:1:2::1")),
            budget_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(budget_key(ip("198.51.100.2")), ip("198.51.100.2"));
    }

    #[test]
    fn settings_are_parsed_with_dutch_errors() {
        assert!(TrustedProxies::parse(["10.0.0.0/8", " 127.0.0.1 ", ""]).is_ok());
        let e = TrustedProxies::parse(["10.0.0.0/33"]).unwrap_err();
        assert!(e.contains("10.0.0.0/33"), "{e}");
        assert_eq!(
            ForwardedHeader::parse("Forwarded").unwrap(),
            ForwardedHeader::Forwarded
        );
        assert!(ForwardedHeader::parse("x-real-ip").is_err());
    }
}
