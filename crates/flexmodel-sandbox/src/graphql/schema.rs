//! The dynamic schema of one project, as the engine's `GraphQLSchemaGenerator` writes it: per
//! datasource `ds` and entity `M` (key `ds_M`) the object `ds_M` (its fields, relations as the
//! related type or a list of it, `_join: Query`, `_join_mutation: Mutation`), `ds_M_aggregate`
//! (`_count(distinct, field)`, `_max`, `_min`, `_sum`, `_avg`), `ds_M_avg_fields`, the inputs
//! `ds_M_bool_exp`, `ds_M_order_by`, `ds_M_insert_input`, `ds_M_set_input`, the enum
//! `ds_M_select_field`; per enum model `E` the enum `ds_E` and `ds_E_comparison_exp`; the
//! shared `X_comparison_exp` inputs, `order_by`, `mutation_response` and the scalars `JSON`,
//! `DateTime`, `Date`, `Time`. Resolvers call the data module's Rust API, so record changes
//! publish their events as REST's do.

use async_graphql::dynamic::{
    Enum, Field, FieldFuture, FieldValue, InputObject, InputValue, Object, ObjectAccessor,
    ResolverContext, Scalar, Schema, TypeRef,
};
use async_graphql::{Error, Name, Value as Gql};
use serde_json::{json, Map, Value};

use super::names::{self, EntityInfo, FieldInfo, Kind, Source};
use crate::data::{self, Aggregate, Query};
use crate::error::ApiError;
use crate::Sandbox;

/// What every resolver reads from the request: whose data.
pub(crate) struct Ctx {
    pub sb: Sandbox,
    pub project: String,
}

type Res<T> = Result<T, Error>;

/// A data-module error as a GraphQL error with the server's message.
fn gql(e: ApiError) -> Error {
    let message = e
        .body
        .as_ref()
        .and_then(|b| b["message"].as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| format!("the data module answered {}", e.status));
    Error::new(message)
}

fn ctx<'a>(rc: &ResolverContext<'a>) -> Res<&'a Ctx> {
    rc.ctx.data::<Ctx>()
}

/// The argument `name` as JSON, `None` when absent or null.
fn json_arg(args: &ObjectAccessor<'_>, name: &str) -> Res<Option<Value>> {
    match args.get(name) {
        Some(v) if !v.is_null() => Ok(Some(v.as_value().clone().into_json()?)),
        _ => Ok(None),
    }
}

/// An `ID` argument as the text the data module takes.
fn id_arg(args: &ObjectAccessor<'_>) -> Res<String> {
    let v = args.try_get("id")?;
    Ok(match v.as_value() {
        Gql::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn count_arg(args: &ObjectAccessor<'_>, name: &str) -> Res<Option<u64>> {
    match args.get(name) {
        Some(v) if !v.is_null() => {
            let n = v.i64()?;
            u64::try_from(n)
                .map(Some)
                .map_err(|_| Error::new(format!("{name} must not be negative, got {n}")))
        }
        _ => Ok(None),
    }
}

fn record(v: Value) -> FieldValue<'static> {
    FieldValue::owned_any(v)
}

fn records(list: Vec<Value>) -> FieldValue<'static> {
    FieldValue::list(list.into_iter().map(record))
}

/// The record or aggregate row a field of `ds_M` reads from.
fn parent<'a>(rc: &ResolverContext<'a>) -> Res<&'a Value> {
    rc.parent_value.try_downcast_ref::<Value>()
}

/// An identity value as graphql-java's `ID` answers it: a string.
fn id_value(v: &Value) -> Option<Gql> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(Gql::String(s.clone())),
        other => Some(Gql::String(other.to_string())),
    }
}

fn enum_value(v: &Value) -> Option<FieldValue<'static>> {
    match v {
        Value::String(s) => Some(FieldValue::value(Gql::Enum(Name::new(s)))),
        _ => None,
    }
}

