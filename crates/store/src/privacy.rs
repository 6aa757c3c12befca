//! Privacy rights (issue 5 §9): everything Kompas holds about one person,
//! and the retention job that deletes a household's file when its period has
//! passed. The audit log and the case events stay: they hold ids, not
//! personal data, and the audit chain must stay whole.

use crate::time::date;
use crate::{time, Db, Result, StoreError};
use chrono::NaiveDate;
use kompas_domain::plan::{class_for, RetentionClass};
use serde_json::{json, Map, Value};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Column, Row};

/// A row as JSON with every column as text or number (NULL as null).
fn row_json(r: &AnyRow) -> Value {
    let mut m = Map::new();
    for c in r.columns() {
        let name = c.name();
        let v = if let Ok(Some(i)) = r.try_get::<Option<i64>, _>(name) {
            json!(i)
        } else if let Ok(Some(s)) = r.try_get::<Option<String>, _>(name) {
            json!(s)
        } else if let Ok(Some(f)) = r.try_get::<Option<f64>, _>(name) {
            json!(f)
        } else {
            Value::Null
        };
        m.insert(name.to_string(), v);
    }
    Value::Object(m)
}

async fn rows(db: &Db, sql: &str, id: i64) -> Result<Vec<Value>> {
    Ok(sqlx::query(sql)
        .bind(id)
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(row_json)
        .collect())
}

/// The member with this BSN (within any municipality), if known.
pub async fn member_with_bsn(db: &Db, bsn: &str) -> Result<Option<i64>> {
    let r = sqlx::query("SELECT id FROM household_members WHERE bsn = $1 ORDER BY id LIMIT 1")
        .bind(bsn)
        .fetch_optional(db.reader())
        .await?;
    Ok(r.map(|r| r.try_get("id")).transpose()?)
}

/// Everything about one person: their own record, their household's file
/// (address, questions, assessments, cases with plan and referrals, consents
/// they gave) and who looked at it. Other members appear by role only.
pub async fn dossier(db: &Db, member_id: i64) -> Result<Value> {
    let member = rows(
        db,
        "SELECT id, household_id, name, birth_date, role, bsn, created_at FROM household_members WHERE id = $1",
        member_id,
    )
    .await?
    .pop()
    .ok_or_else(|| StoreError::NotFound(format!("persoon {member_id}")))?;
    let h = member["household_id"].as_i64().unwrap_or_default();
    let cases = "SELECT id FROM cases WHERE household_id = $1";
    let per_case =
        |table: &str| format!("SELECT * FROM {table} WHERE case_id IN ({cases}) ORDER BY id");
    Ok(json!({
        "persoon": member,
        "huishouden": rows(db, "SELECT id, postcode, house_number, house_number_addition, street, city, area_code, involved, created_at, updated_at FROM households WHERE id = $1", h).await?.pop(),
        "andere_gezinsleden": rows(db, "SELECT role FROM household_members WHERE household_id = (SELECT household_id FROM household_members WHERE id = $1) AND id <> $1", member_id).await?,
        "netwerk": rows(db, "SELECT * FROM network_contacts WHERE household_id = $1 ORDER BY id", h).await?,
        "vragen": rows(db, "SELECT * FROM questions WHERE household_id = $1 ORDER BY id", h).await?,
        "betalingsachterstanden": rows(db, "SELECT * FROM arrears_signals WHERE household_id = $1 ORDER BY id", h).await?,
        "uitvragen": rows(db, "SELECT a.id, a.kind, a.assessed_on, s.dimension, s.score, s.note FROM assessments a JOIN assessment_scores s ON s.assessment_id = a.id WHERE a.household_id = $1 ORDER BY a.id", h).await?,
        "trajecten": rows(db, "SELECT * FROM cases WHERE household_id = $1 ORDER BY id", h).await?,
        "doelen": rows(db, &per_case("goals"), h).await?,
        "acties": rows(db, &format!("SELECT * FROM goal_actions WHERE goal_id IN (SELECT id FROM goals WHERE case_id IN ({cases})) ORDER BY id"), h).await?,
        "ondersteuning": rows(db, &per_case("support_items"), h).await?,
        "aantekeningen": rows(db, &per_case("domain_notes"), h).await?,
        "contactmomenten": rows(db, &per_case("case_contacts"), h).await?,
        "over_wie": rows(db, &format!("SELECT * FROM plan_item_members WHERE case_id IN ({cases}) ORDER BY item_kind, item_id, member_id"), h).await?,
        "verwijzingen": rows(db, &per_case("referrals"), h).await?,
        "op_en_afschalen": rows(db, &per_case("scalings"), h).await?,
        "casustafels": rows(db, &per_case("case_table_referrals"), h).await?,
        "evaluatie_en_nazorg": rows(db, &per_case("case_moments"), h).await?,
        "maatwerktrajecten": rows(db, "SELECT * FROM maatwerk_paths WHERE household_id = $1 ORDER BY id", h).await?,
        "besluiten": rows(db, "SELECT d.* FROM maatwerk_decisions d JOIN maatwerk_paths p ON p.id = d.path_id WHERE p.household_id = $1 ORDER BY d.id", h).await?,
        "besluitonderdelen": rows(db, "SELECT l.* FROM maatwerk_decision_lines l JOIN maatwerk_decisions d ON d.id = l.decision_id JOIN maatwerk_paths p ON p.id = d.path_id WHERE p.household_id = $1 ORDER BY l.id", h).await?,
        "bezwaren": rows(db, "SELECT o.* FROM maatwerk_objections o JOIN maatwerk_decisions d ON d.id = o.decision_id JOIN maatwerk_paths p ON p.id = d.path_id WHERE p.household_id = $1 ORDER BY o.id", h).await?,
        "toestemmingen": rows(db, "SELECT * FROM consents WHERE member_id = $1 ORDER BY id", member_id).await?,
        "inzage": rows(db, "SELECT at, actor_role, actor_organization_id, action, object_type, purpose, legal_ground FROM audit_log WHERE subject = 'huishouden:' || CAST($1 AS TEXT) ORDER BY seq", h).await?,
    }))
}

