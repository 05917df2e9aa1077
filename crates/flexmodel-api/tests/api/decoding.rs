//! Every typed answer decoded from the API document's samples (`flexmodel-api.txt`) and the
//! server notes (`flexmodel-server.md`), as the client reads them: keys exactly as sent,
//! unknown members ignored.

use console_core::de::decode;
use console_core::KeyCase;
use flexmodel_api::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

fn read<T: DeserializeOwned>(v: Value) -> T {
    decode(v.to_string().as_bytes(), KeyCase::Exact).expect("the sample decodes")
}

const D: &str = "2022-03-10T12:15:50";

fn student() -> Value {
    json!({"type": "entity", "name": "Student", "comment": "学生", "idl": "model Student {}",
      "somethingNew": 1,
      "fields": [
        {"name": "id", "type": "Long", "identity": true, "modelName": "Student", "unique": false, "nullable": true,
         "defaultValue": {"type": "generated", "name": "autoIncrement"}},
        {"name": "studentName", "type": "String", "modelName": "Student", "unique": false, "nullable": true, "length": 255},
        {"name": "gender", "type": "EnumRef", "from": "UserGender", "multiple": false, "modelName": "Student", "unique": false, "nullable": true},
        {"name": "interest", "type": "EnumRef", "from": "user_interest", "multiple": true, "modelName": "Student", "unique": false, "nullable": true},
        {"name": "age", "type": "Int", "modelName": "Student", "unique": false, "nullable": true},
        {"name": "score", "type": "Decimal128", "modelName": "Student"},
        {"name": "studentDetail", "type": "Relation", "modelName": "Student", "unique": false, "nullable": true, "multiple": false,
         "from": "StudentDetail", "localField": "id", "foreignField": "studentId", "cascadeDelete": true}
      ],
      "indexes": [{"modelName": "Student", "name": "IDX_studentName", "fields": [{"fieldName": "studentName", "direction": "ASC"}], "unique": false}]
    })
}

#[test]
fn models_of_every_type_and_an_unknown_one() {
    let models: Vec<Model> = read(json!([
        student(),
        {"type": "enum", "name": "UserGender", "elements": ["UNKNOWN", "MALE", "FEMALE"], "idl": "enum UserGender {}"},
        {"type": "native_query", "name": "olderThan", "statement": "select * from Student where age > ${age}", "parameters": ["age"]},
        {"type": "view", "name": "V", "sql": "x"}
    ]));
    let Model::Entity(e) = &models[0] else {
        panic!("{:?}", models[0])
    };
    assert_eq!(
        (e.name.as_str(), e.comment.as_deref()),
        ("Student", Some("学生"))
    );
    assert_eq!(e.fields.len(), 7);
    assert_eq!(
        e.fields[0].default_value,
        Some(DefaultValue::generated("autoIncrement"))
    );
    assert!(e.fields[0].identity);
    assert_eq!(
        (e.fields[1].field_type.clone(), e.fields[1].length),
        (FieldType::String, Some(255))
    );
    assert_eq!(e.fields[3].multiple, Some(true));
    assert_eq!(
        e.fields[5].field_type,
        FieldType::Other("Decimal128".into())
    );
    assert!(e.fields[5].nullable, "nullable unless said");
    let rel = &e.fields[6];
    assert_eq!(
        (
            rel.field_type.clone(),
            rel.from.as_deref(),
            rel.local_field.as_deref(),
            rel.foreign_field.as_deref(),
            rel.cascade_delete
        ),
        (
            FieldType::Relation,
            Some("StudentDetail"),
            Some("id"),
            Some("studentId"),
            Some(true)
        )
    );
    assert_eq!(e.indexes[0].fields[0].field_name, "studentName");
    assert_eq!(models[0].idl(), Some("model Student {}"));
    let Model::Enum(en) = &models[1] else {
        panic!()
    };
    assert_eq!(en.elements, ["UNKNOWN", "MALE", "FEMALE"]);
    let Model::NativeQuery(nq) = &models[2] else {
        panic!()
    };
    assert_eq!(nq.parameters, ["age"]);
    assert_eq!((models[3].kind(), models[3].name()), ("view", "V"));
    let written = serde_json::to_value(&models[1]).unwrap();
    assert_eq!(written["type"], "enum");
    assert_eq!(serde_json::to_value(&models[3]).unwrap()["sql"], "x");
    // The IDL execute answer: name, type and idl only.
    let executed: Vec<Model> = read(json!([{"name": "S", "type": "entity", "idl": "model S {}"}]));
    assert_eq!(executed[0].name(), "S");
}