/// A field of the object `ds_M`.
fn record_field(ds: &str, f: &FieldInfo) -> Field {
    let name = f.name.clone();
    let ty = if f.is_list() {
        TypeRef::named_list(f.type_name())
    } else {
        TypeRef::named(f.type_name())
    };
    match &f.kind {
        Kind::Scalar(_) => Field::new(f.name.clone(), ty, move |rc| {
            let name = name.clone();
            FieldFuture::new(async move {
                Ok(match parent(&rc)?.get(&name) {
                    None | Some(Value::Null) => None,
                    Some(v) => Some(FieldValue::value(Gql::from_json(v.clone())?)),
                })
            })
        }),
        Kind::Id => Field::new(f.name.clone(), ty, move |rc| {
            let name = name.clone();
            FieldFuture::new(async move {
                let v = parent(&rc)?.get(&name).and_then(id_value);
                Ok(v.map(FieldValue::value))
            })
        }),
        Kind::Enum { multiple, .. } => {
            let multiple = *multiple;
            Field::new(f.name.clone(), ty, move |rc| {
                let name = name.clone();
                FieldFuture::new(async move {
                    let v = parent(&rc)?.get(&name).cloned().unwrap_or(Value::Null);
                    Ok(match (multiple, v) {
                        (_, Value::Null) => None,
                        (true, Value::Array(items)) => {
                            Some(FieldValue::list(items.iter().filter_map(enum_value)))
                        }
                        (true, single) => Some(FieldValue::list(enum_value(&single))),
                        (false, v) => enum_value(&v),
                    })
                })
            })
        }
        Kind::Relation {
            from,
            local,
            foreign,
            multiple,
            ..
        } => {
            let (ds, from, local, foreign, multiple) = (
                ds.to_owned(),
                from.clone(),
                local.clone(),
                foreign.clone(),
                *multiple,
            );
            Field::new(f.name.clone(), ty, move |rc| {
                let (name, ds, from, local, foreign) = (
                    name.clone(),
                    ds.clone(),
                    from.clone(),
                    local.clone(),
                    foreign.clone(),
                );
                FieldFuture::new(async move {
                    let rec = parent(&rc)?;
                    // Already there when the record came nested (a record by id).
                    let related: Vec<Value> = match rec.get(&name) {
                        Some(Value::Array(list)) => list.clone(),
                        Some(Value::Object(o)) => vec![Value::Object(o.clone())],
                        _ => {
                            let key = rec.get(&local).cloned().unwrap_or(Value::Null);
                            if key.is_null() {
                                Vec::new()
                            } else {
                                let c = ctx(&rc)?;
                                let q = Query {
                                    filter: Some(json!({ &foreign: { "_eq": key } })),
                                    sort: Vec::new(),
                                    page: (!multiple).then_some((1, 1)),
                                    nested: false,
                                };
                                data::list_records(&c.sb, &c.project, &ds, &from, &q)
                                    .map_err(gql)?
                                    .0
                            }
                        }
                    };
                    Ok(if multiple {
                        Some(records(related))
                    } else {
                        related.into_iter().next().map(record)
                    })
                })
            })
        }
    }
}

/// `_join: Query` and `_join_mutation: Mutation`: the roots again, inside a result.
fn joins(obj: Object) -> Object {
    let join = |name: &str, ty: &str| {
        Field::new(name, TypeRef::named(ty), |_| {
            FieldFuture::new(async { Ok(Some(FieldValue::owned_any(()))) })
        })
    };
    obj.field(join("_join", "Query"))
        .field(join("_join_mutation", "Mutation"))
}

/// What `ds_aggregate_M` hands to the fields of `ds_M_aggregate`.
struct AggParent {
    ds: String,
    model: String,
    filter: Option<Value>,
}

/// `_max`, `_min`, `_sum`, `_avg`: each selected field's aggregate, as a row of the model.
fn aggregate_row(name: &str, op: Aggregate, ty: TypeRef) -> Field {
    Field::new(name, ty, move |rc| {
        FieldFuture::new(async move {
            let p = rc.parent_value.try_downcast_ref::<AggParent>()?;
            let c = ctx(&rc)?;
            let mut row = Map::new();
            for sel in rc.ctx.field().selection_set() {
                let field = sel.name();
                if field.starts_with("__") || field.starts_with("_join") {
                    continue;
                }
                let v = data::aggregate(
                    &c.sb,
                    &c.project,
                    &p.ds,
                    &p.model,
                    p.filter.as_ref(),
                    Some(field),
                    op,
                )
                .map_err(gql)?;
                row.insert(field.to_owned(), v);
            }
            Ok(Some(record(Value::Object(row))))
        })
    })
}