/// A household whose retention period has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expired {
    pub household_id: i64,
    pub last_change: NaiveDate,
    pub class: RetentionClass,
}

/// Households with no current case whose file was last changed longer ago
/// than its retention period: youth care (a member under 18 at the last
/// change) 20 years, Wmo and the rest 15.
pub async fn expired(db: &Db, today: NaiveDate) -> Result<Vec<Expired>> {
    let candidates = sqlx::query(
        "SELECT h.id, h.updated_at, \
           (SELECT MAX(c.closed_at) FROM cases c WHERE c.household_id = h.id) AS closed, \
           (SELECT MAX(COALESCE(q.closed_at, q.received_at)) FROM questions q WHERE q.household_id = h.id) AS asked, \
           (SELECT MAX(m.birth_date) FROM household_members m WHERE m.household_id = h.id) AS youngest, \
           (SELECT COUNT(*) FROM cases c WHERE c.household_id = h.id) AS cases \
         FROM households h WHERE NOT EXISTS \
           (SELECT 1 FROM cases c WHERE c.household_id = h.id AND c.status <> 'afgesloten') \
         ORDER BY h.id",
    )
    .fetch_all(db.reader())
    .await?;
    let mut out = Vec::new();
    for r in &candidates {
        let id: i64 = r.try_get("id")?;
        let mut last = time::from_db(&r.try_get::<String, _>("updated_at")?)?;
        for col in ["closed", "asked"] {
            if let Some(t) = r.try_get::<Option<String>, _>(col)? {
                last = last.max(time::from_db(&t)?);
            }
        }
        let last_change = kompas_domain::dutch_time::local(last).date();
        // Youth care when the youngest member was under 18 at the last change.
        let youth = match r.try_get::<Option<String>, _>("youngest")? {
            Some(b) => kompas_domain::toegang::household::age_on(date(&b)?, last_change) < 18,
            None => false,
        };
        let class = class_for(youth, r.try_get::<i64, _>("cases")? > 0);
        if class.is_due(last_change, today) {
            out.push(Expired {
                household_id: id,
                last_change,
                class,
            });
        }
    }
    Ok(out)
}

