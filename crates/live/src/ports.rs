//! Loopback ports for one test: each is free for both TCP and UDP when it
//! is handed out, and never handed out twice by this process.

use std::collections::HashSet;
use std::net::{TcpListener, UdpSocket};
use std::sync::Mutex;

static GIVEN: Mutex<Option<HashSet<u16>>> = Mutex::new(None);

/// A port on 127.0.0.1 that is free for TCP and UDP right now, below the
/// kernel's ephemeral range: a port the kernel may hand to any socket
/// bound to port 0 (a manager client, a resolver, another test's SIPp)
/// was sometimes taken between this choice and Asterisk binding it.
pub fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU16, Ordering};
    static NEXT: AtomicU16 = AtomicU16::new(0);
    const FIRST: u16 = 5_100;
    const COUNT: u16 = 4_800;
    for _ in 0..2 * COUNT {
        let n = (std::process::id() as u16)
            .wrapping_mul(31)
            .wrapping_add(NEXT.fetch_add(1, Ordering::Relaxed))
            % COUNT;
        let port = FIRST + n;
        let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
        let given = given.get_or_insert_with(HashSet::new);
        if given.contains(&port)
            || TcpListener::bind(("127.0.0.1", port)).is_err()
            || UdpSocket::bind(("127.0.0.1", port)).is_err()
        {
            continue;
        }
        given.insert(port);
        return port;
    }
    panic!("no free loopback port in {FIRST}..{}", FIRST + COUNT);
}

/// A range of `len` consecutive UDP ports, for RTP: chosen from a range the
/// kernel does not hand out as ephemeral ports, by process id and a counter,
/// so parallel tests and processes rarely overlap (Asterisk tries another
/// port of its range when one is taken).
pub fn rtp_range(len: u16) -> (u16, u16) {
    use std::sync::atomic::{AtomicU16, Ordering};
    static NEXT: AtomicU16 = AtomicU16::new(0);
    let slots = 20_000 / len;
    let slot = (std::process::id() as u16)
        .wrapping_mul(7)
        .wrapping_add(NEXT.fetch_add(1, Ordering::Relaxed))
        % slots;
    let start = 10_000 + slot * len;
    (start, start + len - 1)
}

/// The first of four consecutive free UDP ports for a SIPp process's media
/// (`-mp`: audio RTP and RTCP, video RTP and RTCP), from a range neither
/// the kernel's ephemeral ports nor the Asterisk RTP ranges use.
pub fn media_block() -> u16 {
    use std::sync::atomic::{AtomicU16, Ordering};
    static NEXT: AtomicU16 = AtomicU16::new(0);
    const FIRST: u16 = 30_000;
    const BLOCKS: u16 = 2_700 / 4;
    loop {
        let n = (std::process::id() as u16)
            .wrapping_mul(13)
            .wrapping_add(NEXT.fetch_add(1, Ordering::Relaxed))
            % BLOCKS;
        let start = FIRST + n * 4;
        let free = (start..start + 4).all(|p| UdpSocket::bind(("127.0.0.1", p)).is_ok());
        if free {
            return start;
        }
    }
}