fn aggregate_type(key: &str) -> Object {
    let count = Field::new("_count", TypeRef::named_nn(TypeRef::INT), |rc| {
        FieldFuture::new(async move {
            let p = rc.parent_value.try_downcast_ref::<AggParent>()?;
            let c = ctx(&rc)?;
            if rc.args.get("distinct").map(|d| d.boolean()).transpose()? == Some(true) {
                return Err(Error::new(
                    "_count(distinct: true) is not supported by the sandbox",
                ));
            }
            let field = match rc.args.get("field") {
                Some(f) if !f.is_null() => Some(f.enum_name()?.to_owned()),
                _ => None,
            };
            let v = data::aggregate(
                &c.sb,
                &c.project,
                &p.ds,
                &p.model,
                p.filter.as_ref(),
                field.as_deref(),
                Aggregate::Count,
            )
            .map_err(gql)?;
            Ok(Some(FieldValue::value(Gql::from_json(v)?)))
        })
    })
    .argument(InputValue::new(
        "distinct",
        TypeRef::named(TypeRef::BOOLEAN),
    ))
    .argument(InputValue::new(
        "field",
        TypeRef::named(format!("{key}_select_field")),
    ));
    joins(
        Object::new(format!("{key}_aggregate"))
            .field(count)
            .field(aggregate_row(
                "_max",
                Aggregate::Max,
                TypeRef::named_nn(key),
            ))
            .field(aggregate_row(
                "_min",
                Aggregate::Min,
                TypeRef::named_nn(key),
            ))
            .field(aggregate_row(
                "_sum",
                Aggregate::Sum,
                TypeRef::named_nn(key),
            ))
            .field(aggregate_row(
                "_avg",
                Aggregate::Avg,
                TypeRef::named_nn(format!("{key}_avg_fields")),
            )),
    )
}

fn avg_type(key: &str, e: &EntityInfo) -> Object {
    let mut obj = Object::new(format!("{key}_avg_fields"));
    for f in e.fields.iter().filter(|f| !f.is_relation()) {
        let name = f.name.clone();
        obj = obj.field(Field::new(
            f.name.clone(),
            TypeRef::named(TypeRef::FLOAT),
            move |rc| {
                let name = name.clone();
                FieldFuture::new(async move {
                    Ok(match parent(&rc)?.get(&name) {
                        Some(Value::Number(n)) => Some(FieldValue::value(n.as_f64())),
                        _ => None,
                    })
                })
            },
        ));
    }
    obj
}

/// The inputs and enum of an entity.
fn inputs(key: &str, e: &EntityInfo) -> (InputObject, InputObject, InputObject, InputObject, Enum) {
    let bool_exp = format!("{key}_bool_exp");
    let mut where_ = InputObject::new(&bool_exp)
        .field(InputValue::new("_and", TypeRef::named_nn_list(&bool_exp)))
        .field(InputValue::new("_or", TypeRef::named_nn_list(&bool_exp)));
    let mut order = InputObject::new(format!("{key}_order_by"));
    let mut insert = InputObject::new(format!("{key}_insert_input"));
    let mut set = InputObject::new(format!("{key}_set_input"));
    let mut select = Enum::new(format!("{key}_select_field"));
    for f in &e.fields {
        where_ = where_.field(InputValue::new(
            f.name.clone(),
            TypeRef::named(f.comparison()),
        ));
        if f.is_relation() {
            continue;
        }
        order = order.field(InputValue::new(f.name.clone(), TypeRef::named("order_by")));
        let ty = || {
            if f.is_list() {
                TypeRef::named_list(f.type_name())
            } else {
                TypeRef::named(f.type_name())
            }
        };
        insert = insert.field(InputValue::new(f.name.clone(), ty()));
        set = set.field(InputValue::new(f.name.clone(), ty()));
        select = select.item(f.name.clone());
    }
    (where_, order, insert, set, select)
}

fn where_args(field: Field, key: &str) -> Field {
    field.argument(
        InputValue::new("where", TypeRef::named(format!("{key}_bool_exp")))
            .description("filter the rows returned"),
    )
}

