//! A flow module's model: the `flowModel` JSON string of `PUT /f/flows/{id}`, parsed and
//! checked. `parse` is what an update checks (the text is a model at all: elements with
//! unique keys, known type codes, links to elements that exist); `check_deployable` is what
//! deploy adds (one start, an end, element types the sandbox runs, the links each kind of
//! element needs, every element reachable, conditions it can evaluate). The messages carry
//! the engine's error numbers (Turbo's `ErrorEnum`, 32xx) so that they can be looked up.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

pub(crate) const SEQUENCE_FLOW: i64 = 1;
pub(crate) const START_EVENT: i64 = 2;
pub(crate) const END_EVENT: i64 = 3;
pub(crate) const USER_TASK: i64 = 4;
pub(crate) const SERVICE_TASK: i64 = 5;
pub(crate) const EXCLUSIVE_GATEWAY: i64 = 6;

/// The type codes of the engine and their names.
fn type_name(code: i64) -> Option<&'static str> {
    Some(match code {
        1 => "sequence flow",
        2 => "start event",
        3 => "end event",
        4 => "user task",
        5 => "service task",
        6 => "exclusive gateway",
        8 => "call activity",
        9 => "parallel gateway",
        10 => "inclusive gateway",
        _ => return None,
    })
}

#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub key: String,
    pub kind: i64,
    pub incoming: Vec<String>,
    pub outgoing: Vec<String>,
    pub properties: Map<String, Value>,
}

impl Element {
    /// The element's display name: `properties.name`, or its key.
    pub fn name(&self) -> String {
        self.properties
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(&self.key)
            .to_owned()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub elements: Vec<Element>,
}

impl Model {
    pub fn get(&self, key: &str) -> Option<&Element> {
        self.elements.iter().find(|e| e.key == key)
    }

    pub fn start(&self) -> Option<&Element> {
        self.elements.iter().find(|e| e.kind == START_EVENT)
    }

    /// The node a sequence flow leads to.
    pub fn target(&self, flow_key: &str) -> Option<&Element> {
        let flow = self.get(flow_key)?;
        self.get(flow.outgoing.first()?)
    }
}

fn strings(element: &Map<String, Value>, field: &str, key: &str) -> Result<Vec<String>, String> {
    match element.get(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str().map(str::to_owned).ok_or_else(|| {
                    format!("element '{key}': {field} must be a list of element keys")
                })
            })
            .collect(),
        Some(_) => Err(format!(
            "element '{key}': {field} must be a list of element keys"
        )),
    }
}

/// Parses a `flowModel` text; the error says what is wrong with it.
pub(crate) fn parse(text: &str) -> Result<Model, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("flowModel is not valid JSON: {e}"))?;
    let list = value
        .get("flowElementList")
        .ok_or("flowModel has no flowElementList")?
        .as_array()
        .ok_or("flowModel's flowElementList must be a list")?;
    let mut elements = Vec::with_capacity(list.len());
    let mut keys = HashSet::new();
    for (i, item) in list.iter().enumerate() {
        let obj = item
            .as_object()
            .ok_or_else(|| format!("flowElementList[{i}] must be an object"))?;
        let key = obj
            .get("key")
            .and_then(Value::as_str)
            .filter(|k| !k.trim().is_empty())
            .ok_or_else(|| format!("flowElementList[{i}] has no key"))?
            .to_owned();
        if !keys.insert(key.clone()) {
            return Err(format!(
                "流程元素key必须唯一 (3203): the key '{key}' is used twice"
            ));
        }
        let kind = obj
            .get("type")
            .and_then(Value::as_i64)
            .ok_or_else(|| format!("element '{key}' has no type code"))?;
        if type_name(kind).is_none() {
            return Err(format!(
                "不识别的流程属性值 (3217): element '{key}' has the unknown type {kind} \
                 (1 sequence flow, 2 start, 3 end, 4 user task, 5 service task, \
                 6 exclusive gateway, 8 call activity, 9 parallel gateway, 10 inclusive gateway)"
            ));
        }
        let properties = match obj.get("properties") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => return Err(format!("element '{key}': properties must be an object")),
        };
        elements.push(Element {
            incoming: strings(obj, "incoming", &key)?,
            outgoing: strings(obj, "outgoing", &key)?,
            key,
            kind,
            properties,
        });
    }
    for e in &elements {
        for other in e.incoming.iter().chain(&e.outgoing) {
            if !keys.contains(other) {
                return Err(format!(
                    "element '{}' refers to '{other}', which is not in the model",
                    e.key
                ));
            }
        }
    }
    Ok(Model { elements })
}

