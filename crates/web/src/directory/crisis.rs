//! The crisis block: when a search signals acute danger, the numbers that
//! help right now come above the results, the matching one first, with the
//! directory's crisis offers among the results. The start page and the
//! question form carry the same numbers in a quieter form
//! (`directory/_crisis_quiet.html`).

use kompas_search::CrisisKind;

/// One number to call, with what it is for (`question` and `advice` are
/// keys in `directory.ftl`).
pub struct CrisisLine {
    pub question: &'static str,
    pub advice: &'static str,
    /// (shown, dialled)
    pub numbers: Vec<(&'static str, &'static str)>,
    /// Is this what the search was about?
    pub matched: bool,
}

pub struct CrisisHelp {
    pub lines: Vec<CrisisLine>,
    /// Crisis offers of the directory among the results: (id, name).
    pub offers: Vec<(i64, String)>,
}

impl CrisisHelp {
    /// The block for a search that signalled `kinds`; None when it did not.
    pub fn for_search(kinds: &[CrisisKind], offers: Vec<(i64, String)>) -> Option<CrisisHelp> {
        if kinds.is_empty() {
            return None;
        }
        let has = |k: CrisisKind| kinds.contains(&k);
        let mut lines = vec![
            CrisisLine {
                question: "crisis-suicide-question",
                advice: "crisis-suicide-advice",
                numbers: vec![("113", "113"), ("0800-0113", "08000113")],
                matched: has(CrisisKind::Zelfdoding),
            },
            CrisisLine {
                question: "crisis-violence-question",
                advice: "crisis-violence-advice",
                numbers: vec![("0800-2000", "08002000")],
                matched: has(CrisisKind::HuiselijkGeweld) || has(CrisisKind::Kindermishandeling),
            },
            CrisisLine {
                question: "crisis-shelter-question",
                advice: "crisis-shelter-advice",
                numbers: Vec::new(),
                matched: has(CrisisKind::Dakloos),
            },
            CrisisLine {
                question: "crisis-danger-question",
                advice: "crisis-danger-advice",
                numbers: vec![("112", "112")],
                matched: has(CrisisKind::AcuutGevaar),
            },
        ];
        // The night-shelter line only when it is what was asked.
        lines.retain(|l| l.matched || !l.numbers.is_empty());
        // What the search was about first; the others stay, below it.
        lines.sort_by_key(|l| !l.matched);
        Some(CrisisHelp { lines, offers })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matching_line_comes_first_and_the_others_stay() {
        let help = CrisisHelp::for_search(&[CrisisKind::HuiselijkGeweld], Vec::new()).unwrap();
        assert!(help.lines[0].matched);
        assert_eq!(help.lines[0].numbers, vec![("0800-2000", "08002000")]);
        let all: Vec<&str> = help
            .lines
            .iter()
            .flat_map(|l| l.numbers.iter().map(|n| n.1))
            .collect();
        assert!(all.contains(&"113") && all.contains(&"112"));
        assert!(CrisisHelp::for_search(&[], Vec::new()).is_none());
    }
}
