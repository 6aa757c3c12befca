//! The shape of the code, checked: no file of a crate depends (through
//! `use crate::…`, `super::…`, `self::…` or an inline `crate::x::y` path) on a
//! file that depends back on it, and the exchange formats know no database.
//!
//! Plain Rust over the source text: comments and literals are blanked, test
//! modules (`#[cfg(test)] mod …`) skipped, every path resolved to the file
//! that defines its longest module prefix, and the strongly connected
//! components of the file graph of each crate reported.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A crate's files: module path (`["plan", "case"]`) → source text.
type Sources = BTreeMap<Vec<String>, String>;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file under `src`: `lib.rs` is the root, `a/mod.rs`
/// and `a.rs` are `a`. `main.rs` (a second crate root) is `<main>`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    match parts.last().map(String::as_str) {
        Some("lib") if parts.len() == 1 => Vec::new(),
        Some("main") if parts.len() == 1 => vec!["<main>".into()],
        Some("mod") => {
            parts.pop();
            parts
        }
        _ => parts,
    }
}

fn crate_sources(src: &Path) -> Sources {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files
        .into_iter()
        .filter_map(|f| {
            let rel = f.strip_prefix(src).ok()?.to_path_buf();
            Some((module_of(&rel), std::fs::read_to_string(&f).ok()?))
        })
        .collect()
}

/// The text with comments, string and char literals replaced by spaces.
fn blank(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c[i] == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&c, i) {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            j += 1;
            while j < c.len() {
                if c[j] == '"' && (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\u{..}'), not a lifetime ('a).
            let close = if next == Some('\\') {
                (i + 2..c.len().min(i + 12)).find(|&j| c[j] == '\'')
            } else if c.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match close {
                Some(j) => {
                    out.push_str("' '");
                    i = j + 1;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn ident_before(c: &[char], i: usize) -> bool {
    i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_')
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Sep,
    Punct(char),
}

fn tokens(text: &str) -> Vec<Tok> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c[i].is_alphanumeric() || c[i] == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push(Tok::Ident(c[start..i].iter().collect()));
        } else if c[i] == ':' && c.get(i + 1) == Some(&':') {
            out.push(Tok::Sep);
            i += 2;
        } else {
            if !c[i].is_whitespace() {
                out.push(Tok::Punct(c[i]));
            }
            i += 1;
        }
    }
    out
}

/// Expands a `use` tree starting at `t[i]` into paths; returns the index
/// after it.
fn use_tree(t: &[Tok], mut i: usize, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix.to_vec();
    loop {
        match t.get(i) {
            Some(Tok::Ident(id)) if id != "as" => {
                path.push(id.clone());
                i += 1;
            }
            Some(Tok::Punct('*')) => {
                i += 1;
            }
            Some(Tok::Punct('{')) => {
                i += 1;
                while !matches!(t.get(i), Some(Tok::Punct('}')) | None) {
                    i = use_tree(t, i, &path, out);
                    if t.get(i) == Some(&Tok::Punct(',')) {
                        i += 1;
                    }
                }
                return i + 1;
            }
            _ => break,
        }
        if t.get(i) == Some(&Tok::Sep) {
            i += 1;
        } else {
            break;
        }
    }
    // `x as y`: the alias names nothing new.
    if matches!(t.get(i), Some(Tok::Ident(a)) if a == "as") {
        i += 2;
    }
    if path.len() > prefix.len() || prefix.is_empty() {
        out.push(path);
    }
    i
}

/// Whether `t[i..]` is the attribute `#[cfg(test)]`.
fn is_cfg_test(t: &[Tok], i: usize) -> bool {
    let want = [
        Tok::Punct('#'),
        Tok::Punct('['),
        Tok::Ident("cfg".into()),
        Tok::Punct('('),
        Tok::Ident("test".into()),
        Tok::Punct(')'),
        Tok::Punct(']'),
    ];
    t.get(i..i + want.len()) == Some(&want[..])
}

/// Every path to this crate's own modules in a file, made absolute from the
/// (inline) module it appears in. Items under `#[cfg(test)]` are skipped.
fn paths_in(module: &[String], text: &str) -> Vec<Vec<String>> {
    let t = tokens(&blank(text));
    let mut out = Vec::new();
    // Inline modules: (name, brace depth outside it).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < t.len() {
        if is_cfg_test(&t, i) {
            // Skip the item: up to its `;` or past its block.
            let mut j = i + 7;
            while j < t.len() && !matches!(t[j], Tok::Punct(';') | Tok::Punct('{')) {
                j += 1;
            }
            i = if t.get(j) == Some(&Tok::Punct('{')) {
                skip_block(&t, j)
            } else {
                j + 1
            };
            continue;
        }
        if let (Tok::Ident(k), Some(Tok::Ident(name)), Some(Tok::Punct('{'))) =
            (&t[i], t.get(i + 1), t.get(i + 2))
        {
            if k == "mod" {
                inline.push((name.clone(), depth));
                depth += 1;
                i += 3;
                continue;
            }
        }
        match &t[i] {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            _ => {}
        }
        let here: Vec<String> = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(n, _)| n.clone()))
            .collect();
        let mut raw = Vec::new();
        if t[i] == Tok::Ident("use".into()) {
            i = use_tree(&t, i + 1, &[], &mut raw);
        } else if matches!(&t[i], Tok::Ident(k) if k == "crate" || k == "super" || k == "self")
            && t.get(i + 1) == Some(&Tok::Sep)
            && (i == 0 || t[i - 1] != Tok::Sep)
        {
            let mut p = Vec::new();
            let mut j = i;
            while let Some(Tok::Ident(id)) = t.get(j) {
                p.push(id.clone());
                if t.get(j + 1) == Some(&Tok::Sep) {
                    j += 2;
                } else {
                    j += 1;
                    break;
                }
            }
            raw.push(p);
            i = j;
        } else {
            i += 1;
        }
        out.extend(raw.into_iter().filter_map(|p| absolute(&here, &p)));
    }
    out
}