/// What deploy checks beyond `parse`.
pub(crate) fn check_deployable(model: &Model) -> Result<(), String> {
    if model.elements.is_empty() {
        return Err("模型为空 (3201): the model has no elements".into());
    }
    for e in &model.elements {
        if matches!(e.kind, 8..=10) {
            return Err(format!(
                "unsupported element type {} ({}) at element '{}': the sandbox runs sequence \
                 flows, start and end events, user and service tasks and exclusive gateways",
                e.kind,
                type_name(e.kind).unwrap_or("?"),
                e.key
            ));
        }
    }
    let starts = model
        .elements
        .iter()
        .filter(|e| e.kind == START_EVENT)
        .count();
    if starts != 1 {
        return Err(format!(
            "流程必须有且仅有一个开始节点 (3202): the model has {starts} start events"
        ));
    }
    if !model.elements.iter().any(|e| e.kind == END_EVENT) {
        return Err("流程至少需要有一个结束节点 (3204): the model has no end event".into());
    }
    let by_key: HashMap<&str, &Element> =
        model.elements.iter().map(|e| (e.key.as_str(), e)).collect();
    for e in &model.elements {
        let key = &e.key;
        match e.kind {
            SEQUENCE_FLOW => {
                if e.incoming.len() != 1 || e.outgoing.len() != 1 {
                    return Err(format!(
                        "边应该属于一个入口节点和一个出口节点 (3206): sequence flow '{key}' \
                         needs exactly one incoming and one outgoing element"
                    ));
                }
                for end in e.incoming.iter().chain(&e.outgoing) {
                    if by_key[end.as_str()].kind == SEQUENCE_FLOW {
                        return Err(format!(
                            "sequence flow '{key}' must link two nodes, not the sequence flow '{end}'"
                        ));
                    }
                }
            }
            _ => {
                for link in e.incoming.iter().chain(&e.outgoing) {
                    if by_key[link.as_str()].kind != SEQUENCE_FLOW {
                        return Err(format!(
                            "node '{key}' must be linked by sequence flows, but '{link}' is not one"
                        ));
                    }
                }
                if e.kind != START_EVENT && e.incoming.is_empty() {
                    return Err(format!("元素缺少入口 (3214): '{key}' has no incoming flow"));
                }
                if e.kind == START_EVENT && !e.incoming.is_empty() {
                    return Err(format!(
                        "the start event '{key}' cannot have incoming flows"
                    ));
                }
                if e.kind == END_EVENT && !e.outgoing.is_empty() {
                    return Err(format!("the end event '{key}' cannot have outgoing flows"));
                }
                if e.kind != END_EVENT && e.outgoing.is_empty() {
                    return Err(format!("元素缺少出口 (3215): '{key}' has no outgoing flow"));
                }
                if matches!(e.kind, START_EVENT | USER_TASK | SERVICE_TASK) && e.outgoing.len() > 1
                {
                    return Err(format!(
                        "太多的出口分支 (3213): '{key}' has {} outgoing flows; only a gateway \
                         may branch",
                        e.outgoing.len()
                    ));
                }
                if e.kind == EXCLUSIVE_GATEWAY {
                    check_gateway(model, e)?;
                }
                if e.kind == SERVICE_TASK {
                    check_service_task(e)?;
                }
            }
        }
    }
    // Every element reachable from the start.
    let start = model.start().expect("one start, checked above");
    let mut seen = HashSet::from([start.key.as_str()]);
    let mut todo = vec![start];
    while let Some(e) = todo.pop() {
        for next in &e.outgoing {
            if seen.insert(next.as_str()) {
                todo.push(by_key[next.as_str()]);
            }
        }
    }
    if let Some(lost) = model
        .elements
        .iter()
        .find(|e| !seen.contains(e.key.as_str()))
    {
        return Err(format!(
            "该流程从开始节点不能到底每一个节点 (3205): '{}' cannot be reached from the start",
            lost.key
        ));
    }
    Ok(())
}