fn page_args(field: Field, key: &str) -> Field {
    where_args(field, key)
        .argument(
            InputValue::new("order_by", TypeRef::named(format!("{key}_order_by")))
                .description("sort the rows by one or more columns"),
        )
        .argument(
            InputValue::new("size", TypeRef::named(TypeRef::INT))
                .description("the number of rows in a page (with page)"),
        )
        .argument(
            InputValue::new("page", TypeRef::named(TypeRef::INT))
                .description("the page, from 1 (with size)"),
        )
}

/// The query fields of an entity.
fn query_fields(ds: &str, e: &EntityInfo) -> Vec<Field> {
    let key = format!("{ds}_{}", e.name);
    let m = e.name.clone();
    let d = ds.to_owned();
    let mut out = Vec::new();

    let (dd, mm) = (d.clone(), m.clone());
    out.push(page_args(
        Field::new(
            names::list(ds, &m),
            TypeRef::named_nn_list_nn(&key),
            move |rc| {
                let (ds, m) = (dd.clone(), mm.clone());
                FieldFuture::new(async move {
                    let c = ctx(&rc)?;
                    let mut sort = Vec::new();
                    if let Some(o) = rc.args.get("order_by").filter(|o| !o.is_null()) {
                        for (field, dir) in o.object()?.iter() {
                            if !dir.is_null() {
                                sort.push((field.to_string(), dir.enum_name()? == "desc"));
                            }
                        }
                    }
                    let page = match (count_arg(&rc.args, "page")?, count_arg(&rc.args, "size")?) {
                        (Some(p), Some(s)) => Some((p, s)),
                        _ => None,
                    };
                    let q = Query {
                        filter: json_arg(&rc.args, "where")?,
                        sort,
                        page,
                        nested: false,
                    };
                    let (list, _) =
                        data::list_records(&c.sb, &c.project, &ds, &m, &q).map_err(gql)?;
                    Ok(Some(records(list)))
                })
            },
        ),
        &key,
    ));

    let (dd, mm) = (d.clone(), m.clone());
    out.push(page_args(
        Field::new(
            names::aggregate(ds, &m),
            TypeRef::named_nn(format!("{key}_aggregate")),
            move |rc| {
                let (ds, model) = (dd.clone(), mm.clone());
                FieldFuture::new(async move {
                    let filter = json_arg(&rc.args, "where")?;
                    Ok(Some(FieldValue::owned_any(AggParent { ds, model, filter })))
                })
            },
        ),
        &key,
    ));

    let (dd, mm) = (d.clone(), m.clone());
    out.push(where_args(
        Field::new(names::find_one(ds, &m), TypeRef::named(&key), move |rc| {
            let (ds, m) = (dd.clone(), mm.clone());
            FieldFuture::new(async move {
                let c = ctx(&rc)?;
                let filter = json_arg(&rc.args, "where")?;
                let one = data::find_one(&c.sb, &c.project, &ds, &m, filter.as_ref(), false)
                    .map_err(gql)?;
                Ok(one.map(record))
            })
        }),
        &key,
    ));

    if e.identity.is_some() {
        let (dd, mm) = (d, m.clone());
        out.push(
            Field::new(names::find_by_id(ds, &m), TypeRef::named(&key), move |rc| {
                let (ds, m) = (dd.clone(), mm.clone());
                FieldFuture::new(async move {
                    let c = ctx(&rc)?;
                    let id = id_arg(&rc.args)?;
                    let one = data::get_record(&c.sb, &c.project, &ds, &m, &id).map_err(gql)?;
                    Ok(one.map(record))
                })
            })
            .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID))),
        );
    }
    out
}

