//! What sysinfo does not give, read from Linux's `/proc` and `/sys`: the process's threads
//! (`/proc/self/task/*/stat`: name, state, CPU ticks; elsewhere there are none to show) and a
//! network interface's flags (`/sys/class/net/NAME/flags`; elsewhere guessed from its name).

#[derive(Default)]
pub(super) struct Flags {
    pub up: bool,
    pub loopback: bool,
    pub point_to_point: bool,
    pub multicast: bool,
}

/// An interface's flags from `/sys/class/net/NAME/flags` (`IFF_UP`, `IFF_LOOPBACK`, …); by its
/// name elsewhere.
pub(super) fn flags(name: &str) -> Flags {
    let bits = std::fs::read_to_string(format!("/sys/class/net/{name}/flags"))
        .ok()
        .and_then(|t| u32::from_str_radix(t.trim().trim_start_matches("0x"), 16).ok());
    match bits {
        Some(b) => Flags {
            up: b & 0x1 != 0,
            loopback: b & 0x8 != 0,
            point_to_point: b & 0x10 != 0,
            multicast: b & 0x1000 != 0,
        },
        None => Flags {
            up: true,
            loopback: name == "lo" || name.starts_with("lo0"),
            ..Flags::default()
        },
    }
}

pub(super) struct Thread {
    pub tid: u32,
    pub name: String,
    pub state: &'static str,
    /// Clock ticks in user and in kernel mode.
    pub utime: u64,
    pub stime: u64,
}

/// One `/proc/.../stat` line: `tid (name) S ...` with utime and stime the 14th and 15th fields.
fn parse_stat(tid: u32, text: &str) -> Option<Thread> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let name = text[open + 1..close].to_owned();
    let rest: Vec<&str> = text[close + 1..].split_whitespace().collect();
    let state = match rest.first()?.chars().next()? {
        'R' => "RUNNABLE",
        'S' | 'I' => "WAITING",
        'D' => "BLOCKED",
        'T' | 't' => "TIMED_WAITING",
        'Z' | 'X' | 'x' => "TERMINATED",
        _ => "RUNNABLE",
    };
    // After the name: state is field 3, utime field 14, stime field 15.
    let utime = rest.get(11)?.parse().ok()?;
    let stime = rest.get(12)?.parse().ok()?;
    Some(Thread {
        tid,
        name,
        state,
        utime,
        stime,
    })
}

pub(super) fn threads() -> Vec<Thread> {
    let Ok(entries) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    let mut list: Vec<Thread> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let tid: u32 = e.file_name().to_str()?.parse().ok()?;
            let text = std::fs::read_to_string(e.path().join("stat")).ok()?;
            parse_stat(tid, &text)
        })
        .collect();
    list.sort_by_key(|t| t.tid);
    list
}

pub(super) fn current_thread() -> Option<Thread> {
    let text = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let tid = text.split_whitespace().next()?.parse().ok()?;
    parse_stat(tid, &text)
}