#[test]
fn a_field_with_both_default_forms() {
    let f: Field = read(
        json!({"name": "n", "type": "String", "comment": "c", "unique": true, "nullable": false,
        "defaultValue": {"type": "fixed", "value": "x", "name": null, "fixed": true, "generated": false},
        "additionalProperties": {"property1": null}, "modelName": "S", "identity": false, "concreteType": "java.lang.String"}),
    );
    assert_eq!(
        f.default_value,
        Some(DefaultValue {
            kind: "fixed".into(),
            value: Some(json!("x")),
            name: None
        })
    );
    assert!(f.unique && !f.nullable);
    let i: Index = read(
        json!({"name": "IDX", "unique": true, "fields": [{"fieldName": "a", "direction": "DESC"}]}),
    );
    assert_eq!(i.fields[0].direction.as_deref(), Some("DESC"));
}

#[test]
fn datasources_validation_and_native_queries() {
    let list: Vec<Datasource> = read(json!([{"name": "system", "type": "SYSTEM",
        "config": {"dbKind": "sqlite", "url": "jdbc:sqlite:file:app.db", "username": null, "password": "p", "poolSize": 5},
        "enabled": true, "createdAt": D, "updatedAt": D, "tenantId": "default", "createdBy": "admin", "updatedBy": "admin"}]));
    let ds = &list[0];
    assert_eq!(
        (ds.kind.clone(), ds.config.db_kind.as_str()),
        (DatasourceType::SYSTEM, "sqlite")
    );
    assert_eq!(ds.config.extra["poolSize"], 5);
    assert!(!format!("{:?}", ds.config).contains("\"p\""));
    let v: ValidateAnswer =
        read(json!({"success": false, "errorMsg": "Connection refused", "time": 12}));
    assert_eq!(
        (v.success, v.error_msg.as_deref(), v.time),
        (Some(false), Some("Connection refused"), Some(12))
    );
    let v: ValidateAnswer = read(json!({"success": null, "errorMsg": null, "time": null}));
    assert_eq!(v.success, None);
    let q: NativeQueryAnswer =
        read(json!({"time": 3, "result": [{"studentName": "A", "AGE": 11}]}));
    assert_eq!(q.result[0]["AGE"], 11);
    let tables: Vec<String> = read(json!(["Student", "Classes"]));
    assert_eq!(tables.len(), 2);
}

#[test]
fn flows_instances_elements_and_user_tasks() {
    let page: Page<FlowModule> = read(
        json!({"list": [{"flowModuleId": "flow_module_001", "flowName": "订单处理流程",
        "flowKey": "order_process", "status": 4, "remark": "r", "tenant": "default", "caller": "admin",
        "operator": "admin", "modifyTime": D}], "total": 100}),
    );
    assert_eq!(
        (page.total, page.list[0].status),
        (Some(100), Some(FlowModuleStatus::Published))
    );
    let created: FlowCreated =
        read(json!({"errCode": 1000, "errMsg": "success", "flowModuleId": "flow_module_001"}));
    assert_eq!(created.flow_module_id, "flow_module_001");
    let detail: FlowModuleDetail = read(
        json!({"errCode": 1000, "errMsg": "success", "flowModuleId": "m", "flowDeployId": "d",
        "flowName": "n", "flowKey": "k", "flowModel": "{\"flowElementList\":[{\"key\":\"s\",\"type\":2}]}", "status": 1,
        "remark": "", "tenant": "t", "caller": "c", "operator": "o", "modifyTime": D}),
    );
    assert_eq!(detail.model().unwrap()["flowElementList"][0]["type"], 2);
    assert_eq!(detail.status, Some(FlowModuleStatus::Draft));
    let deployed: FlowDeployed = read(
        json!({"errCode": 1000, "errMsg": "success", "flowDeployId": "flow_deploy_001", "flowModuleId": "m"}),
    );
    assert_eq!(deployed.flow_deploy_id, "flow_deploy_001");
    let instances: Page<FlowInstance> = read(
        json!({"list": [{"flowInstanceId": "flow_inst_001", "flowModuleId": "m",
        "flowDeployId": "d", "status": 2, "parentFlowInstanceId": "p", "tenant": "default", "caller": "admin",
        "operator": "admin", "createTime": D, "modifyTime": D}], "total": 1}),
    );
    assert_eq!(instances.list[0].status, Some(FlowInstanceStatus::Running));
    let started: RunResult = read(
        json!({"errCode": 1000, "errMsg": "success", "flowInstanceId": "i", "status": 1,
        "flowDeployId": "d", "flowModuleId": "m", "nodeExecuteResults": [{"errCode": 0, "activeTaskInstance": {"key": "k"}}],
        "extendProperties": {"a": null}, "activeTaskInstance": {"key": "user_task_001", "status": 2}, "variables": {"x": 1}}),
    );
    assert_eq!(
        (started.flow_instance_id.as_deref(), started.status),
        (Some("i"), Some(FlowInstanceStatus::Completed))
    );
    assert_eq!(
        started.active_task_instance.unwrap()["key"],
        "user_task_001"
    );
    let elements: Vec<ElementInstance> = read(
        json!([{"Key": "start_event_001", "name": "开始事件", "status": 2,
        "properties": {}, "nodeInstanceId": "node_inst_001", "subFlowInstanceIdList": ["s"],
        "subElementInstanceList": [{"key": "x"}], "instanceDataId": "data_001", "key": "start_event_001"}]),
    );
    assert_eq!(
        (elements[0].key(), elements[0].status),
        (Some("start_event_001"), Some(NodeStatus::Active))
    );
    let tasks: Vec<UserTask> = read(
        json!([{"nodeInstanceId": "node_inst_001", "Key": "user_task_001", "modelName": "用户审批任务",
        "status": 5, "flowElementType": 1, "properties": {}, "subNodeResultList": [], "subFlowInstanceIdList": [],
        "subElementInstanceList": [], "instanceDataId": "data_001", "createTime": D, "modifyTime": D, "key": "", "name": "审批"}]),
    );
    assert_eq!(
        (tasks[0].key(), tasks[0].status),
        (Some("user_task_001"), Some(NodeStatus::Other(5)))
    );
}

