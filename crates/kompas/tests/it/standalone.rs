//! The repository stands alone: a clone with nothing beside it runs every
//! test. Fixtures from outside the project live in `testdata/` (with their
//! source and licence); no code, test or script may reach outside the clone
//! for them.

use std::path::{Path, PathBuf};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file below `dir` whose name ends in one of `endings`.
fn files(dir: &Path, endings: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, endings, out);
        } else if endings.iter().any(|end| p.to_string_lossy().ends_with(end)) {
            out.push(p);
        }
    }
}

/// A path that climbs out of the clone to a sibling folder.
fn reaches_outside(text: &str) -> bool {
    text.contains("../shared") || text.contains("../../../shared")
}

#[test]
fn no_code_test_or_script_reads_outside_the_repository() {
    let root = repository();
    let mut all = Vec::new();
    for dir in ["crates", "e2e", "scripts", ".ci", "migrations"] {
        files(
            &root.join(dir),
            &[
                ".rs", ".mjs", ".js", ".sh", ".sql", ".toml", "run", "test", "demo",
            ],
            &mut all,
        );
    }
    assert!(all.len() > 50, "found only {} files", all.len());
    let this_file = Path::new(file!()).file_name();
    let offenders: Vec<String> = all
        .iter()
        .filter(|p| p.file_name() != this_file)
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| reaches_outside(&t)))
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "copy what these need into testdata/ instead: {offenders:?}"
    );
}

#[test]
fn the_check_recognises_a_path_out_of_the_clone() {
    assert!(reaches_outside(
        r#".join("../../../shared/reference/hsds-3.0")"#
    ));
    assert!(reaches_outside("resolve(ROOT, '../shared/reference')"));
    assert!(!reaches_outside(r#".join("../../testdata/hsds-3.0")"#));
}

#[test]
fn the_fixtures_the_tests_use_are_in_testdata_with_their_licence() {
    let t = repository().join("testdata");
    for f in [
        "README.md",
        "hsds-3.0/LICENSE",
        "hsds-3.0/examples/service_full.json",
        "hsds-3.0/examples/csv/datapackage.json",
        "hsds-3.0/schema/compiled/service.json",
        "cbs/kerncijfers-wijken-buurten-almere-2018-2025.csv",
    ] {
        assert!(t.join(f).is_file(), "testdata/{f} is missing");
    }
}
