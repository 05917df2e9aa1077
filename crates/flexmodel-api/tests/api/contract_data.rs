//! Contract of the data sources, models, fields and indexes through the client: what the seed
//! holds, and every change read back through another operation (a model's fields through the
//! model, a new column through its records, a synced table through its records).

use flexmodel_api::*;
use serde_json::json;

use crate::common::signed_in;

fn sqlite(url: &str) -> DatasourceConfig {
    DatasourceConfig {
        db_kind: "sqlite".into(),
        url: url.into(),
        ..Default::default()
    }
}

fn entity(model: Option<Model>) -> Entity {
    match model {
        Some(Model::Entity(e)) => e,
        other => panic!("not an entity: {other:?}"),
    }
}

#[tokio::test]
async fn datasources_are_listed_created_updated_and_deleted() {
    let f = signed_in().await;
    let ds = f.client.datasources();
    let seeded = ds.list().await.unwrap();
    assert_eq!(seeded.len(), 1);
    assert_eq!(seeded[0].name, "system");
    assert_eq!(seeded[0].kind, DatasourceType::SYSTEM);
    assert_eq!(seeded[0].config.db_kind, "sqlite");
    assert_eq!(seeded[0].config.url, "jdbc:sqlite:system.sqlite3");
    let dev = f.client.with_project("dev_test");
    let names: Vec<String> = dev
        .datasources()
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(names, ["dev"]);

    let made = ds
        .create(&Datasource::new(
            "scratch",
            sqlite("jdbc:sqlite:scratch.sqlite3"),
        ))
        .await
        .unwrap();
    assert_eq!(
        (&made.kind, made.created_by.as_deref()),
        (&DatasourceType::USER, Some("admin"))
    );
    let listed = ds.list().await.unwrap();
    assert_eq!(
        listed.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
        ["system", "scratch"]
    );

    let mut changed = made.clone();
    changed.config = sqlite("jdbc:sqlite:other.sqlite3");
    changed.config.extra.insert("poolSize".into(), json!(4));
    let answered = ds.update("scratch", &changed).await.unwrap();
    assert_eq!(answered.config.url, "jdbc:sqlite:other.sqlite3");
    let read = ds.list().await.unwrap().remove(1);
    assert_eq!(read.config.url, "jdbc:sqlite:other.sqlite3");
    assert_eq!(read.config.extra["poolSize"], 4);

    // The platform's own datasource is refused with the server's words.
    let err = ds.update("system", &seeded[0]).await.unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::InvalidInput, Some(400))
    );
    assert_eq!(err.to_string(), "System datasource system cannot be edited");

    ds.delete("scratch").await.unwrap();
    assert_eq!(ds.list().await.unwrap().len(), 1);
    // Deleting what is gone is done already.
    ds.delete("scratch").await.unwrap();
}

#[tokio::test]
async fn validate_tables_and_sync_read_a_real_sqlite_file() {
    let f = signed_in().await;
    let ds = f.client.datasources();
    let system_file = Datasource::new("probe", sqlite("jdbc:sqlite:system.sqlite3"));
    let ok = ds.validate(&system_file).await.unwrap();
    assert_eq!(
        (ok.success, ok.error_msg.as_deref()),
        (Some(true), Some("ok"))
    );
    let missing = Datasource::new("probe", sqlite("jdbc:sqlite:nowhere.sqlite3"));
    let bad = ds.validate(&missing).await.unwrap();
    assert_eq!(bad.success, Some(false));
    assert!(bad.error_msg.unwrap().contains("nowhere.sqlite3"));

    let tables = ds.physical_tables(&system_file).await.unwrap();
    assert_eq!(tables, ["Classes", "Product", "Student"]);
    assert!(ds.physical_tables(&missing).await.unwrap().is_empty());

    // A second datasource on the same file: syncing its Classes table makes a model whose
    // records are the seeded classes.
    ds.create(&Datasource::new(
        "mirror",
        sqlite("jdbc:sqlite:system.sqlite3"),
    ))
    .await
    .unwrap();
    let synced = ds.sync("mirror", &["Classes".into()]).await.unwrap();
    assert_eq!(synced.len(), 1);
    let classes = entity(synced.into_iter().next());
    let fields: Vec<&str> = classes.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(fields, ["id", "classCode", "className"]);
    assert!(classes.fields[0].identity);
    let models = f.client.models("mirror").list().await.unwrap();
    assert_eq!(
        models.iter().map(Model::name).collect::<Vec<_>>(),
        ["Classes"]
    );
    let page = f
        .client
        .records("mirror", "Classes")
        .list(&RecordQuery::new().sort(Sort::asc("classCode")))
        .await
        .unwrap();
    assert_eq!(page.total, Some(5));
    assert_eq!(page.list[4]["className"], "Class E");
}