#[test]
fn triggers_with_each_config_and_job_logs() {
    let page: Page<Trigger> = read(json!({"list": [
        {"id": "t1", "name": "daily", "description": "d", "type": "SCHEDULED", "config": {"type": "cron", "cronExpression": "0 0 8 * * ?"},
         "jobType": "FLOW", "jobGroup": "order_process", "jobId": "m", "state": true, "createdAt": D, "updatedAt": D,
         "createdBy": "admin", "updatedBy": "admin", "tenantId": "default", "jobName": "订单", "nextFireTime": null, "previousFireTime": null},
        {"id": "t2", "name": "every", "type": "SCHEDULED", "config": {"type": "interval", "interval": "5", "intervalUnit": "minute", "repeatCount": 10},
         "jobType": "FLOW", "jobId": "m", "state": false},
        {"id": "t3", "name": "on", "type": "EVENT", "config": {"type": "event", "datasourceName": "system", "modelName": "Student",
         "mutationTypes": ["create", "update"], "triggerTiming": "after"}, "jobType": "FLOW", "jobGroup": "system_Student", "jobId": "m", "state": true},
        {"id": "t4", "name": "new", "type": "WEBHOOK", "config": {"type": "webhook", "url": "u"}, "jobType": "FLOW", "jobId": "m"},
        {"id": "t5", "name": "none", "type": "EVENT", "config": null, "jobType": "FLOW", "jobId": "m"}
    ], "total": 5}));
    let t = &page.list;
    assert_eq!(
        t[0].config,
        Some(TriggerConfig::Cron {
            cron_expression: "0 0 8 * * ?".into()
        })
    );
    assert_eq!(t[0].job_name.as_deref(), Some("订单"));
    assert_eq!(
        t[1].config,
        Some(TriggerConfig::Interval {
            interval: 5,
            interval_unit: "minute".into(),
            repeat_count: Some(10)
        })
    );
    assert!(!t[1].state);
    assert_eq!(
        t[2].config,
        Some(TriggerConfig::Event {
            datasource_name: "system".into(),
            model_name: "Student".into(),
            mutation_types: vec!["create".into(), "update".into()],
            trigger_timing: Some("after".into())
        })
    );
    assert_eq!(t[3].kind, TriggerType::Other("WEBHOOK".into()));
    assert!(matches!(&t[3].config, Some(TriggerConfig::Other(v)) if v["url"] == "u"));
    assert_eq!(t[4].config, None);
    let written =
        serde_json::to_value(Trigger::for_flow("n", "m", t[1].config.clone().unwrap())).unwrap();
    assert_eq!(
        written["config"],
        json!({"type": "interval", "interval": 5, "intervalUnit": "minute", "repeatCount": 10})
    );
    assert_eq!(
        (
            written["type"].as_str(),
            written["jobType"].as_str(),
            written["state"].as_bool()
        ),
        (Some("SCHEDULED"), Some("FLOW"), Some(true))
    );

    let logs: Page<JobLog> = read(
        json!({"list": [{"id": "l", "triggerId": "t1", "jobId": "m", "jobGroup": "g", "jobType": "FLOW",
        "jobName": "n", "executionStatus": "FAILED", "startTime": D, "endTime": D, "executionDuration": 12, "isSuccess": false,
        "errorMessage": "boom", "errorStackTrace": null, "inputData": null, "outputData": {"x": 1}, "retryCount": 0,
        "maxRetryCount": 0, "schedulerName": "s", "instanceName": "i", "firedTime": 0, "scheduledTime": 0, "tenantId": "t",
        "createdBy": "c", "updatedBy": "u", "createdAt": D, "updatedAt": D}], "total": 1}),
    );
    let l = &logs.list[0];
    assert_eq!(
        (
            l.execution_status.as_deref(),
            l.is_success,
            l.execution_duration
        ),
        (Some("FAILED"), Some(false), Some(12))
    );
    assert_eq!(l.output_data, Some(json!({"x": 1})));
}