fn skip_block(t: &[Tok], open: usize) -> usize {
    let mut depth = 0;
    let mut i = open;
    while i < t.len() {
        match t[i] {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// `crate::a::b`, `super::b` or `self::b` seen in module `here`, as a path
/// from the crate root; other paths (other crates, std) are `None`.
fn absolute(here: &[String], p: &[String]) -> Option<Vec<String>> {
    let mut base: Vec<String>;
    let mut rest = p;
    match p.first().map(String::as_str) {
        Some("crate") => {
            base = Vec::new();
            rest = &p[1..];
        }
        Some("super") | Some("self") => {
            base = here.to_vec();
            while let Some(first) = rest.first() {
                match first.as_str() {
                    "super" => {
                        base.pop()?;
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The file (module path) that defines the longest prefix of `path`.
fn file_of<'a>(files: &'a Sources, path: &[String]) -> Option<&'a Vec<String>> {
    (0..=path.len())
        .rev()
        .find_map(|n| files.get_key_value(&path[..n]).map(|(k, _)| k))
}

type Graph = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

fn file_graph(files: &Sources) -> Graph {
    let mut g = Graph::new();
    for (module, text) in files {
        let edges = g.entry(module.clone()).or_default();
        for p in paths_in(module, text) {
            if let Some(target) = file_of(files, &p) {
                if target != module {
                    edges.insert(target.clone());
                }
            }
        }
    }
    g
}

/// Strongly connected components with more than one file (Tarjan).
fn cycles(g: &Graph) -> Vec<Vec<Vec<String>>> {
    struct State<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on_stack: BTreeSet<&'a Vec<String>>,
        out: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Vec<String>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let g = s.g;
        for w in g.get(v).into_iter().flatten() {
            let Some((w, _)) = g.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(lw));
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

fn file_name(module: &[String]) -> String {
    if module.is_empty() {
        "lib.rs".into()
    } else {
        format!("{}.rs", module.join("/"))
    }
}

#[test]
fn no_file_depends_on_a_file_that_depends_back_on_it() {
    let crates = workspace().join("crates");
    let mut found = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&crates)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let files = crate_sources(&dir.join("src"));
        if files.is_empty() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        for c in cycles(&file_graph(&files)) {
            let names: Vec<String> = c.iter().map(|m| file_name(m)).collect();
            found.push(format!("{name}: {}", names.join(" ↔ ")));
        }
    }
    assert!(
        found.is_empty(),
        "import cycles between files (move the shared piece into its own file):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_cycle_check_finds_a_cycle_and_resolves_paths() {
    let files: Sources = [
        (vec![], "pub mod a;\npub mod b;\npub mod c;\n"),
        // a → b through a `use` tree, b → a through an inline path.
        (
            vec!["a".into()],
            "use crate::{b::{Thing, other as o}, c};\n",
        ),
        (
            vec!["b".into()],
            "// use crate::c; (a comment)\nfn f() { let _ = crate::a::make(\"crate::c\"); }\n",
        ),
        // Only the test module of c uses a: no edge.
        (
            vec!["c".into()],
            "pub fn x() {}\n#[cfg(test)]\nmod tests {\n    use crate::a::*;\n}\n",
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect();
    let g = file_graph(&files);
    let m = |s: &str| vec![s.to_string()];
    assert_eq!(g[&m("a")], BTreeSet::from([m("b"), m("c")]));
    assert_eq!(g[&m("b")], BTreeSet::from([m("a")]));
    assert!(g[&m("c")].is_empty(), "{:?}", g[&m("c")]);
    assert_eq!(cycles(&g), vec![vec![m("a"), m("b")]]);

    // super:: from a nested file and from an inline module.
    let nested: Sources = [
        (
            vec!["p".into()],
            "mod q;\npub mod inner { use super::q::Q; }\n".to_string(),
        ),
        (
            vec!["p".into(), "q".into()],
            "use super::super::r::R;\n".to_string(),
        ),
        (vec!["r".into()], "pub struct R;\n".to_string()),
    ]
    .into_iter()
    .collect();
    let g = file_graph(&nested);
    assert_eq!(g[&m("p")], BTreeSet::from([vec!["p".into(), "q".into()]]));
    assert_eq!(g[&vec!["p".into(), "q".into()]], BTreeSet::from([m("r")]));
    assert!(cycles(&g).is_empty());
}

#[test]
fn the_exchange_formats_know_no_database() {
    let manifest = std::fs::read_to_string(workspace().join("crates/interop/Cargo.toml")).unwrap();
    let deps: Vec<&str> = manifest
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("kompas-store") || l.starts_with("sqlx"))
        .collect();
    assert!(
        deps.is_empty(),
        "kompas-interop parses and writes formats into domain types; reading and writing the database is kompas-app's: {deps:?}"
    );
}
