//! Which `Host` a request may name: the defence against DNS rebinding.
//!
//! A web page the author visits can point a name it controls at 127.0.0.1
//! and then read the preview (pages and the event stream) as if it were the
//! same origin. The browser still sends that name in `Host`, so the server
//! answers only requests whose `Host` it recognises as this machine:
//!
//! - always: `localhost` and any `*.localhost` name (browsers resolve these
//!   to loopback themselves, RFC 6761), an IPv4 address in `127.0.0.0/8`, and
//!   `[::1]`; with or without a port, any port, and a trailing dot allowed;
//! - when `--bind` names a non-loopback address: also that address, the
//!   machine's host name and `NAME.local`; when it names all interfaces
//!   (`0.0.0.0` or `::`), any IP address literal (an address cannot be
//!   rebound; only names can).
//!
//! Anything else, including a request with no `Host` at all, is refused
//! before any file is looked at. An absolute-form target
//! (`GET http://name/ HTTP/1.1`) is checked the same way.

use std::net::{IpAddr, Ipv6Addr};

/// The names and addresses a request may use to reach this server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPolicy {
    /// The non-loopback address given with `--bind`, if any.
    bind: Option<IpAddr>,
    /// The machine's host name (lower case), if known and bound beyond
    /// loopback.
    hostname: Option<String>,
}

impl HostPolicy {
    /// The policy for a server listening on `bind`.
    pub fn for_bind(bind: IpAddr) -> Self {
        if is_loopback(bind) {
            return Self {
                bind: None,
                hostname: None,
            };
        }
        Self {
            bind: Some(bind),
            hostname: machine_hostname(),
        }
    }

    /// Loopback only (tests).
    #[cfg(test)]
    pub fn with_hostname(bind: IpAddr, hostname: &str) -> Self {
        Self {
            bind: Some(bind),
            hostname: Some(hostname.to_ascii_lowercase()),
        }
    }

    /// Whether `host` (a `Host` header value or a URI authority) names this
    /// server.
    pub fn allows(&self, host: &str) -> bool {
        let Some(host) = parse(host) else {
            return false;
        };
        match host {
            Host::Ip(ip) => {
                is_loopback(ip)
                    || self
                        .bind
                        .is_some_and(|bind| bind.is_unspecified() || same_ip(bind, ip))
            }
            Host::Name(name) => {
                name == "localhost"
                    || name.ends_with(".localhost")
                    || self
                        .hostname
                        .as_deref()
                        .is_some_and(|own| name == own || name.strip_suffix(".local") == Some(own))
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Host {
    Ip(IpAddr),
    /// Lower case, without a trailing dot.
    Name(String),
}

/// Splits off the port and classifies the host; `None` if malformed.
fn parse(value: &str) -> Option<Host> {
    let value = value.trim();
    if value.is_empty() || value.contains('@') {
        return None;
    }
    let (host, port) = if let Some(rest) = value.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let ip: Ipv6Addr = inside.parse().ok()?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        check_port(port)?;
        return Some(Host::Ip(IpAddr::V6(ip)));
    } else {
        match value.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (value, None),
        }
    };
    check_port(port)?;
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() {
        return None;
    }
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Some(Host::Ip(ip));
    }
    let valid = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    valid.then(|| Host::Name(host.to_ascii_lowercase()))
}

fn check_port(port: Option<&str>) -> Option<()> {
    match port {
        None => Some(()),
        Some(p) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
            Some(())
        }
        Some(_) => None,
    }
}

fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

fn same_ip(a: IpAddr, b: IpAddr) -> bool {
    a.to_canonical() == b.to_canonical()
}

/// This machine's host name, lower case, if it can be found without
/// asking the network.
fn machine_hostname() -> Option<String> {
    let from_file = std::fs::read_to_string("/proc/sys/kernel/hostname").ok();
    let name = from_file
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())?;
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    (!name.is_empty() && name != "localhost").then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_addresses_with_or_without_a_port() {
        let p = HostPolicy::for_bind(IpAddr::from([127, 0, 0, 1]));
        for ok in [
            "localhost",
            "localhost:4173",
            "LOCALHOST:1",
            "localhost.",
            "docs.localhost:4173",
            "127.0.0.1",
            "127.0.0.1:4173",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:4173",
            "[::ffff:127.0.0.1]:4173",
        ] {
            assert!(p.allows(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:4173",
            "localhost.evil.example",
            "evillocalhost",
            "127.0.0.1.evil.example",
            "10.0.0.1",
            "192.168.1.2:4173",
            "0.0.0.0",
            "[::]",
            "[fe80::1]",
            "localhost:",
            "localhost:x",
            "localhost:4173:1",
            "[::1",
            "[::1]x",
            "user@localhost",
            "loc alhost",
            "::1",
        ] {
            assert!(!p.allows(bad), "{bad}");
        }
    }

    #[test]
    fn a_non_loopback_bind_also_allows_its_address_and_the_hostname() {
        let lan = IpAddr::from([10, 1, 2, 3]);
        let p = HostPolicy::with_hostname(lan, "Desk");
        for ok in [
            "10.1.2.3",
            "10.1.2.3:4173",
            "desk",
            "DESK:4173",
            "desk.local",
            "localhost",
        ] {
            assert!(p.allows(ok), "{ok}");
        }
        for bad in ["10.1.2.4", "evil.example", "desk.evil.example", "[::2]"] {
            assert!(!p.allows(bad), "{bad}");
        }
        // All interfaces: any address literal, never a foreign name.
        let all = HostPolicy::with_hostname(IpAddr::from([0, 0, 0, 0]), "desk");
        assert!(all.allows("192.168.1.9:4173") && all.allows("[fe80::1]"));
        assert!(!all.allows("evil.example") && !all.allows("evil.example:4173"));
        // A loopback bind never allows the hostname.
        assert_eq!(
            HostPolicy::for_bind(IpAddr::from([127, 0, 0, 1])),
            HostPolicy::for_bind("::1".parse().unwrap())
        );
    }
}
