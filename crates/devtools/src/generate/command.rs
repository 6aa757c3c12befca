//! `kompas generate offers|cases`: the command line of the generators.

use super::cases::{self, CaseGenerator, Plan};
use chrono::{Duration, Utc};
use kompas_store::Db;
use std::io::Write;

#[derive(clap::Subcommand)]
pub enum GenerateCommand {
    /// Offers over all layers and life domains, with organisations, locations and
    /// wijken, saved through the normal path (validation and history).
    Offers {
        #[arg(long)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// CBS code; created with twelve wijken when missing.
        #[arg(long, default_value = super::DEFAULT_MUNICIPALITY)]
        municipality: String,
    },
    /// Case histories (questions, cases, referrals, assessments) as case events
    /// for the monitor, spread over the last years.
    Cases {
        #[arg(long)]
        households: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// CBS code of an existing municipality; its wijken are used.
        #[arg(long, default_value = "GM9901")]
        municipality: String,
        #[arg(long, default_value_t = 3)]
        years: i64,
    },
}

impl GenerateCommand {
    pub async fn run(self, db: &Db, out: &mut impl Write) -> anyhow::Result<()> {
        match self {
            GenerateCommand::Offers {
                count,
                seed,
                municipality,
            } => offers(db, count, seed, municipality, out).await,
            GenerateCommand::Cases {
                households,
                seed,
                municipality,
                years,
            } => generate_cases(db, &municipality, households, seed, years, out).await,
        }
    }
}

async fn offers(
    db: &Db,
    count: usize,
    seed: u64,
    municipality: String,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "{count} aanbiedingen genereren in {municipality} (seed {seed})"
    )?;
    let mut last = usize::MAX;
    let options = super::Options {
        count,
        seed,
        municipality,
    };
    let report = super::run(db, &options, Utc::now(), |p| {
        let tenth = (p.done * 10).checked_div(p.total).unwrap_or(10);
        if tenth != last || p.done == p.total {
            last = tenth;
            // Progress only: a failed write must not stop the generator.
            let _ = writeln!(
                out,
                "  {:>7} / {}  {:.0} aanbiedingen/s",
                p.done,
                p.total,
                p.rate()
            );
        }
    })
    .await?;
    writeln!(out, "{report}")?;
    Ok(())
}

/// Generates `households` case histories over the last `years` years in a
/// municipality (and its wijken) and appends them as case events.
pub async fn generate_cases(
    db: &Db,
    municipality: &str,
    households: usize,
    seed: u64,
    years: i64,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let place = cases::place(db, municipality).await?;
    let wijken = place.wijken.len();
    let now = Utc::now();
    let started = std::time::Instant::now();
    let events = CaseGenerator::new(Plan {
        seed,
        places: vec![place],
        start: now - Duration::days(365 * years.clamp(1, 20)),
        end: now,
    })
    .households(households);
    let n = cases::write(db, &events).await?;
    writeln!(
        out,
        "{households} huishoudens in {municipality} ({wijken} wijken, seed {seed}): {n} gebeurtenissen opgeslagen in {:.1} s",
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