/// The mutation fields of an entity.
fn mutation_fields(ds: &str, e: &EntityInfo) -> Vec<Field> {
    let key = format!("{ds}_{}", e.name);
    let m = e.name.clone();
    let d = ds.to_owned();
    let mut out = Vec::new();
    let bool_exp_nn = || TypeRef::named_nn(format!("{key}_bool_exp"));

    let (dd, mm) = (d.clone(), m.clone());
    out.push(
        Field::new(
            names::delete(ds, &m),
            TypeRef::named("mutation_response"),
            move |rc| {
                let (ds, m) = (dd.clone(), mm.clone());
                FieldFuture::new(async move {
                    let c = ctx(&rc)?;
                    let filter = json_arg(&rc.args, "where")?.unwrap_or(json!({}));
                    let gone =
                        data::delete_records(&c.sb, &c.project, &ds, &m, &filter).map_err(gql)?;
                    Ok(Some(record(json!({ "affected_rows": gone.len() }))))
                })
            },
        )
        .argument(InputValue::new("where", bool_exp_nn())),
    );

    if let Some(identity) = &e.identity {
        let (dd, mm, idf) = (d.clone(), m.clone(), identity.clone());
        out.push(
            Field::new(
                names::delete_by_id(ds, &m),
                TypeRef::named(&key),
                move |rc| {
                    let (ds, m, idf) = (dd.clone(), mm.clone(), idf.clone());
                    FieldFuture::new(async move {
                        let c = ctx(&rc)?;
                        let id = id_arg(&rc.args)?;
                        let Some(before) =
                            data::get_record(&c.sb, &c.project, &ds, &m, &id).map_err(gql)?
                        else {
                            return Ok(None);
                        };
                        let filter = json!({ &idf: { "_eq": before[&idf] } });
                        data::delete_records(&c.sb, &c.project, &ds, &m, &filter).map_err(gql)?;
                        Ok(Some(record(before)))
                    })
                },
            )
            .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID))),
        );

        let (dd, mm) = (d.clone(), m.clone());
        out.push(
            Field::new(
                names::update_by_id(ds, &m),
                TypeRef::named(&key),
                move |rc| {
                    let (ds, m) = (dd.clone(), mm.clone());
                    FieldFuture::new(async move {
                        let c = ctx(&rc)?;
                        let id = id_arg(&rc.args)?;
                        let set = json_arg(&rc.args, "_set")?.unwrap_or(json!({}));
                        let after = data::write_record(&c.sb, &c.project, &ds, &m, &id, &set, true)
                            .map_err(gql)?;
                        Ok(after.map(record))
                    })
                },
            )
            .argument(InputValue::new(
                "_set",
                TypeRef::named(format!("{key}_set_input")),
            ))
            .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID))),
        );
    }

    let (dd, mm) = (d.clone(), m.clone());
    out.push(
        Field::new(names::create(ds, &m), TypeRef::named(&key), move |rc| {
            let (ds, m) = (dd.clone(), mm.clone());
            FieldFuture::new(async move {
                let c = ctx(&rc)?;
                let Some(data) = json_arg(&rc.args, "data")? else {
                    return Ok(None);
                };
                let created = data::create_record(&c.sb, &c.project, &ds, &m, data).map_err(gql)?;
                Ok(Some(record(created)))
            })
        })
        .argument(InputValue::new(
            "data",
            TypeRef::named(format!("{key}_insert_input")),
        )),
    );

    let (dd, mm) = (d, m.clone());
    out.push(
        Field::new(
            names::update(ds, &m),
            TypeRef::named("mutation_response"),
            move |rc| {
                let (ds, m) = (dd.clone(), mm.clone());
                FieldFuture::new(async move {
                    let c = ctx(&rc)?;
                    let filter = json_arg(&rc.args, "where")?.unwrap_or(json!({}));
                    let set = json_arg(&rc.args, "_set")?.unwrap_or(json!({}));
                    let changed = data::update_records(&c.sb, &c.project, &ds, &m, &filter, &set)
                        .map_err(gql)?;
                    Ok(Some(record(json!({ "affected_rows": changed.len() }))))
                })
            },
        )
        .argument(InputValue::new(
            "_set",
            TypeRef::named(format!("{key}_set_input")),
        ))
        .argument(InputValue::new("where", bool_exp_nn())),
    );
    out
}

/// An `X_comparison_exp` input over the scalar `ty` with these operators.
fn comparison(name: &str, ty: &str, ops: &[&str], lists: &[&str]) -> InputObject {
    let mut input = InputObject::new(name);
    for op in ops {
        input = input.field(InputValue::new(*op, TypeRef::named(ty)));
    }
    for op in lists {
        input = input.field(InputValue::new(*op, TypeRef::named_nn_list(ty)));
    }
    input
}

/// A scalar that takes and answers what the records hold (text for dates and times, any JSON
/// for `JSON`).
fn lenient(name: &str, description: &str) -> Scalar {
    Scalar::new(name).description(description)
}

