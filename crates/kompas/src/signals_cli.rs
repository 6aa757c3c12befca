//! `kompas import signals FILE`: creditors' payment-arrears signals into the
//! toegang queue, all or nothing unless `--skip-invalid`.

use crate::commands::cli_entry;
use anyhow::Context as _;
use kompas_domain::toegang::calendar::{
    due_date, FirstContactDays, HolidayRules, Urgency, WorkingCalendar,
};
use kompas_domain::AuditOutcome;
use kompas_store::arrears_import::{self, ImportContext};
use kompas_store::Db;
use std::io::Write;
use std::path::Path;

pub struct SignalsImport<'a> {
    pub file: &'a Path,
    pub municipality: Option<&'a str>,
    pub skip_invalid: bool,
    pub dry_run: bool,
    /// From the settings: the deadlines of new questions.
    pub first_contact_days: FirstContactDays,
    pub holidays: HolidayRules,
}

pub async fn import_signals(
    db: &Db,
    args: &SignalsImport<'_>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(args.file)
        .with_context(|| format!("{} kan niet worden gelezen", args.file.display()))?;
    let text = kompas_interop::arrears_csv::decode_text(&bytes);
    let parsed = kompas_interop::arrears_csv::parse_arrears(&text);
    for p in &parsed.errors {
        writeln!(out, "{p}")?;
    }
    if !parsed.errors.is_empty() {
        if !args.skip_invalid || parsed.signals.is_empty() {
            anyhow::bail!(
                "import geweigerd: {} fout(en); er is niets opgeslagen{}",
                parsed.errors.len(),
                if parsed.signals.is_empty() {
                    ""
                } else {
                    ". Met --skip-invalid worden alleen de goede regels geïmporteerd"
                }
            );
        }
        let mut lines: Vec<usize> = parsed.errors.iter().map(|p| p.line).collect();
        lines.dedup();
        writeln!(
            out,
            "{} regel(s) overgeslagen: {}",
            lines.len(),
            lines
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    if args.dry_run {
        writeln!(
            out,
            "{} signalen zijn in orde; er is niets opgeslagen (--dry-run)",
            parsed.signals.len()
        )?;
        return Ok(());
    }
    let m = crate::monitor_cli::municipality_or_first(db, args.municipality).await?;
    let now = chrono::Utc::now();
    let today = kompas_domain::dutch_time::local(now).date();
    let cal = WorkingCalendar::new(args.holidays);
    let due = |u| due_date(today, u, args.first_contact_days, &cal);
    let ctx = ImportContext {
        municipality_id: m.id,
        now,
        due_normal: due(Urgency::Normal),
        due_urgent: due(Urgency::Urgent),
        user_id: None,
        role: None,
    };
    let done = arrears_import::import_file(db, &ctx, &parsed.signals, |action| {
        let mut e = cli_entry(action, "vraag", None, Some(m.id), String::new());
        e.purpose = Some("vroegsignalering".into());
        e.legal_ground = Some("Wet gemeentelijke schuldhulpverlening, art. 3a".into());
        e.outcome = AuditOutcome::Success;
        e
    })
    .await
    .context("import mislukt; er is niets opgeslagen")?;
    writeln!(out, "{}", arrears_import::summary_nl(&done))?;
    Ok(())
}
