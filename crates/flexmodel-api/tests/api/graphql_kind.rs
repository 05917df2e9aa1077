//! Which GraphQL documents are mutations (sent once) and which are queries (resent after a
//! passing failure), as the client reads them.

use flexmodel_api::runs_mutation;

#[test]
fn the_servers_generated_operations_are_told_apart() {
    let queries = [
        "{ system_list_Student(where: {age: {_gt: 10}}, order_by: {name: asc}) { id name } }",
        "query Count { system_aggregate_Student { _count } }",
        "query($id: ID!) { system_find_one_Student(where: {id: {_eq: $id}}) { id } }",
    ];
    for q in queries {
        assert!(!runs_mutation(q, None), "{q}");
    }
    let mutations = [
        "mutation { system_create_Student(data: {name: \"A\"}) { id } }",
        "mutation Set($n: String) { system_update_Student(_set: {name: $n}, where: {}) { affected_rows } }",
        "\n  mutation{system_delete_Student_by_id(id: 1){id}}",
    ];
    for m in mutations {
        assert!(runs_mutation(m, None), "{m}");
    }
}