#[test]
fn the_api_tree_histories_logs_and_stat() {
    let tree: Vec<ApiDefinition> = read(
        json!([{"id": -1, "type": "FOLDER", "path": "s", "meta": null, "name": "Students",
        "createdAt": D, "updatedAt": D, "parentId": null, "enabled": true, "method": "GET",
        "children": [{"id": "a1", "name": "list", "parentId": "-1", "type": "API", "method": "GET", "path": "/Student/list",
            "meta": {"auth": true, "execution": {"executionType": "graphql", "query": "{ x }"}}, "enabled": true,
            "tenantId": "t", "createdBy": "c", "updatedBy": "u", "createdAt": D, "updatedAt": D, "children": [{}]}],
        "tenantId": "t", "createdBy": "c", "updatedBy": "u"}]),
    );
    let root = &tree[0];
    assert_eq!(
        (root.id.as_deref(), root.kind.clone()),
        (Some("-1"), ApiType::FOLDER)
    );
    let walked: Vec<(usize, &str)> = root
        .walk()
        .iter()
        .map(|(d, n)| (*d, n.name.as_str()))
        .collect();
    assert_eq!(walked, [(0, "Students"), (1, "list"), (2, "")]);
    assert_eq!(
        root.children[0].meta["execution"]["executionType"],
        "graphql"
    );
    let histories: Vec<ApiDefinition> = read(
        json!([{"id": "h", "apiDefinitionId": "a1", "name": "list", "parentId": "p",
        "type": "API", "method": "GET", "path": "/x", "meta": null, "enabled": true, "tenantId": "t", "createdBy": "c",
        "updatedBy": "u", "createdAt": D, "updatedAt": D}]),
    );
    assert_eq!(histories[0].api_definition_id.as_deref(), Some("a1"));
    let logs: Page<ApiLog> = read(
        json!({"total": null, "list": [{"id": "l", "uri": null, "level": null, "createdAt": D,
        "data": null, "url": "http://h/api/f/metrics/all", "httpMethod": "GET", "path": "GET /f/metrics/all",
        "requestBody": null, "requestHeaders": {"Accept": "*/*"}, "statusCode": 200, "responseTime": 4, "clientIp": "127.0.0.1",
        "isSuccess": true, "errorMessage": null, "tenantId": "t"}]}),
    );
    assert_eq!((logs.total, logs.list[0].status_code), (None, Some(200)));
    assert_eq!(logs.list[0].request_headers["Accept"], "*/*");
    let stat: ApiLogStat = read(json!({"apiStatList": [{"date": "2025-08-30", "total": 3}],
        "apiRankingList": [{"name": "GET /f/metrics/all", "total": 3}],
        "apiChart": {"dateList": ["2025-08-30"], "successData": [2], "failData": [1]}}));
    assert_eq!(
        (stat.api_chart.success_data[0], stat.api_chart.fail_data[0]),
        (2, 1)
    );
    assert_eq!(stat.api_ranking_list[0].total, 3);
}

