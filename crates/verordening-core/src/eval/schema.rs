//! The JSON Schema of a case file for a program: what `verordening schema` prints and what
//! `verordening serve` serves at `/api/v1/regelingen/{id}/schema`.

use super::case::expected;
use super::program::{InputKind, InputType, Program};
use serde_json::{json, Map, Value};

fn schema_of(ty: &InputType) -> Value {
    match ty {
        InputType::JaNee => {
            json!({ "oneOf": [ { "type": "boolean" }, { "enum": ["ja", "nee"] } ] })
        }
        InputType::Soort(_, values) => json!({ "enum": values }),
        InputType::Datum => json!({ "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" }),
        InputType::Getal | InputType::Bedrag | InputType::Percentage | InputType::Uren => {
            json!({ "type": ["string", "number"] })
        }
        // A list fact: an array of entries, each with every field and no other.
        InputType::Lijst(fields) => {
            let mut properties = Map::new();
            for (name, t) in fields {
                let mut s = schema_of(t);
                if let Some(obj) = s.as_object_mut() {
                    obj.insert("description".into(), Value::String(expected(t)));
                }
                properties.insert(name.clone(), s);
            }
            let required: Vec<&String> = fields.iter().map(|(n, _)| n).collect();
            json!({
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": required,
                    "properties": properties,
                }
            })
        }
        _ => json!({ "type": "string" }),
    }
}

/// The JSON Schema of a case file for `p` (also served by `verordening serve`).
pub fn case_schema(p: &Program) -> Value {
    let mut feiten = Map::new();
    let mut oordelen = Map::new();
    for input in &p.inputs {
        let mut s = schema_of(&input.ty);
        if let Some(obj) = s.as_object_mut() {
            let mut description = input.description.clone().unwrap_or_default();
            if !description.is_empty() {
                description.push_str(" — ");
            }
            description.push_str(&expected(&input.ty));
            obj.insert("description".into(), Value::String(description));
        }
        match input.kind {
            InputKind::Feit => {
                feiten.insert(input.name.clone(), s);
            }
            InputKind::Oordeel => {
                oordelen.insert(input.name.clone(), s);
            }
            _ => {}
        }
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("Casus voor {}", p.title),
        "type": "object",
        "required": ["peildatum"],
        "additionalProperties": false,
        "properties": {
            "peildatum": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "description": "de datum waarop wordt beoordeeld" },
            "feiten": { "type": "object", "additionalProperties": false, "properties": feiten },
            "oordelen": { "type": "object", "additionalProperties": false, "properties": oordelen,
                          "description": "oordelen die alleen het college kan geven; ontbreekt er een, dan is de uitkomst onbepaald" },
        }
    })
}
