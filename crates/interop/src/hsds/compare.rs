//! "Does this export still say everything the original said?" Used by the
//! round-trip tests and handy when checking a partner's data by hand.

use serde_json::Value;

/// Everything in `expected` that `actual` lacks or says differently, as
/// readable paths. Objects are compared key by key (extra keys in `actual`
/// are fine); array items with an `id` are matched by id, others by position;
/// numbers by value (`12` equals `12.0`).
pub fn missing(expected: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(expected, actual, "$", &mut out);
    out
}

fn walk(e: &Value, a: &Value, path: &str, out: &mut Vec<String>) {
    match (e, a) {
        (Value::Object(em), Value::Object(am)) => {
            for (k, ev) in em {
                match am.get(k) {
                    Some(av) => walk(ev, av, &format!("{path}.{k}"), out),
                    None => out.push(format!("{path}.{k}: ontbreekt")),
                }
            }
        }
        (Value::Array(ea), Value::Array(aa)) => {
            for (i, ev) in ea.iter().enumerate() {
                let by_id = ev
                    .get("id")
                    .and_then(|id| aa.iter().find(|x| x.get("id") == Some(id)));
                let av = if ev.get("id").is_some() {
                    by_id
                } else {
                    aa.get(i)
                };
                match av {
                    Some(av) => walk(ev, av, &format!("{path}[{i}]"), out),
                    None => out.push(format!("{path}[{i}]: ontbreekt")),
                }
            }
        }
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => {}
        _ if e == a => {}
        _ => out.push(format!("{path}: verwacht {e}, kreeg {a}")),
    }
}

/// Equal as JSON, numbers within rounding (floats that went through text
/// may differ in their last bit).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(p), Some(q)) => (p - q).abs() <= 1e-9 * p.abs().max(1.0),
            _ => x == y,
        },
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn extra_keys_are_fine_changed_values_are_not() {
        let e = json!({"a": 1, "l": [{"id": "x", "v": 1}]});
        assert!(missing(
            &e,
            &json!({"a": 1.0, "b": 2, "l": [{"id": "y"}, {"id": "x", "v": 1}]})
        )
        .is_empty());
        assert_eq!(missing(&e, &json!({"a": 2, "l": []})).len(), 2);
    }

    #[test]
    fn same_allows_float_rounding_only() {
        assert!(same(
            &json!({"x": 52.1, "y": [1]}),
            &json!({"x": 52.1 + 1e-14, "y": [1]})
        ));
        assert!(!same(&json!({"x": 52.1}), &json!({"x": 52.2})));
        assert!(!same(&json!({"x": 1}), &json!({"x": 1, "y": 2})));
    }
}
