//! iWmo / iJw 3.2 codec: examples, strictness, round trip, schema validity
//! (xmllint) and return messages. Uses only `testdata/istandaarden-3.2`.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, NaiveTime};
use kompas_interop::istandaard::{
    self, read, reply, write, DebitCredit, Message, MessageKind, Standard,
};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/istandaarden-3.2")
}

fn dir(standard: Standard) -> &'static str {
    match standard {
        Standard::Wmo => "iwmo",
        Standard::Jeugdwet => "ijw",
    }
}

fn example_path(standard: Standard, kind: MessageKind) -> PathBuf {
    testdata()
        .join(dir(standard))
        .join("berichten")
        .join(format!("{}.xml", standard.schema_name(kind)))
}

fn xsd_path(standard: Standard, kind: MessageKind) -> PathBuf {
    testdata()
        .join(dir(standard))
        .join("xsd")
        .join(format!("{}.xsd", standard.schema_name(kind)))
}

const BAD_EXAMPLES: [&str; 2] = ["JW315", "JW318"];

/// Every example file that exists, with its standard and kind.
fn examples() -> Vec<(Standard, MessageKind, PathBuf)> {
    let mut out = Vec::new();
    for standard in [Standard::Wmo, Standard::Jeugdwet] {
        for kind in MessageKind::ALL {
            let p = example_path(standard, kind);
            if p.exists() {
                out.push((standard, kind, p));
            }
        }
    }
    out
}

fn valid_examples() -> Vec<(Standard, MessageKind, PathBuf)> {
    examples()
        .into_iter()
        .filter(|(s, k, _)| !BAD_EXAMPLES.contains(&s.schema_name(*k).as_str()))
        .collect()
}

fn load(standard: Standard, kind: MessageKind) -> Message {
    let p = example_path(standard, kind);
    let bytes = std::fs::read(&p).expect("example present");
    match read(&bytes) {
        Ok(m) => m,
        Err(e) => panic!("{}: {e}", p.display()),
    }
}

fn xmllint_validate(xml: &str, standard: Standard, kind: MessageKind, label: &str) {
    let probe = Command::new("xmllint").arg("--version").output();
    assert!(
        probe.is_ok(),
        "xmllint is not installed: install libxml2-utils (apt-get install libxml2-utils) to run the schema tests"
    );
    let dir = std::env::temp_dir().join(format!("kompas-istandaard-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(format!("{label}.xml"));
    std::fs::write(&file, xml).expect("write temp file");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd_path(standard, kind))
        .arg(&file)
        .output()
        .expect("run xmllint");
    assert!(
        out.status.success(),
        "{label} does not validate against {}:\n{}\n{xml}",
        xsd_path(standard, kind).display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_file(&file);
}

#[test]
fn every_example_is_found() {
    assert_eq!(examples().len(), 7 + 14);
}

#[test]
fn valid_examples_are_read_with_standard_and_kind() {
    for (standard, kind, p) in valid_examples() {
        let m = read(&std::fs::read(&p).expect("read"))
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(m.standard(), standard, "{}", p.display());
        assert_eq!(m.kind(), kind, "{}", p.display());
        assert_eq!(m.reply_header().is_some(), kind.is_reply());
    }
}

#[test]
fn round_trip_equals_and_validates() {
    for (standard, kind, p) in valid_examples() {
        let first = read(&std::fs::read(&p).expect("read")).expect("valid example");
        let xml = write(&first);
        let second =
            read(xml.as_bytes()).unwrap_or_else(|e| panic!("re-read {}: {e}\n{xml}", p.display()));
        assert_eq!(first, second, "{}", p.display());
        xmllint_validate(
            &xml,
            standard,
            kind,
            &format!("roundtrip-{}", standard.schema_name(kind)),
        );
    }
}