/// Deletes a household's whole file in the caller's transaction; returns
/// (table, rows) for the log.
pub async fn delete_household(
    conn: &mut AnyConnection,
    household_id: i64,
) -> Result<Vec<(&'static str, u64)>> {
    const CASES: &str = "SELECT id FROM cases WHERE household_id = $1";
    const MEMBERS: &str = "SELECT id FROM household_members WHERE household_id = $1";
    let steps: Vec<(&'static str, String)> = vec![
        ("plan_item_members", format!("DELETE FROM plan_item_members WHERE case_id IN ({CASES})")),
        ("case_contacts", format!("DELETE FROM case_contacts WHERE case_id IN ({CASES})")),
        ("session_reasons", "DELETE FROM session_reasons WHERE household_id = $1".into()),
        ("resident_sessions", format!("DELETE FROM resident_sessions WHERE member_id IN ({MEMBERS})")),
        ("resident_links", format!("DELETE FROM resident_links WHERE member_id IN ({MEMBERS})")),
        ("consents", "DELETE FROM consents WHERE household_id = $1".into()),
        ("referral_steps", format!("DELETE FROM referral_steps WHERE referral_id IN (SELECT id FROM referrals WHERE case_id IN ({CASES}))")),
        ("referrals", format!("DELETE FROM referrals WHERE case_id IN ({CASES})")),
        ("support_items", format!("DELETE FROM support_items WHERE case_id IN ({CASES})")),
        ("goal_actions", format!("DELETE FROM goal_actions WHERE goal_id IN (SELECT id FROM goals WHERE case_id IN ({CASES}))")),
        ("goals", format!("DELETE FROM goals WHERE case_id IN ({CASES})")),
        ("domain_notes", format!("DELETE FROM domain_notes WHERE case_id IN ({CASES})")),
        ("scalings", format!("DELETE FROM scalings WHERE case_id IN ({CASES})")),
        ("case_table_referrals", format!("DELETE FROM case_table_referrals WHERE case_id IN ({CASES})")),
        ("case_moments", format!("DELETE FROM case_moments WHERE case_id IN ({CASES})")),
        ("case_handovers", format!("DELETE FROM case_handovers WHERE case_id IN ({CASES})")),
        ("case_partners", format!("DELETE FROM case_partners WHERE case_id IN ({CASES})")),
        ("case_team", format!("DELETE FROM case_team WHERE case_id IN ({CASES})")),
        ("maatwerk_objections", "DELETE FROM maatwerk_objections WHERE decision_id IN (SELECT d.id FROM maatwerk_decisions d JOIN maatwerk_paths p ON p.id = d.path_id WHERE p.household_id = $1)".into()),
        ("maatwerk_decision_documents", "DELETE FROM maatwerk_decision_documents WHERE decision_id IN (SELECT d.id FROM maatwerk_decisions d JOIN maatwerk_paths p ON p.id = d.path_id WHERE p.household_id = $1)".into()),
        ("maatwerk_decision_lines", "DELETE FROM maatwerk_decision_lines WHERE decision_id IN (SELECT d.id FROM maatwerk_decisions d JOIN maatwerk_paths p ON p.id = d.path_id WHERE p.household_id = $1)".into()),
        ("maatwerk_decisions", "DELETE FROM maatwerk_decisions WHERE path_id IN (SELECT id FROM maatwerk_paths WHERE household_id = $1)".into()),
        ("maatwerk_suspensions", "DELETE FROM maatwerk_suspensions WHERE path_id IN (SELECT id FROM maatwerk_paths WHERE household_id = $1)".into()),
        ("maatwerk_paths", "DELETE FROM maatwerk_paths WHERE household_id = $1".into()),
        ("arrears_signals", "DELETE FROM arrears_signals WHERE household_id = $1".into()),
        ("assessment_scores", "DELETE FROM assessment_scores WHERE assessment_id IN (SELECT id FROM assessments WHERE household_id = $1)".into()),
        ("assessments", "DELETE FROM assessments WHERE household_id = $1".into()),
        ("questions", "DELETE FROM questions WHERE household_id = $1".into()),
        ("cases", "DELETE FROM cases WHERE household_id = $1".into()),
        ("network_contacts", "DELETE FROM network_contacts WHERE household_id = $1".into()),
        ("household_members", "DELETE FROM household_members WHERE household_id = $1".into()),
        ("households", "DELETE FROM households WHERE id = $1".into()),
    ];
    let mut counts = Vec::new();
    for (table, sql) in steps {
        let n = sqlx::query(&sql)
            .bind(household_id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
        if n > 0 {
            counts.push((table, n));
        }
    }
    Ok(counts)
}
