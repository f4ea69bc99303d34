//! The schema against the model and the bundled file: every key the model
//! serializes is a schema key, and the values serialize as the file writes them.

use serde_json::Value;

/// The keys the model writes for one entry, sorted.
fn keys_of(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

fn sorted(keys: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
    k.sort();
    k
}

/// The model's structs and the schema name the same keys: a field added
/// to one and not the other fails here.
#[test]
fn the_model_serializes_exactly_the_schema_keys() {
    let text = include_str!("../../group.toml");
    let doc = toml_edit::Document::parse(text).unwrap();
    let g = serde_json::to_value(super::super::from_document(&doc).0).unwrap();
    let first = |k: &str| g[k][0].clone();
    let checks: [(Value, &[&str]); 17] = [
        (g.clone(), super::top::KEYS),
        (g["group"].clone(), super::group::KEYS),
        (first("people"), super::person::KEYS),
        (g["schedule"].clone(), super::schedule::KEYS),
        (first("venues"), super::venue::KEYS),
        (first("sponsors"), super::sponsor::KEYS),
        (first("members"), super::member::KEYS),
        (first("events"), super::event::KEYS),
        (
            g["events"][0]["agenda"][0].clone(),
            super::agenda_item::KEYS,
        ),
        (g["formats"]["talks"][0].clone(), super::agenda_item::KEYS),
        (first("tasks"), super::task::KEYS),
        (first("talks"), super::talk::KEYS),
        (first("checklist"), super::checklist::KEYS),
        (g["reminders"].clone(), super::reminders::KEYS),
        (g["email"].clone(), super::email::KEYS),
        (g["email"]["file"].clone(), super::file::KEYS),
        (
            serde_json::to_value(crate::model::Smtp {
                host: String::new(),
                port: None,
                security: super::Security::Tls,
                username: None,
                password_env: None,
                password_cmd: None,
                oauth2_token_cmd: None,
                ca_file: None,
                allow_insecure: false,
                max_per_day: None,
                max_per_hour: None,
            })
            .unwrap(),
            super::smtp::KEYS,
        ),
    ];
    for (value, keys) in checks {
        assert_eq!(keys_of(&value), sorted(keys), "{value}");
    }
}

#[test]
fn values_read_and_write_the_file_text() {
    use super::{AgendaKind, TaskStatus};
    for k in AgendaKind::ALL {
        assert_eq!(AgendaKind::parse(k).unwrap().as_str(), k);
    }
    assert_eq!(AgendaKind::parse("Talk"), None);
    assert_eq!(
        serde_json::to_string(&TaskStatus::Declined).unwrap(),
        "\"declined\""
    );
    assert_eq!(super::Role::CoOrganizer.to_string(), "co-organizer");
}