#[test]
fn metrics_projects_users_settings_and_templates() {
    let fm: FmMetrics = read(
        json!({"customApiCount": 1, "requestCount": 2, "queryCount": 3, "mutationCount": 4,
        "subscribeCount": 5, "dataSourceCount": 6, "modelCount": 7, "flowDefCount": 8, "flowExecCount": 9,
        "triggerTotalCount": 10, "jobSuccessCount": 11, "jobFailureCount": 12}),
    );
    assert_eq!((fm.custom_api_count, fm.job_failure_count), (1, 12));
    let s: SystemSummary = read(
        json!({"systemTime": 1, "uptime": 2, "availableProcessors": 2, "osName": "Linux",
        "osVersion": "6", "osArch": "amd64", "heapUsedMB": 100, "heapMaxMB": 512, "heapUsagePercentage": 19.53,
        "threadCount": 30, "peakThreadCount": 31, "daemonThreadCount": 20, "diskTotalSpaceGB": 100.5,
        "diskUsableSpaceGB": 50.25, "diskFreeSpaceGB": 50.25, "diskUsagePercentage": 49.75, "totalNetworkInterfaces": 2,
        "upNetworkInterfaces": 1, "hostName": "h", "hostAddress": "10.0.0.1", "networkError": null, "jvmName": "OpenJDK",
        "jvmVersion": "21", "jvmVendor": "v", "loadedClassCount": 1, "totalLoadedClassCount": 2, "totalGcCount": 3,
        "totalGcTime": 4, "systemCpuLoad": 12.5, "processCpuLoad": 1.25}),
    );
    assert_eq!(
        (s.heap_max_mb, s.disk_total_space_gb, s.process_cpu_load),
        (Some(512.0), Some(100.5), Some(1.25))
    );
    let p: PrometheusText = read(json!({"metrics": "# HELP x\nx 1\n", "error": null}));
    assert!(p.metrics.unwrap().contains("x 1"));
    let projects: Vec<Project> =
        read(json!([{"id": "default", "enabled": true, "createdAt": D, "updatedAt": D}]));
    assert_eq!(projects[0].id, "default");
    let user: User = read(json!({"id": "u1", "username": "admin", "permissions": ["*"]}));
    assert_eq!(user.permissions, ["*"]);
    let profile: GlobalProfile = read(
        json!({"settings": {"appName": "FlexModel", "log": {"maxDays": 7,
        "consoleLoggingEnabled": false}, "graphqlEndpointPath": "/graphql", "theme": "dark"}, "apiRootPath": "/api"}),
    );
    assert_eq!(profile.settings.extra["theme"], "dark");
    assert_eq!(profile.settings.log.unwrap().max_days, Some(7));
    let templates: Vec<CodeTemplate> =
        read(json!(["java", {"name": "ts", "description": "TypeScript"}]));
    assert_eq!(
        (templates[0].name.as_str(), templates[1].name.as_str()),
        ("java", "ts")
    );
    assert_eq!(templates[1].extra["description"], "TypeScript");
}

#[test]
fn a_mismatch_names_its_json_path() {
    let err = decode::<Page<FlowModule>>(
        br#"{"list":[{"flowModuleId":"m","status":"draft"}]}"#,
        KeyCase::Exact,
    )
    .unwrap_err();
    match err {
        flexmodel_api::Error::Decode { path, .. } => assert_eq!(path, "list[0].status"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn lists_sent_as_null_read_as_empty() {
    let m: Model = read(
        json!({"type": "entity", "name": "S", "fields": null, "indexes": null, "comment": null}),
    );
    let Model::Entity(e) = m else { panic!() };
    assert!(e.fields.is_empty() && e.indexes.is_empty());
    let tree: Vec<ApiDefinition> =
        read(json!([{"id": "a", "name": "n", "type": "API", "children": null, "meta": null}]));
    assert!(tree[0].children.is_empty());
    let page: Page<Trigger> = read(json!({"list": null, "total": 0}));
    assert!(page.list.is_empty());
    let tasks: Vec<UserTask> =
        read(json!([{"Key": "k", "subNodeResultList": null, "subFlowInstanceIdList": null}]));
    assert!(tasks[0].sub_node_result_list.is_empty());
}

#[test]
fn texts_flags_and_counts_sent_as_null_read_as_defaults() {
    let f: Field = read(json!({"name": "a", "type": "Int", "unique": null, "identity": null}));
    assert!(!f.unique && !f.identity && f.nullable);
    let ds: Vec<Datasource> = read(
        json!([{"name": "d", "type": "USER", "enabled": null, "config": {"dbKind": null, "url": null}}]),
    );
    assert!(!ds[0].enabled && ds[0].config.url.is_empty());
    let t: Trigger = read(
        json!({"id": "t", "name": null, "type": "EVENT", "jobType": null, "jobId": null, "state": null}),
    );
    assert!(t.name.is_empty() && !t.state);
    let fm: FmMetrics = read(json!({"customApiCount": null, "modelCount": 3}));
    assert_eq!((fm.custom_api_count, fm.model_count), (0, 3));
    let p: Vec<Project> = read(json!([{"id": "default", "enabled": null}]));
    assert!(!p[0].enabled);
}
