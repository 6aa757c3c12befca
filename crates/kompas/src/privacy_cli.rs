//! `kompas privacy export` and `kompas privacy retention`: the right of
//! access (everything about one person, as JSON and as a readable page) and
//! the retention job that deletes files whose period has passed. Both are
//! audited with the operating-system user as the actor.

use crate::commands::cli_entry;
use anyhow::Context as _;
use kompas_domain::AuditAction;
use kompas_store::{audit, privacy, Db};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// Who the export is about: a member id or a BSN.
pub enum Person<'a> {
    Member(i64),
    Bsn(&'a str),
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => "–".into(),
        Value::String(s) => escape(s),
        other => escape(&other.to_string()),
    }
}

/// Section names in the JSON are Dutch words with underscores: readable headings.
fn heading(key: &str) -> String {
    let s = key.replace('_', " ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// One page, no scripts and no outside resources, a table per section.
pub fn html_page(d: &Value) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Uw gegevens bij de gemeente</title>\
         <style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}\
         table{border-collapse:collapse;margin-bottom:2rem}th,td{border:1px solid #666;padding:.25rem .5rem;text-align:left;vertical-align:top}</style>\
         </head><body><h1>Uw gegevens bij de gemeente</h1>\
         <p>Dit zijn alle gegevens die in Kompas over u en uw huishouden staan, en wie ze heeft bekeken. Klopt er iets niet? Vraag de gemeente om het te verbeteren.</p>\n",
    );
    let Some(sections) = d.as_object() else {
        return out;
    };
    for (key, value) in sections {
        out.push_str(&format!("<h2>{}</h2>\n", escape(&heading(key))));
        let rows: Vec<&Value> = match value {
            Value::Array(a) => a.iter().collect(),
            Value::Null => Vec::new(),
            other => vec![other],
        };
        let Some(first) = rows.first().and_then(|r| r.as_object()) else {
            out.push_str("<p>Niets vastgelegd.</p>\n");
            continue;
        };
        out.push_str(&format!(
            "<table><caption>{}</caption><thead><tr>",
            escape(&heading(key))
        ));
        for col in first.keys() {
            out.push_str(&format!("<th scope=\"col\">{}</th>", escape(&heading(col))));
        }
        out.push_str("</tr></thead><tbody>\n");
        for r in &rows {
            out.push_str("<tr>");
            for col in first.keys() {
                out.push_str(&format!("<td>{}</td>", cell(&r[col.as_str()])));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</body></html>\n");
    out
}

pub async fn export(
    db: &Db,
    person: Person<'_>,
    dir: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let member = match person {
        Person::Member(id) => id,
        Person::Bsn(bsn) => {
            let bsn = kompas_domain::Bsn::parse(bsn).map_err(|e| anyhow::anyhow!("BSN: {e}"))?;
            privacy::member_with_bsn(db, bsn.as_str())
                .await?
                .context("er is niemand met dit BSN in Kompas")?
        }
    };
    let d = privacy::dossier(db, member).await?;
    std::fs::create_dir_all(dir).with_context(|| format!("map {} maken", dir.display()))?;
    let json_path = dir.join(format!("persoon-{member}.json"));
    let html_path = dir.join(format!("persoon-{member}.html"));
    std::fs::write(&json_path, serde_json::to_string_pretty(&d)?)
        .with_context(|| format!("{} schrijven", json_path.display()))?;
    std::fs::write(&html_path, html_page(&d))
        .with_context(|| format!("{} schrijven", html_path.display()))?;
    let household = d["persoon"]["household_id"].as_i64();
    let mut e = cli_entry(
        AuditAction::Export,
        "persoon",
        Some(member.to_string()),
        None,
        "inzageverzoek: alle gegevens van een persoon".into(),
    );
    e.subject = household.map(|h| format!("huishouden:{h}"));
    e.purpose = Some("inzageverzoek (AVG art. 15)".into());
    audit::record(db, &e).await?;
    writeln!(out, "{}", json_path.display())?;
    writeln!(out, "{}", html_path.display())?;
    Ok(())
}

/// Deletes every file whose retention period has passed (or, with `dry_run`,
/// only lists them). Each household goes in its own transaction with its
/// audit row, which names tables and counts, never a person.
pub async fn retention(
    db: &Db,
    today: chrono::NaiveDate,
    dry_run: bool,
    out: &mut impl Write,
) -> anyhow::Result<usize> {
    let due = privacy::expired(db, today).await?;
    for x in &due {
        let what = format!(
            "huishouden {}: laatste wijziging {}, bewaartermijn {}",
            x.household_id,
            x.last_change.format("%d-%m-%Y"),
            x.class.label_nl()
        );
        if dry_run {
            writeln!(out, "zou verwijderen: {what}")?;
            continue;
        }
        let mut tx = db.begin().await?;
        let counts = privacy::delete_household(&mut tx, x.household_id).await?;
        let detail = counts
            .iter()
            .map(|(t, n)| format!("{t}: {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut e = cli_entry(
            AuditAction::Delete,
            "huishouden",
            Some(x.household_id.to_string()),
            None,
            format!("bewaartermijn verstreken; {what}; verwijderd: {detail}"),
        );
        e.purpose = Some("bewaartermijn".into());
        e.subject = Some(format!("huishouden:{}", x.household_id));
        audit::append(&mut tx, &e).await?;
        tx.commit().await?;
        writeln!(out, "verwijderd: {what} ({detail})")?;
    }
    writeln!(
        out,
        "{} {} {}",
        due.len(),
        if due.len() == 1 {
            "dossier"
        } else {
            "dossiers"
        },
        if dry_run {
            "zou worden verwijderd (--dry-run)"
        } else {
            "verwijderd"
        }
    )?;
    Ok(due.len())
}
