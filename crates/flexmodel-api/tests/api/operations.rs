//! Every operation of `flexmodel-paths.md` as a row: its name, method, path as sent, whether
//! it carries the project header, and its resend rule; and a way to call each by name.

use flexmodel_api::*;
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// Tried again after the 502.
    Again,
    /// Sent once: an unknown outcome with the operation's own advice.
    Once,
}
pub use Rule::{Again, Once};

/// (operation, method, path as sent, project header?, rule)
pub const OPS: &[(&str, &str, &str, bool, Rule)] = &[
    ("projects.list", "GET", "/api/f/projects", false, Again),
    ("whoami", "GET", "/api/f/auth/whoami", false, Again),
    (
        "global_profile",
        "GET",
        "/api/f/global/profile",
        false,
        Again,
    ),
    ("settings.get", "GET", "/api/f/settings", true, Again),
    ("settings.update", "PATCH", "/api/f/settings", true, Again),
    ("datasources.list", "GET", "/api/f/datasources", true, Again),
    (
        "datasources.create",
        "POST",
        "/api/f/datasources",
        true,
        Once,
    ),
    (
        "datasources.update",
        "PUT",
        "/api/f/datasources/db1",
        true,
        Again,
    ),
    (
        "datasources.delete",
        "DELETE",
        "/api/f/datasources/db1",
        true,
        Again,
    ),
    (
        "datasources.validate",
        "POST",
        "/api/f/datasources/validate",
        true,
        Again,
    ),
    (
        "datasources.tables",
        "POST",
        "/api/f/datasources/physics/names",
        true,
        Again,
    ),
    (
        "datasources.sync",
        "POST",
        "/api/f/datasources/db1/sync",
        true,
        Once,
    ),
    (
        "native_query",
        "POST",
        "/api/f/datasources/db1/native-query",
        true,
        Once,
    ),
    (
        "models.list",
        "GET",
        "/api/f/datasources/db1/models",
        true,
        Again,
    ),
    (
        "models.get",
        "GET",
        "/api/f/datasources/db1/models/Student",
        true,
        Again,
    ),
    (
        "models.create",
        "POST",
        "/api/f/datasources/db1/models",
        true,
        Once,
    ),
    (
        "models.update",
        "PUT",
        "/api/f/datasources/db1/models/Gender",
        true,
        Again,
    ),
    (
        "models.delete",
        "DELETE",
        "/api/f/datasources/db1/models/Student",
        true,
        Again,
    ),
    (
        "models.idl",
        "POST",
        "/api/f/datasources/db1/models/idl/execute",
        true,
        Once,
    ),
    (
        "models.import",
        "POST",
        "/api/f/datasources/db1/import",
        true,
        Once,
    ),
    (
        "fields.create",
        "POST",
        "/api/f/datasources/db1/models/Student/fields",
        true,
        Once,
    ),
    (
        "fields.update",
        "PUT",
        "/api/f/datasources/db1/models/Student/fields/age",
        true,
        Again,
    ),
    (
        "fields.delete",
        "DELETE",
        "/api/f/datasources/db1/models/Student/fields/age",
        true,
        Again,
    ),
    (
        "indexes.create",
        "POST",
        "/api/f/datasources/db1/models/Student/indexes",
        true,
        Once,
    ),
    (
        "indexes.update",
        "PUT",
        "/api/f/datasources/db1/models/Student/indexes/IDX",
        true,
        Again,
    ),
    (
        "indexes.delete",
        "DELETE",
        "/api/f/datasources/db1/models/Student/indexes/IDX",
        true,
        Again,
    ),
    (
        "records.list",
        "GET",
        "/api/f/datasources/db1/models/Student/records",
        true,
        Again,
    ),
    (
        "records.get",
        "GET",
        "/api/f/datasources/db1/models/Student/records/7",
        true,
        Again,
    ),
    (
        "records.create",
        "POST",
        "/api/f/datasources/db1/models/Student/records",
        true,
        Once,
    ),
    (
        "records.replace",
        "PUT",
        "/api/f/datasources/db1/models/Student/records/7",
        true,
        Again,
    ),
    (
        "records.update",
        "PATCH",
        "/api/f/datasources/db1/models/Student/records/7",
        true,
        Again,
    ),
    (
        "records.delete",
        "DELETE",
        "/api/f/datasources/db1/models/Student/records/7",
        true,
        Again,
    ),
    ("graphql.query", "POST", "/api/f/graphql", true, Again),
    ("graphql.mutation", "POST", "/api/f/graphql", true, Once),
    ("flows.list", "GET", "/api/f/flows", true, Again),
    ("flows.get", "GET", "/api/f/flows/fm1", true, Again),
    ("flows.create", "POST", "/api/f/flows", true, Once),
    ("flows.update", "PUT", "/api/f/flows/fm1", true, Again),
    ("flows.delete", "DELETE", "/api/f/flows/fm1", true, Again),
    (
        "flows.deploy",
        "POST",
        "/api/f/flows/fm1/deploy",
        true,
        Once,
    ),
    (
        "instances.list",
        "GET",
        "/api/f/flows/instances",
        true,
        Again,
    ),
    (
        "instances.get",
        "GET",
        "/api/f/flows/instances/fi1",
        true,
        Again,
    ),
    (
        "instances.start",
        "POST",
        "/api/f/flows/instances/start",
        true,
        Once,
    ),
    (
        "instances.commit",
        "POST",
        "/api/f/flows/instances/fi1/commit",
        true,
        Once,
    ),
    (
        "instances.rollback",
        "POST",
        "/api/f/flows/instances/fi1/rollback",
        true,
        Once,
    ),
    (
        "instances.terminate",
        "POST",
        "/api/f/flows/instances/fi1/terminate",
        true,
        Again,
    ),
    (
        "instances.elements",
        "GET",
        "/api/f/flows/instances/fi1/elements",
        true,
        Again,
    ),
    (
        "instances.user_tasks",
        "GET",
        "/api/f/flows/instances/fi1/user-tasks",
        true,
        Again,
    ),
    ("triggers.list", "GET", "/api/f/triggers", true, Again),
    ("triggers.get", "GET", "/api/f/triggers/t1", true, Again),
    ("triggers.create", "POST", "/api/f/triggers", true, Once),
    ("triggers.update", "PUT", "/api/f/triggers/t1", true, Again),
    ("triggers.patch", "PATCH", "/api/f/triggers/t1", true, Again),
    (
        "triggers.delete",
        "DELETE",
        "/api/f/triggers/t1",
        true,
        Again,
    ),
    (
        "triggers.execute",
        "POST",
        "/api/f/triggers/t1/execute",
        true,
        Once,
    ),
    ("job_logs.list", "GET", "/api/f/jobs/logs", true, Again),
    ("apis.tree", "GET", "/api/f/apis", true, Again),
    ("apis.create", "POST", "/api/f/apis", true, Once),
    ("apis.update", "PUT", "/api/f/apis/a1", true, Again),
    ("apis.patch", "PATCH", "/api/f/apis/a1", true, Again),
    ("apis.delete", "DELETE", "/api/f/apis/a1", true, Again),
    ("apis.generate", "POST", "/api/f/apis/generate", true, Once),
    (
        "apis.histories",
        "GET",
        "/api/f/apis/a1/histories",
        true,
        Again,
    ),
    (
        "apis.restore",
        "POST",
        "/api/f/apis/a1/histories/h1/restore",
        true,
        Once,
    ),
    ("api_logs.list", "GET", "/api/f/logs", true, Again),
    ("api_logs.stat", "GET", "/api/f/logs/stat", true, Again),
    ("metrics.all", "GET", "/api/f/metrics/all", true, Again),
    ("metrics.fm", "GET", "/api/f/metrics/fm", true, Again),
    ("metrics.jvm", "GET", "/api/f/metrics/jvm", true, Again),
    ("metrics.cpu", "GET", "/api/f/metrics/cpu", true, Again),
    (
        "metrics.memory",
        "GET",
        "/api/f/metrics/memory",
        true,
        Again,
    ),
    (
        "metrics.threads",
        "GET",
        "/api/f/metrics/threads",
        true,
        Again,
    ),
    ("metrics.disk", "GET", "/api/f/metrics/disk", true, Again),
    (
        "metrics.network",
        "GET",
        "/api/f/metrics/network",
        true,
        Again,
    ),
    (
        "metrics.summary",
        "GET",
        "/api/f/metrics/summary",
        true,
        Again,
    ),
    (
        "metrics.prometheus",
        "GET",
        "/api/f/metrics/prometheus",
        true,
        Again,
    ),
    (
        "codegen.templates",
        "GET",
        "/api/f/codegen/templates",
        true,
        Again,
    ),
    (
        "codegen.download",
        "GET",
        "/api/f/codegen/java.zip",
        true,
        Again,
    ),
];

