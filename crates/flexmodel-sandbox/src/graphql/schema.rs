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
    Enum, Field, FieldFuture, FieldValue, InputObject, InputValue, Object, Scalar, Schema, TypeRef,
};

use super::names::{self, EntityInfo, Source};
use super::objects::{aggregate_type, avg_type, joins, parent, record_field};
use super::operations::{mutation_fields, query_fields};

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