#[tokio::test]
async fn the_seeded_models_read_as_their_kinds() {
    let f = signed_in().await;
    let models = f.client.models("system");
    let all = models.list().await.unwrap();
    let kinds: Vec<(&str, &str)> = all.iter().map(|m| (m.name(), m.kind())).collect();
    assert_eq!(
        kinds,
        [
            ("UserGender", "enum"),
            ("Classes", "entity"),
            ("Student", "entity"),
            ("StudentsOlderThan", "native_query"),
            ("Product", "entity"),
        ]
    );
    match &all[0] {
        Model::Enum(e) => assert_eq!(e.elements, ["UNKNOWN", "MALE", "FEMALE"]),
        other => panic!("{other:?}"),
    }
    match &all[3] {
        Model::NativeQuery(q) => {
            assert_eq!(q.statement, "select * from Student where age > ${age}");
            assert_eq!(q.parameters, ["age"]);
        }
        other => panic!("{other:?}"),
    }
    let student = entity(models.get("Student").await.unwrap());
    assert_eq!(student.fields.len(), 13);
    let class = student
        .fields
        .iter()
        .find(|f| f.name == "studentClass")
        .unwrap();
    assert_eq!(class.field_type, FieldType::Relation);
    assert_eq!(class.from.as_deref(), Some("Classes"));
    assert_eq!(class.local_field.as_deref(), Some("classId"));
    assert_eq!(student.indexes[0].name, "IDX_STUDENT_NAME");
    assert!(student.idl.as_deref().unwrap().contains("model Student"));
}

#[tokio::test]
async fn models_are_created_replaced_and_deleted() {
    let f = signed_in().await;
    let models = f.client.models("system");
    let colour = Model::Enum(EnumModel {
        name: "Colour".into(),
        elements: vec!["RED".into(), "GREEN".into()],
        ..Default::default()
    });
    let made = models.create(&colour).await.unwrap();
    assert_eq!(made.name(), "Colour");
    assert!(made.idl().unwrap().contains("RED"));
    let replaced = models
        .update(
            "Colour",
            &Model::Enum(EnumModel {
                name: "Colour".into(),
                elements: vec!["BLUE".into()],
                ..Default::default()
            }),
        )
        .await
        .unwrap();
    assert_eq!(replaced.name(), "Colour");
    match models.get("Colour").await.unwrap() {
        Some(Model::Enum(e)) => assert_eq!(e.elements, ["BLUE"]),
        other => panic!("{other:?}"),
    }

    let pet = Model::Entity(Entity {
        name: "Pet".into(),
        fields: vec![
            Field {
                identity: true,
                default_value: Some(DefaultValue::generated("autoIncrement")),
                ..Field::new("id", FieldType::Long)
            },
            Field::new("name", FieldType::String),
        ],
        ..Default::default()
    });
    models.create(&pet).await.unwrap();
    let rex = f
        .client
        .records("system", "Pet")
        .create(&json!({"name": "Rex"}))
        .await
        .unwrap();
    assert_eq!(rex, json!({"id": 1, "name": "Rex"}));
    // An entity is not replaced whole: the server's 500, by its message.
    let err = models.update("Pet", &pet).await.unwrap_err();
    assert_eq!(
        (err.status(), err.to_string()),
        (Some(500), "Unsupported model type".into())
    );

    models.delete("Pet").await.unwrap();
    models.delete("Colour").await.unwrap();
    let names: Vec<String> = models
        .list()
        .await
        .unwrap()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    assert!(
        !names.contains(&"Pet".to_owned()) && !names.contains(&"Colour".to_owned()),
        "{names:?}"
    );
    let err = f
        .client
        .records("system", "Pet")
        .list(&RecordQuery::new())
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "Model not found: Pet");
}

