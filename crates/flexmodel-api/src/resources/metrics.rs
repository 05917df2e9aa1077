//! Metrics (`client.metrics()`): the platform counters (`fm`) and the system summary typed;
//! the detailed views (JVM, CPU, memory, threads, disk, network, all) stay JSON, keyed as the
//! server sends them. Percentages and loads are already 0–100.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::{Client, Req};
use crate::Result;

/// `GET /f/metrics/fm`: what the overview's stat cards show.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FmMetrics {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub custom_api_count: u64,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub request_count: u64,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub query_count: u64,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub mutation_count: u64,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub subscribe_count: u64,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub data_source_count: u64,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub model_count: u64,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub flow_def_count: u64,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub flow_exec_count: u64,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub trigger_total_count: u64,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub job_success_count: u64,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub job_failure_count: u64,
}

/// `GET /f/metrics/summary`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SystemSummary {
    /// Milliseconds since the epoch.
    pub system_time: Option<i64>,
    /// Milliseconds.
    pub uptime: Option<i64>,
    pub available_processors: Option<u32>,
    pub os_name: Option<String>,
    pub os_version: Option<String>,
    pub os_arch: Option<String>,
    #[serde(rename = "heapUsedMB")]
    pub heap_used_mb: Option<f64>,
    #[serde(rename = "heapMaxMB")]
    pub heap_max_mb: Option<f64>,
    pub heap_usage_percentage: Option<f64>,
    pub thread_count: Option<u64>,
    pub peak_thread_count: Option<u64>,
    pub daemon_thread_count: Option<u64>,
    #[serde(rename = "diskTotalSpaceGB")]
    pub disk_total_space_gb: Option<f64>,
    #[serde(rename = "diskUsableSpaceGB")]
    pub disk_usable_space_gb: Option<f64>,
    #[serde(rename = "diskFreeSpaceGB")]
    pub disk_free_space_gb: Option<f64>,
    pub disk_usage_percentage: Option<f64>,
    pub total_network_interfaces: Option<u64>,
    pub up_network_interfaces: Option<u64>,
    pub host_name: Option<String>,
    pub host_address: Option<String>,
    pub network_error: Option<String>,
    pub jvm_name: Option<String>,
    pub jvm_version: Option<String>,
    pub jvm_vendor: Option<String>,
    pub loaded_class_count: Option<u64>,
    pub total_loaded_class_count: Option<u64>,
    pub total_gc_count: Option<u64>,
    pub total_gc_time: Option<u64>,
    pub system_cpu_load: Option<f64>,
    pub process_cpu_load: Option<f64>,
}

/// `GET /f/metrics/prometheus`: the text exposition, or why there is none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PrometheusText {
    pub metrics: Option<String>,
    pub error: Option<String>,
}

/// `client.metrics()`. Every call is a read.
pub struct Metrics<'c>(pub(crate) &'c Client);

impl Metrics<'_> {
    pub async fn fm(&self) -> Result<FmMetrics> {
        self.0.fetch(Req::get("/f/metrics/fm")).await
    }

    pub async fn summary(&self) -> Result<SystemSummary> {
        self.0.fetch(Req::get("/f/metrics/summary")).await
    }

    pub async fn prometheus(&self) -> Result<PrometheusText> {
        self.0.fetch(Req::get("/f/metrics/prometheus")).await
    }

    /// Every view at once (what the official console polls every 3 s).
    pub async fn all(&self) -> Result<Value> {
        self.view("all").await
    }

    pub async fn jvm(&self) -> Result<Value> {
        self.view("jvm").await
    }

    pub async fn cpu(&self) -> Result<Value> {
        self.view("cpu").await
    }

    pub async fn memory(&self) -> Result<Value> {
        self.view("memory").await
    }

    pub async fn threads(&self) -> Result<Value> {
        self.view("threads").await
    }

    pub async fn disk(&self) -> Result<Value> {
        self.view("disk").await
    }

    pub async fn network(&self) -> Result<Value> {
        self.view("network").await
    }

    async fn view(&self, name: &str) -> Result<Value> {
        self.0.fetch(Req::get(format!("/f/metrics/{name}"))).await
    }
}