fn check_service_task(e: &Element) -> Result<(), String> {
    if let Some(sub) = e.properties.get("subType") {
        return Err(format!(
            "unsupported service task subType {sub} at element '{}': the sandbox does not run \
             scripts, SQL or record actions; its service tasks set properties.variables, wait \
             properties.sleepMillis, or fail with properties.fail",
            e.key
        ));
    }
    if let Some(v) = e.properties.get("variables") {
        if !v.is_object() {
            return Err(format!(
                "service task '{}': properties.variables must be an object of variables to set",
                e.key
            ));
        }
    }
    if let Some(v) = e.properties.get("sleepMillis") {
        if v.as_u64().is_none_or(|ms| ms > 30_000) {
            return Err(format!(
                "service task '{}': properties.sleepMillis must be 0 to 30000",
                e.key
            ));
        }
    }
    Ok(())
}

/// Whether a sequence flow out of a gateway is its default branch.
pub(crate) fn is_default(flow: &Element) -> bool {
    match flow.properties.get("defaultConditions") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true",
        _ => false,
    }
}

pub(crate) fn condition(flow: &Element) -> Option<&str> {
    flow.properties
        .get("conditionsequenceflow")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

fn check_gateway(model: &Model, e: &Element) -> Result<(), String> {
    let mut defaults = 0;
    for key in &e.outgoing {
        let flow = model.get(key).expect("links checked");
        if is_default(flow) {
            defaults += 1;
            continue;
        }
        let cond = condition(flow).ok_or_else(|| {
            format!(
                "解析环节条件分支除默认分支外均需要配置条件表达式 (3209): the flow '{key}' out of \
                 gateway '{}' has no conditionsequenceflow",
                e.key
            )
        })?;
        Condition::parse(cond).map_err(|why| format!("flow '{key}': {why}"))?;
    }
    if defaults > 1 {
        return Err(format!(
            "解析环节最多只能有一条默认分支 (3210): gateway '{}' has {defaults} default flows",
            e.key
        ));
    }
    Ok(())
}

/// A gateway condition the sandbox evaluates: `variable OP literal` (optionally inside
/// `${…}`), OP one of `== != > >= < <=`, the literal a number, a quoted string, `true`,
/// `false` or `null`. The real engine evaluates Groovy; anything richer is refused at deploy.
#[derive(Debug)]
pub(crate) struct Condition {
    variable: String,
    op: &'static str,
    literal: Value,
}

impl Condition {
    pub fn parse(text: &str) -> Result<Condition, String> {
        let inner = text
            .trim()
            .strip_prefix("${")
            .and_then(|t| t.strip_suffix('}'))
            .unwrap_or(text)
            .trim();
        let unsupported = || {
            format!(
                "unsupported condition '{text}': the sandbox evaluates only \
                 'variable OP literal' with OP one of == != > >= < <="
            )
        };
        let (pos, op) = ["==", "!=", ">=", "<=", ">", "<"]
            .iter()
            .filter_map(|op| inner.find(op).map(|p| (p, *op)))
            .min_by_key(|(p, op)| (*p, std::cmp::Reverse(op.len())))
            .ok_or_else(unsupported)?;
        let variable = inner[..pos].trim();
        let literal = inner[pos + op.len()..].trim();
        let ident = !variable.is_empty()
            && variable
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
        if !ident {
            return Err(unsupported());
        }
        let literal = if let Some(s) = literal
            .strip_prefix('\'')
            .and_then(|l| l.strip_suffix('\''))
        {
            Value::String(s.to_owned())
        } else {
            match serde_json::from_str::<Value>(literal) {
                Ok(v @ (Value::Number(_) | Value::String(_) | Value::Bool(_) | Value::Null)) => v,
                _ => return Err(unsupported()),
            }
        };
        Ok(Condition {
            variable: variable.to_owned(),
            op,
            literal,
        })
    }

    pub fn holds(&self, variables: &Map<String, Value>) -> bool {
        let mut value = Some(&Value::Null);
        for (i, part) in self.variable.split('.').enumerate() {
            value = if i == 0 {
                variables.get(part)
            } else {
                value.and_then(|v| v.get(part))
            };
        }
        let value = value.unwrap_or(&Value::Null);
        let ordering = match (value, &self.literal) {
            (Value::Number(a), Value::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()),
            (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
            (a, b) if a == b => Some(std::cmp::Ordering::Equal),
            _ => None,
        };
        use std::cmp::Ordering::*;
        match self.op {
            "==" => ordering == Some(Equal),
            "!=" => ordering != Some(Equal),
            ">" => ordering == Some(Greater),
            ">=" => matches!(ordering, Some(Greater | Equal)),
            "<" => ordering == Some(Less),
            _ => matches!(ordering, Some(Less | Equal)),
        }
    }
}
