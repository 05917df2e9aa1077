//! The process's and the machine's figures, in the shapes of the server's metrics sections.
//!
//! One probe per process (the figures are the process's, whatever sandbox asks), kept between
//! calls because CPU loads are measured between two samples: the first call takes two samples
//! `sysinfo::MINIMUM_CPU_UPDATE_INTERVAL` apart; later calls reuse the last loads when asked
//! again sooner than that. Threads and interface flags come from `os`.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use super::os::{current_thread, flags, threads, Thread};
use serde_json::{json, Map, Value};
use sysinfo::{
    Disks, Networks, Pid, ProcessRefreshKind, ProcessesToUpdate, System,
    MINIMUM_CPU_UPDATE_INTERVAL,
};

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
const MIB: u64 = 1024 * 1024;
/// Nanoseconds per clock tick of `/proc/*/stat` (`USER_HZ` = 100).
pub(super) const NS_PER_TICK: u64 = 10_000_000;

/// 0–100 with two decimals, as the server rounds its percentages.
pub(super) fn percent(x: f64) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
    (x.clamp(0.0, 100.0) * 100.0).round() / 100.0
}

fn two_decimals(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub(super) struct Probe {
    sys: System,
    disks: Disks,
    networks: Networks,
    pid: Pid,
    last_cpu: Instant,
    peak_threads: usize,
    /// Every thread id seen, for `totalStartedThreadCount`.
    seen: HashSet<u32>,
    threads: Vec<Thread>,
}

static PROBE: OnceLock<Mutex<Probe>> = OnceLock::new();

/// Runs `f` on a freshly refreshed probe (blocking: call it off the async workers).
pub(super) fn with_probe<T>(f: impl FnOnce(&Probe) -> T) -> T {
    let probe = PROBE.get_or_init(|| Mutex::new(Probe::new()));
    let mut probe = probe.lock().unwrap_or_else(|e| e.into_inner());
    probe.refresh();
    f(&probe)
}

impl Probe {
    fn new() -> Probe {
        let pid = sysinfo::get_current_pid().unwrap_or(Pid::from_u32(std::process::id()));
        let mut sys = System::new();
        sys.refresh_cpu_usage();
        refresh_process(&mut sys, pid);
        std::thread::sleep(MINIMUM_CPU_UPDATE_INTERVAL);
        sys.refresh_cpu_usage();
        refresh_process(&mut sys, pid);
        Probe {
            sys,
            disks: Disks::new_with_refreshed_list(),
            networks: Networks::new_with_refreshed_list(),
            pid,
            last_cpu: Instant::now(),
            peak_threads: 0,
            seen: HashSet::new(),
            threads: Vec::new(),
        }
    }

    fn refresh(&mut self) {
        if self.last_cpu.elapsed() >= MINIMUM_CPU_UPDATE_INTERVAL {
            self.sys.refresh_cpu_usage();
            refresh_process(&mut self.sys, self.pid);
            self.last_cpu = Instant::now();
        }
        self.sys.refresh_memory();
        self.disks.refresh(true);
        self.networks.refresh(true);
        self.threads = threads();
        self.peak_threads = self.peak_threads.max(self.threads.len());
        self.seen.extend(self.threads.iter().map(|t| t.tid));
    }

    pub fn processors(&self) -> usize {
        self.sys.cpus().len().max(1)
    }

    pub fn system_cpu_load(&self) -> f64 {
        percent(self.sys.global_cpu_usage() as f64)
    }

    /// The process's share of the whole machine (sysinfo counts one core as 100).
    pub fn process_cpu_load(&self) -> f64 {
        let usage = self
            .sys
            .process(self.pid)
            .map(|p| p.cpu_usage() as f64)
            .unwrap_or(0.0);
        percent(usage / self.processors() as f64)
    }

    /// The process's resident memory: what the sandbox reports as its heap.
    pub fn resident(&self) -> u64 {
        self.sys.process(self.pid).map(|p| p.memory()).unwrap_or(0)
    }

    fn virtual_memory(&self) -> u64 {
        self.sys
            .process(self.pid)
            .map(|p| p.virtual_memory())
            .unwrap_or(0)
    }

    pub fn total_memory(&self) -> u64 {
        self.sys.total_memory()
    }

    pub fn heap_percent(&self) -> f64 {
        percent(self.resident() as f64 * 100.0 / self.total_memory().max(1) as f64)
    }

    pub fn cpu(&self) -> Value {
        let rss = self.resident();
        json!({
            "availableProcessors": self.processors(),
            "architecture": System::cpu_arch(),
            "name": System::name(),
            "version": System::kernel_version(),
            "systemCpuLoad": self.system_cpu_load(),
            "processCpuLoad": self.process_cpu_load(),
            "systemLoadAverage": System::load_average().one,
            "totalPhysicalMemorySize": self.total_memory(),
            "freePhysicalMemorySize": self.sys.free_memory(),
            "totalSwapSpaceSize": self.sys.total_swap(),
            "freeSwapSpaceSize": self.sys.free_swap(),
            "committedVirtualMemorySize": self.virtual_memory(),
            "maxMemory": self.total_memory(),
            "totalMemory": rss,
            "freeMemory": 0,
            "usedMemory": rss,
        })
    }

    pub fn memory(&self) -> Value {
        let rss = self.resident();
        json!({
            "heap": {
                "init": null,
                "used": rss,
                "committed": rss,
                "max": self.total_memory(),
                "usagePercentage": self.heap_percent(),
            },
            "nonHeap": {"init": null, "used": null, "committed": null, "max": null, "usagePercentage": null},
            "memoryPools": {},
        })
    }

    pub fn threads(&self) -> Value {
        let mut states: BTreeMap<&str, usize> = [
            "NEW",
            "RUNNABLE",
            "BLOCKED",
            "WAITING",
            "TIMED_WAITING",
            "TERMINATED",
        ]
        .into_iter()
        .map(|s| (s, 0))
        .collect();
        let mut details = Map::new();
        for t in &self.threads {
            *states.entry(t.state).or_default() += 1;
            details.insert(
                t.tid.to_string(),
                json!({
                    "name": t.name, "state": t.state,
                    "blockedTime": null, "blockedCount": null, "waitedTime": null, "waitedCount": null,
                    "cpuTime": (t.utime + t.stime) * NS_PER_TICK, "userTime": t.utime * NS_PER_TICK,
                    "lockName": null, "lockOwnerName": null,
                }),
            );
        }
        let current = current_thread();
        json!({
            "threadCount": self.threads.len(),
            "peakThreadCount": self.peak_threads,
            "daemonThreadCount": self.daemon_threads(),
            "totalStartedThreadCount": self.seen.len(),
            "currentThreadCpuTime": current.as_ref().map(|t| (t.utime + t.stime) * NS_PER_TICK),
            "currentThreadUserTime": current.as_ref().map(|t| t.utime * NS_PER_TICK),
            "threadStates": states,
            "threadDetails": details,
        })
    }

    pub fn thread_count(&self) -> usize {
        self.threads.len()
    }

    pub fn peak_threads(&self) -> usize {
        self.peak_threads
    }

    /// Every thread but the main one: none of them keeps the process alive, as a JVM daemon.
    pub fn daemon_threads(&self) -> usize {
        self.threads.len().saturating_sub(1)
    }

    /// The disk holding `/` (or the first one).
    fn root(&self) -> Option<&sysinfo::Disk> {
        let list = self.disks.list();
        list.iter()
            .find(|d| d.mount_point() == std::path::Path::new("/"))
            .or_else(|| list.first())
    }

    /// (total, usable) bytes of the root disk.
    pub fn root_space(&self) -> (u64, u64) {
        self.root()
            .map(|d| (d.total_space(), d.available_space()))
            .unwrap_or((0, 0))
    }

    pub fn disk_percent(&self) -> f64 {
        let (total, usable) = self.root_space();
        if total == 0 {
            return 0.0;
        }
        percent((total - usable.min(total)) as f64 * 100.0 / total as f64)
    }

    pub fn disk(&self) -> Value {
        let mut systems = Map::new();
        for d in self.disks.list() {
            let mut key = d.name().to_string_lossy().into_owned();
            if systems.contains_key(&key) {
                key = format!("{key} ({})", d.mount_point().display());
            }
            systems.insert(key, file_system(d));
        }
        let (total, usable) = self.root_space();
        let rss = self.resident();
        json!({
            "fileSystems": systems,
            "rootDirectory": self.root().map(file_system),
            "totalFileSystems": self.disks.list().len(),
            "totalSpace": total,
            "totalUsableSpace": usable,
            "totalFreeSpace": usable,
            "diskIo": {
                "committedVirtualMemorySize": self.virtual_memory(),
                "processIo": {"committedVirtualMemoryMB": self.virtual_memory() / MIB},
                "fileSystemStats": {
                    "totalSpace": total, "freeSpace": usable, "usableSpace": usable,
                    "lastModified": null,
                    "spaceUtilization": self.disk_percent(),
                },
                "jvmIo": {"maxMemory": self.total_memory(), "totalMemory": rss, "freeMemory": 0, "usedMemory": rss},
                "error": null,
                "fileSystemError": null,
            },
        })
    }

    /// (all interfaces, those up).
    pub fn interface_counts(&self) -> (usize, usize) {
        let names: Vec<&String> = self.networks.list().keys().collect();
        let up = names.iter().filter(|n| flags(n).up).count();
        (names.len(), up)
    }

    /// The first address of an interface that is up and not the loopback.
    pub fn host_address(&self) -> String {
        let mut names: Vec<&String> = self.networks.list().keys().collect();
        names.sort();
        names
            .into_iter()
            .filter(|n| {
                let f = flags(n);
                f.up && !f.loopback
            })
            .flat_map(|n| self.networks.list()[n].ip_networks())
            .find(|ip| ip.addr.is_ipv4() && !ip.addr.is_loopback())
            .map(|ip| ip.addr.to_string())
            .unwrap_or_else(|| "127.0.0.1".into())
    }

    pub fn network(&self) -> Value {
        let mut interfaces = Map::new();
        for (name, data) in self.networks.list() {
            let f = flags(name);
            let addresses: Map<String, Value> = data
                .ip_networks()
                .iter()
                .enumerate()
                .map(|(i, ip)| {
                    (
                        format!("address_{i}"),
                        json!({"address": ip.addr.to_string(), "hostName": ip.addr.to_string(),
                               "networkPrefixLength": ip.prefix, "broadcast": null}),
                    )
                })
                .collect();
            let mac = data.mac_address();
            interfaces.insert(
                name.clone(),
                json!({
                    "name": name, "displayName": name,
                    "isUp": f.up, "isLoopback": f.loopback, "isVirtual": name.contains(':'),
                    "isPointToPoint": f.point_to_point, "supportsMulticast": f.multicast,
                    "macAddress": if mac.is_unspecified() { Value::Null } else { json!(mac.to_string()) },
                    "mtu": data.mtu(),
                    "addresses": addresses,
                    "parent": null, "subInterfaces": {},
                    "up": f.up, "loopback": f.loopback, "virtual": name.contains(':'), "pointToPoint": f.point_to_point,
                }),
            );
        }
        let address = self.host_address();
        let (total, up) = self.interface_counts();
        let ip: std::net::IpAddr = address.parse().unwrap_or([127, 0, 0, 1].into());
        let site_local = match ip {
            std::net::IpAddr::V4(v4) => v4.is_private(),
            std::net::IpAddr::V6(_) => false,
        };
        json!({
            "interfaces": interfaces,
            "totalInterfaces": total,
            "localhost": {
                "hostName": address, "hostAddress": address, "canonicalHostName": address,
                "isLoopbackAddress": ip.is_loopback(), "isLinkLocalAddress": false,
                "isSiteLocalAddress": site_local, "isMulticastAddress": ip.is_multicast(),
                "loopbackAddress": ip.is_loopback(), "linkLocalAddress": false,
                "siteLocalAddress": site_local, "multicastAddress": ip.is_multicast(),
            },
            "stats": {"activeInterfaces": up, "timestamp": chrono::Utc::now().timestamp_millis()},
            "localhostError": null,
        })
    }

    /// The process's start, in milliseconds since the epoch.
    pub fn start_time_ms(&self) -> Option<u64> {
        self.sys
            .process(self.pid)
            .map(|p| p.start_time().saturating_mul(1000))
    }
}

fn refresh_process(sys: &mut System, pid: Pid) {
    sys.refresh_processes_specifics(
        ProcessesToUpdate::Some(&[pid]),
        false,
        ProcessRefreshKind::nothing().with_cpu().with_memory(),
    );
}

fn file_system(d: &sysinfo::Disk) -> Value {
    let total = d.total_space();
    let usable = d.available_space().min(total);
    let used = total - usable;
    let usage = if total == 0 {
        0.0
    } else {
        percent(used as f64 * 100.0 / total as f64)
    };
    json!({
        "name": d.name().to_string_lossy(),
        "type": d.file_system().to_string_lossy(),
        "totalSpace": total, "usedSpace": used, "usableSpace": usable, "freeSpace": usable,
        "usagePercentage": usage,
        "isReadOnly": d.is_read_only(), "readOnly": d.is_read_only(),
        "totalSpaceGB": two_decimals(total as f64 / GIB),
        "usedSpaceGB": two_decimals(used as f64 / GIB),
        "usableSpaceGB": two_decimals(usable as f64 / GIB),
        "freeSpaceGB": two_decimals(usable as f64 / GIB),
        "lastModified": null,
    })
}