/// Builds the schema of these sources; `Err` names what cannot be a GraphQL schema.
pub(crate) fn build(sources: &[Source]) -> Result<Schema, String> {
    let mut query = Object::new("Query").description("Query root");
    let mut mutation = Object::new("Mutation").description("Mutation root");
    let mut types: Vec<async_graphql::dynamic::Type> = Vec::new();
    let mut any = false;
    for src in sources {
        if !names::is_name(&src.ds) {
            return Err(format!(
                "datasource name '{}' cannot be part of a GraphQL name",
                src.ds
            ));
        }
        for (e, elements) in &src.enums {
            let ty = format!("{}_{e}", src.ds);
            check(&ty)?;
            for el in elements {
                check(el)?;
            }
            types.push(Enum::new(&ty).items(elements.iter().cloned()).into());
            types.push(
                comparison(
                    &format!("{ty}_comparison_exp"),
                    &ty,
                    &["_eq", "_ne"],
                    &["_in", "_nin"],
                )
                .into(),
            );
        }
        for e in &src.entities {
            let key = format!("{}_{}", src.ds, e.name);
            check(&key)?;
            for f in &e.fields {
                check(&f.name)?;
            }
            any = true;
            let mut obj = Object::new(&key).description(format!("{} model {}", src.ds, e.name));
            for f in &e.fields {
                obj = obj.field(record_field(&src.ds, f));
            }
            types.push(joins(obj).into());
            types.push(aggregate_type(&key).into());
            types.push(avg_type(&key, e).into());
            let (w, o, i, s, sel) = inputs(&key, e);
            types.extend([w.into(), o.into(), i.into(), s.into(), sel.into()]);
            for f in query_fields(&src.ds, e) {
                query = query.field(f);
            }
            for f in mutation_fields(&src.ds, e) {
                mutation = mutation.field(f);
            }
        }
    }
    if !any {
        return Err(
            "the project has no entity model with a field: its GraphQL schema would be empty"
                .into(),
        );
    }
    let affected = Field::new("affected_rows", TypeRef::named_nn(TypeRef::INT), |rc| {
        FieldFuture::new(async move {
            let n = parent(&rc)?["affected_rows"].as_i64().unwrap_or(0);
            Ok(Some(FieldValue::value(n)))
        })
    })
    .description("the number of rows the mutation changed");
    let mut builder = Schema::build("Query", Some("Mutation"), None)
        .extension(super::trace::Trace)
        .register(query)
        .register(mutation)
        .register(joins(Object::new("mutation_response").field(affected)))
        .register(
            Enum::new("order_by")
                .description("column ordering options")
                .item("asc")
                .item("desc"),
        )
        .register(lenient("JSON", "any JSON value"))
        .register(lenient("DateTime", "a date and time, 2025-08-30T19:58:23"))
        .register(lenient("Date", "a date, 2025-08-30"))
        .register(lenient("Time", "a time of day, 19:58:23"));
    let ordered = ["_eq", "_ne", "_gt", "_lt", "_gte", "_lte"];
    let text = [
        "_eq",
        "_ne",
        "_contains",
        "_not_contains",
        "_starts_with",
        "_ends_with",
    ];
    for input in [
        comparison("Int_comparison_exp", "Int", &ordered, &["_in", "_nin"]),
        comparison("Float_comparison_exp", "Float", &ordered, &["_in", "_nin"]),
        comparison("String_comparison_exp", "String", &text, &["_in", "_nin"]),
        comparison("JSON_comparison_exp", "String", &text, &["_in", "_nin"]),
        comparison("Boolean_comparison_exp", "Boolean", &["_eq", "_ne"], &[]),
        comparison(
            "Date_comparison_exp",
            "Date",
            &ordered,
            &["_in", "_nin", "_between"],
        ),
        comparison(
            "DateTime_comparison_exp",
            "DateTime",
            &ordered,
            &["_in", "_nin", "_between"],
        ),
        comparison(
            "Time_comparison_exp",
            "Time",
            &ordered,
            &["_in", "_nin", "_between"],
        ),
    ] {
        builder = builder.register(input);
    }
    for ty in types {
        builder = builder.register(ty);
    }
    builder.finish().map_err(|e| e.0)
}

fn check(name: &str) -> Result<(), String> {
    match names::is_name(name) {
        true => Ok(()),
        false => Err(format!("'{name}' cannot be a GraphQL name")),
    }
}
