//! Who may act where: the companies a user belongs to, the department each company assigns
//! them (`AssignedDepartmentId`), and the departments they have permission in: the assigned one
//! and every department below it. The demo user belongs to every company and is assigned its
//! root, so it may act everywhere.

use serde_json::Value;

use crate::store::{text, Store, DEMO_USER_ID};
use crate::DEMO_USERNAME;

/// A user's place in one company.
#[derive(Debug, Clone)]
pub(crate) struct Membership {
    /// The user's account id (`UserId`), written as `CreatedBy`/`ModifiedBy`.
    pub user_id: String,
    /// Where the user's permission starts: the assigned department, else the company's root
    /// (none only for a company without departments).
    pub assigned: Option<String>,
}

/// The company's root department.
pub(crate) fn root_department<'a>(store: &'a Store, company_id: &str) -> Option<&'a Value> {
    store
        .departments
        .iter()
        .find(|d| text(d, "CompanyId") == company_id && d["ParentId"].is_null())
}

/// The user's company-user document in `company_id`, if the store has one.
pub(crate) fn company_user<'a>(
    store: &'a Store,
    company_id: &str,
    user_name: &str,
) -> Option<&'a Value> {
    store
        .users
        .iter()
        .find(|u| text(u, "CompanyId") == company_id && text(u, "UserName") == user_name)
}

/// The user's membership of `company_id`, or none when they are not a member. The demo user
/// is a member of every company, with or without a company-user document (older data files).
pub(crate) fn membership(store: &Store, company_id: &str, user_name: &str) -> Option<Membership> {
    let root = || root_department(store, company_id).map(|d| text(d, "Id").to_owned());
    match company_user(store, company_id, user_name) {
        Some(user) => {
            let user_id = [text(user, "UserId"), text(user, "Id")]
                .into_iter()
                .find(|id| !id.is_empty())
                .unwrap_or_default()
                .to_owned();
            let assigned = Some(text(user, "AssignedDepartmentId"))
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
                .or_else(root);
            Some(Membership { user_id, assigned })
        }
        None if user_name == DEMO_USERNAME => Some(Membership {
            user_id: DEMO_USER_ID.to_owned(),
            assigned: root(),
        }),
        None => None,
    }
}

impl Membership {
    /// Whether the user has permission in `department_id`: it is the assigned department or
    /// lies below it.
    pub fn permits(&self, store: &Store, department_id: &str) -> bool {
        let Some(assigned) = self.assigned.as_deref() else {
            return false;
        };
        let mut current = Some(department_id);
        // At most one step per department, so a cycle in a hand-edited data file cannot hang.
        for _ in 0..=store.departments.len() {
            match current {
                Some(id) if id == assigned => return true,
                Some(id) => {
                    current = store
                        .departments
                        .iter()
                        .find(|d| text(d, "Id") == id)
                        .and_then(|d| d["ParentId"].as_str());
                }
                None => return false,
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Store {
        crate::seed::store()
    }

    fn department(store: &Store, name: &str) -> String {
        let d = store
            .departments
            .iter()
            .find(|d| text(d, "Name").contains(name));
        text(d.expect("seeded department"), "Id").to_owned()
    }

    #[test]
    fn the_operator_has_permission_in_finance_and_below_only() {
        let s = store();
        let demo = text(&s.companies[0], "Id").to_owned();
        let member = membership(&s, &demo, crate::OPERATOR_USERNAME).expect("a member");
        let permitted: Vec<bool> = ["Headquarters", "Finance", "Payables", "HR", "Recruiting"]
            .iter()
            .map(|name| member.permits(&s, &department(&s, name)))
            .collect();
        assert_eq!(permitted, [false, true, true, false, false]);
        assert_eq!(member.assigned, Some(department(&s, "Finance")));
    }

    #[test]
    fn the_demo_user_has_permission_everywhere_in_both_companies() {
        let s = store();
        for company in &s.companies {
            let company = text(company, "Id");
            let member = membership(&s, company, DEMO_USERNAME).expect("a member");
            assert!(s
                .departments
                .iter()
                .filter(|d| text(d, "CompanyId") == company)
                .all(|d| member.permits(&s, text(d, "Id"))));
            assert_eq!(member.user_id, DEMO_USER_ID);
        }
    }

    #[test]
    fn the_operator_is_not_a_member_of_the_second_company() {
        let s = store();
        let second = text(&s.companies[1], "Id");
        assert!(membership(&s, second, crate::OPERATOR_USERNAME).is_none());
        assert!(membership(&s, second, "nobody").is_none());
    }
}
