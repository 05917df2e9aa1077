//! `flexmodel datasources|models|records …`: the data side's commands.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::Value;

use super::{json_object, sort, PageArgs, SortKeys};

#[derive(Debug, Subcommand)]
pub enum DatasourcesCmd {
    /// List the data sources.
    List,
    /// Test a data source's connection.
    Validate { name: String },
    /// The tables of a data source's database.
    Tables { name: String },
    /// Make models of a data source's tables.
    Sync {
        name: String,
        /// The tables, comma separated.
        #[arg(long, value_delimiter = ',', required = true, value_name = "a,b")]
        tables: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ModelsCmd {
    /// List a data source's models.
    List { datasource: String },
    /// Show one model: its fields and indexes, or elements, or statement.
    Get { datasource: String, model: String },
    /// Create models from an IDL file.
    Idl {
        datasource: String,
        #[arg(long, value_name = "F")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecordsCmd {
    /// List a model's records.
    List {
        datasource: String,
        model: String,
        /// A filter in the server's language, a JSON object: '{"age":{"_gt":18}}'.
        #[arg(long, value_name = "JSON", value_parser = json_object)]
        filter: Option<Value>,
        /// Sort keys, a JSON array: '[{"field":"age","order":"DESC"}]'.
        #[arg(long, value_name = "JSON", value_parser = sort)]
        sort: Option<SortKeys>,
        #[command(flatten)]
        page: PageArgs,
        /// Fill relation fields with their records.
        #[arg(long)]
        nested: bool,
    },
    /// Show one record.
    Get {
        datasource: String,
        model: String,
        id: String,
    },
    /// Create a record.
    Create {
        datasource: String,
        model: String,
        /// The record, a JSON object.
        #[arg(long, value_name = "JSON", value_parser = json_object)]
        data: Value,
    },
    /// Replace a record (PUT: fields not given are cleared).
    Update {
        datasource: String,
        model: String,
        id: String,
        #[arg(long, value_name = "JSON", value_parser = json_object)]
        data: Value,
    },
    /// Change some fields of a record (PATCH).
    Patch {
        datasource: String,
        model: String,
        id: String,
        #[arg(long, value_name = "JSON", value_parser = json_object)]
        data: Value,
    },
    /// Delete a record (asks first; --yes in scripts).
    Delete {
        datasource: String,
        model: String,
        id: String,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
    },
}