pub async fn run(c: &Client, op: &str, dir: &std::path::Path) -> Result<()> {
    let ds = Datasource::new("db1", DatasourceConfig::default());
    let entity = Model::Entity(Entity {
        name: "Student".into(),
        ..Default::default()
    });
    let field = Field::new("age", FieldType::Int);
    let index = Index {
        name: "IDX".into(),
        ..Default::default()
    };
    let trigger = Trigger::for_flow(
        "t",
        "fm1",
        TriggerConfig::Cron {
            cron_expression: "0 0 8 * * ?".into(),
        },
    );
    let api = ApiDefinition {
        name: "a".into(),
        ..Default::default()
    };
    let models = c.models("db1");
    let records = c.records("db1", "Student");
    let v = json!({"name": "A"});
    match op {
        "projects.list" => c.projects().list().await.map(drop),
        "whoami" => c.whoami().await.map(drop),
        "global_profile" => c.settings().global_profile().await.map(drop),
        "settings.get" => c.settings().get().await.map(drop),
        "settings.update" => c.settings().update(&Settings::default()).await.map(drop),
        "datasources.list" => c.datasources().list().await.map(drop),
        "datasources.create" => c.datasources().create(&ds).await.map(drop),
        "datasources.update" => c.datasources().update("db1", &ds).await.map(drop),
        "datasources.delete" => c.datasources().delete("db1").await,
        "datasources.validate" => c.datasources().validate(&ds).await.map(drop),
        "datasources.tables" => c.datasources().physical_tables(&ds).await.map(drop),
        "datasources.sync" => c.datasources().sync("db1", &["t".into()]).await.map(drop),
        "native_query" => c
            .native_query("db1")
            .execute("select 1", &json!({}))
            .await
            .map(drop),
        "models.list" => models.list().await.map(drop),
        "models.get" => models.get("Student").await.map(drop),
        "models.create" => models.create(&entity).await.map(drop),
        "models.update" => models.update("Gender", &entity).await.map(drop),
        "models.delete" => models.delete("Student").await,
        "models.idl" => models
            .execute_idl("model S { id: Long @id }")
            .await
            .map(drop),
        "models.import" => models.import("model S {}", ImportType::IDL).await,
        "fields.create" => models.fields("Student").create(&field).await.map(drop),
        "fields.update" => models
            .fields("Student")
            .update("age", &field)
            .await
            .map(drop),
        "fields.delete" => models.fields("Student").delete("age").await,
        "indexes.create" => models.indexes("Student").create(&index).await.map(drop),
        "indexes.update" => models
            .indexes("Student")
            .update("IDX", &index)
            .await
            .map(drop),
        "indexes.delete" => models.indexes("Student").delete("IDX").await,
        "records.list" => records.list(&RecordQuery::new()).await.map(drop),
        "records.get" => records.get("7").await.map(drop),
        "records.create" => records.create(&v).await.map(drop),
        "records.replace" => records.replace("7", &v).await.map(drop),
        "records.update" => records.update("7", &v).await.map(drop),
        "records.delete" => records.delete("7").await,
        "graphql.query" => c
            .graphql()
            .query("{ db1_list_Student { id } }")
            .await
            .map(drop),
        "graphql.mutation" => c
            .graphql()
            .query("mutation { db1_create_Student(data: {}) { id } }")
            .await
            .map(drop),
        "flows.list" => c.flows().list(&FlowQuery::default()).await.map(drop),
        "flows.get" => c.flows().get("fm1", None).await.map(drop),
        "flows.create" => c.flows().create(&FlowCreate::default()).await.map(drop),
        "flows.update" => c.flows().update("fm1", &FlowUpdate::default()).await,
        "flows.delete" => c.flows().delete("fm1").await,
        "flows.deploy" => c.flows().deploy("fm1").await.map(drop),
        "instances.list" => c
            .instances()
            .list(&InstanceQuery::default())
            .await
            .map(drop),
        "instances.get" => c.instances().get("fi1").await.map(drop),
        "instances.start" => c.instances().start("fm1", None, &json!({})).await.map(drop),
        "instances.commit" => c
            .instances()
            .commit("fi1", "task", &json!({}))
            .await
            .map(drop),
        "instances.rollback" => c.instances().rollback("fi1", "task").await.map(drop),
        "instances.terminate" => c.instances().terminate("fi1", true).await.map(drop),
        "instances.elements" => c.instances().elements("fi1").await.map(drop),
        "instances.user_tasks" => c.instances().user_tasks("fi1").await.map(drop),
        "triggers.list" => c.triggers().list(&TriggerQuery::default()).await.map(drop),
        "triggers.get" => c.triggers().get("t1").await.map(drop),
        "triggers.create" => c.triggers().create(&trigger).await.map(drop),
        "triggers.update" => c.triggers().update("t1", &trigger).await.map(drop),
        "triggers.patch" => c.triggers().set_enabled("t1", false).await.map(drop),
        "triggers.delete" => c.triggers().delete("t1").await,
        "triggers.execute" => c.triggers().execute("t1").await.map(drop),
        "job_logs.list" => c.job_logs().list(&JobLogQuery::default()).await.map(drop),
        "apis.tree" => c.apis().tree().await.map(drop),
        "apis.create" => c.apis().create(&api).await.map(drop),
        "apis.update" => c.apis().update("a1", &api).await.map(drop),
        "apis.patch" => c.apis().patch("a1", Some("b"), None).await.map(drop),
        "apis.delete" => c.apis().delete("a1").await,
        "apis.generate" => {
            let g = GenerateApis {
                datasource_name: "db1".into(),
                model_name: "Student".into(),
                api_folder: "Students".into(),
                id_field_of_path: "id".into(),
                generate_apis: vec!["list".into()],
            };
            c.apis().generate(&g).await
        }
        "apis.histories" => c.apis().histories("a1").await.map(drop),
        "apis.restore" => c.apis().restore("a1", "h1").await.map(drop),
        "api_logs.list" => c.api_logs().list(&ApiLogQuery::default()).await.map(drop),
        "api_logs.stat" => c.api_logs().stat(None).await.map(drop),
        "metrics.all" => c.metrics().all().await.map(drop),
        "metrics.fm" => c.metrics().fm().await.map(drop),
        "metrics.jvm" => c.metrics().jvm().await.map(drop),
        "metrics.cpu" => c.metrics().cpu().await.map(drop),
        "metrics.memory" => c.metrics().memory().await.map(drop),
        "metrics.threads" => c.metrics().threads().await.map(drop),
        "metrics.disk" => c.metrics().disk().await.map(drop),
        "metrics.network" => c.metrics().network().await.map(drop),
        "metrics.summary" => c.metrics().summary().await.map(drop),
        "metrics.prometheus" => c.metrics().prometheus().await.map(drop),
        "codegen.templates" => c.codegen().templates().await.map(drop),
        "codegen.download" => c
            .codegen()
            .download("java", "db1", None, &dir.join("java.zip"))
            .await
            .map(drop),
        other => panic!("no such operation in the table: {other}"),
    }
}
