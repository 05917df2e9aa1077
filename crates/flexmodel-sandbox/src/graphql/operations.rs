//! The root fields of an entity, with the server's names and arguments: the queries
//! `ds_list_M`, `ds_aggregate_M`, `ds_find_one_M` (and `ds_find_by_id_M`), the mutations
//! `ds_create_M`, `ds_update_M`, `ds_delete_M`, `ds_update_M_by_id`, `ds_delete_M_by_id`,
//! each a call of the data module's Rust API (which publishes the record events).

use async_graphql::dynamic::{Field, FieldFuture, FieldValue, InputValue, TypeRef};
use serde_json::json;

use super::names::{self, EntityInfo};
use super::objects::{args_of, count_arg, ctx, gql, id_arg, json_arg, record, records, AggParent};
use crate::data::{self, Query};

pub(super) fn where_args(field: Field, key: &str) -> Field {
    field.argument(
        InputValue::new("where", TypeRef::named(format!("{key}_bool_exp")))
            .description("filter the rows returned"),
    )
}

pub(super) fn page_args(field: Field, key: &str) -> Field {
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
pub(super) fn query_fields(ds: &str, e: &EntityInfo) -> Vec<Field> {
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
                    let args = args_of(&rc)?;
                    let c = ctx(&rc)?;
                    let mut sort = Vec::new();
                    if let Some(o) = rc.args.get("order_by").filter(|o| !o.is_null()) {
                        for (field, dir) in o.object()?.iter() {
                            if !dir.is_null() {
                                sort.push((field.to_string(), dir.enum_name()? == "desc"));
                            }
                        }
                    }
                    let page = match (count_arg(&args, "page")?, count_arg(&args, "size")?) {
                        (Some(p), Some(s)) => Some((p, s)),
                        _ => None,
                    };
                    let q = Query {
                        filter: json_arg(&args, "where"),
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
                    let args = args_of(&rc)?;
                    let filter = json_arg(&args, "where");
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
                let args = args_of(&rc)?;
                let c = ctx(&rc)?;
                let filter = json_arg(&args, "where");
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
                    let args = args_of(&rc)?;
                    let c = ctx(&rc)?;
                    let id = id_arg(&args)?;
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
pub(super) fn mutation_fields(ds: &str, e: &EntityInfo) -> Vec<Field> {
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
                    let args = args_of(&rc)?;
                    let c = ctx(&rc)?;
                    let filter = json_arg(&args, "where").unwrap_or(json!({}));
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
                        let args = args_of(&rc)?;
                        let c = ctx(&rc)?;
                        let id = id_arg(&args)?;
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
                        let args = args_of(&rc)?;
                        let c = ctx(&rc)?;
                        let id = id_arg(&args)?;
                        let set = json_arg(&args, "_set").unwrap_or(json!({}));
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
                let args = args_of(&rc)?;
                let c = ctx(&rc)?;
                let Some(data) = json_arg(&args, "data") else {
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
                    let args = args_of(&rc)?;
                    let c = ctx(&rc)?;
                    let filter = json_arg(&args, "where").unwrap_or(json!({}));
                    let set = json_arg(&args, "_set").unwrap_or(json!({}));
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