#[tokio::test]
async fn fields_change_the_model_and_its_table() {
    let f = signed_in().await;
    let models = f.client.models("system");
    let fields = models.fields("Classes");
    let made = fields
        .create(&Field {
            default_value: Some(DefaultValue::fixed("north")),
            ..Field::new("building", FieldType::String)
        })
        .await
        .unwrap();
    assert_eq!(
        (made.model_name.as_deref(), made.length),
        (Some("Classes"), Some(255))
    );
    // The rows already there got the fixed default.
    let classes = f.client.records("system", "Classes");
    let one = classes.get("1").await.unwrap().unwrap();
    assert_eq!(one["building"], "north");

    let updated = fields
        .update(
            "building",
            &Field {
                comment: Some("楼".into()),
                length: Some(40),
                ..Field::new("building", FieldType::String)
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.length, Some(40));
    let model = entity(models.get("Classes").await.unwrap());
    let building = model.fields.iter().find(|f| f.name == "building").unwrap();
    assert_eq!(
        (building.comment.as_deref(), building.length),
        (Some("楼"), Some(40))
    );
    assert_eq!(
        classes.get("1").await.unwrap().unwrap()["building"],
        "north"
    );

    fields.delete("building").await.unwrap();
    let model = entity(models.get("Classes").await.unwrap());
    assert!(model.fields.iter().all(|f| f.name != "building"));
    assert!(classes
        .get("1")
        .await
        .unwrap()
        .unwrap()
        .get("building")
        .is_none());
}

#[tokio::test]
async fn indexes_change_the_model_and_a_unique_one_is_enforced() {
    let f = signed_in().await;
    let models = f.client.models("system");
    let indexes = models.indexes("Classes");
    let index = |unique: bool| Index {
        name: "IDX_CLASS_NAME".into(),
        unique,
        fields: vec![IndexField {
            field_name: "className".into(),
            direction: None,
        }],
        ..Default::default()
    };
    let made = indexes.create(&index(false)).await.unwrap();
    assert_eq!(made.fields[0].direction.as_deref(), Some("ASC"));
    let model = entity(models.get("Classes").await.unwrap());
    let names: Vec<&str> = model.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["IDX_CLASS_CODE", "IDX_CLASS_NAME"]);

    let updated = indexes
        .update("IDX_CLASS_NAME", &index(true))
        .await
        .unwrap();
    assert!(updated.unique);
    let classes = f.client.records("system", "Classes");
    let err = classes
        .create(&json!({"classCode": "C99", "className": "Class A"}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500), "{err}");
    assert_eq!(
        classes.list(&RecordQuery::new()).await.unwrap().total,
        Some(5)
    );

    indexes.delete("IDX_CLASS_NAME").await.unwrap();
    let model = entity(models.get("Classes").await.unwrap());
    assert_eq!(model.indexes.len(), 1);
    classes
        .create(&json!({"classCode": "C99", "className": "Class A"}))
        .await
        .unwrap();
    assert_eq!(
        classes.list(&RecordQuery::new()).await.unwrap().total,
        Some(6)
    );
}
