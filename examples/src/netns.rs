//! A network namespace with a veth pair into it, for the examples that need traffic on
//! an interface of their own (`xdp_counter`, `tc_filter`). Everything is removed on drop.

use std::process::Command;

/// A network namespace and a veth pair, removed on drop: `near` here, its peer in the
/// namespace, addresses `<prefix>.1/30` (near) and `<prefix>.2/30` (far).
pub(crate) struct VethPair {
    /// The namespace's name.
    pub netns: String,
    /// The near end's interface name.
    pub near: String,
    /// The near end's address.
    pub near_addr: String,
    /// The far end's address.
    pub far_addr: String,
}

impl VethPair {
    /// Creates the pair; `tag` (a few letters) keeps the names of examples running at
    /// the same time apart, and `subnet` (`"10.201.0"`) their addresses.
    pub fn create(tag: &str, subnet: &str) -> crate::Result<VethPair> {
        let id = std::process::id();
        let pair = VethPair {
            netns: format!("bpfgen-{tag}-{id}"),
            near: format!("{tag}a{id}"),
            near_addr: format!("{subnet}.1"),
            far_addr: format!("{subnet}.2"),
        };
        let far = format!("{tag}b{id}");
        ip(&["netns", "add", &pair.netns])?;
        ip(&[
            "link",
            "add",
            &pair.near,
            "type",
            "veth",
            "peer",
            "name",
            &far,
            "netns",
            &pair.netns,
        ])?;
        ip(&[
            "addr",
            "add",
            &format!("{}/30", pair.near_addr),
            "dev",
            &pair.near,
        ])?;
        ip(&["link", "set", &pair.near, "up"])?;
        pair.in_netns(&[
            "ip",
            "addr",
            "add",
            &format!("{}/30", pair.far_addr),
            "dev",
            &far,
        ])?;
        pair.in_netns(&["ip", "link", "set", &far, "up"])?;
        pair.in_netns(&["ip", "link", "set", "lo", "up"])?;
        Ok(pair)
    }

    /// Runs `cmd` inside the namespace.
    pub fn in_netns(&self, cmd: &[&str]) -> crate::Result {
        let mut args = vec!["netns", "exec", &self.netns];
        args.extend_from_slice(cmd);
        ip(&args)
    }

    /// The near end's interface index.
    pub fn ifindex(&self) -> crate::Result<u32> {
        let path = format!("/sys/class/net/{}/ifindex", self.near);
        Ok(std::fs::read_to_string(path)?.trim().parse()?)
    }

    /// Test traffic: 3 datagrams from here to a closed port of the far end (each answered
    /// by an ICMP port-unreachable), then, from the namespace, 2 datagrams and a TCP
    /// connection attempt to the near end (bash's `/dev/udp` and `/dev/tcp`). Returns
    /// what it sent, for the example to print.
    pub fn send_test_traffic(&self) -> crate::Result<&'static str> {
        let socket = std::net::UdpSocket::bind(format!("{}:0", self.near_addr))?;
        for _ in 0..3 {
            socket.send_to(b"x", format!("{}:9", self.far_addr))?;
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        for _ in 0..2 {
            self.in_netns(&[
                "bash",
                "-c",
                &format!("echo x > /dev/udp/{}/9", self.near_addr),
            ])?;
        }
        let _ = self.in_netns(&[
            "bash",
            "-c",
            &format!("exec 3<>/dev/tcp/{}/9", self.near_addr),
        ]);
        std::thread::sleep(std::time::Duration::from_millis(50));
        Ok("3 datagrams out (3 ICMP unreachable back), 2 datagrams and 1 TCP SYN in")
    }
}

impl Drop for VethPair {
    fn drop(&mut self) {
        // Deleting the namespace deletes the peer, and with it the pair.
        let _ = ip(&["link", "del", &self.near]);
        let _ = ip(&["netns", "del", &self.netns]);
    }
}

/// Runs `ip ARGS`, failing with its stderr.
fn ip(args: &[&str]) -> crate::Result {
    let out = Command::new("ip").args(args).output()?;
    if !out.status.success() {
        return Err(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )
        .into());
    }
    Ok(())
}
