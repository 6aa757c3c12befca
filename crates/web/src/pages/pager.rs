//! Paging for long lists whose page is cut in SQL: "1–50 van 2.000" and the
//! links to the first, previous, next and last page, keeping the list's
//! other query parameters.

use kompas_domain::money::thousands;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    /// "1–50 van 2.000"; "0 van 0" for an empty list.
    pub summary: String,
    pub page: i64,
    pub pages: i64,
    pub first: Option<String>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
}

/// The page number a visitor asked for, at least 1.
pub fn page_number(asked: Option<i64>) -> i64 {
    asked.unwrap_or(1).max(1)
}

/// The rows a page skips.
pub fn offset(page: i64, size: i64) -> i64 {
    page.saturating_sub(1).saturating_mul(size)
}

impl Pager {
    /// `base` is the list's address with its query so far (`/x?a=1&` or `/x?`).
    pub fn new(base: &str, page: i64, size: i64, total: i64) -> Pager {
        let pages = ((total + size - 1) / size).max(1);
        let link = |p: i64| Some(format!("{base}pagina={p}"));
        let shown_from = offset(page, size) + 1;
        let shown_to = (offset(page, size) + size).min(total);
        let total_text = thousands(total.max(0) as u64);
        Pager {
            summary: if shown_from > shown_to {
                format!("0 van {total_text}")
            } else {
                format!(
                    "{}–{} van {total_text}",
                    thousands(shown_from as u64),
                    thousands(shown_to as u64)
                )
            },
            page,
            pages,
            first: (page > 2).then(|| link(1)).flatten(),
            previous: (page > 1).then(|| link(page - 1)).flatten(),
            next: (page < pages).then(|| link(page + 1)).flatten(),
            last: (page + 1 < pages).then(|| link(pages)).flatten(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_and_links_of_a_page() {
        let p = Pager::new("/l?s=a&", 1, 50, 2_000);
        assert_eq!(p.summary, "1–50 van 2.000");
        assert_eq!(p.pages, 40);
        assert_eq!((p.first.as_deref(), p.previous.as_deref()), (None, None));
        assert_eq!(p.next.as_deref(), Some("/l?s=a&pagina=2"));
        assert_eq!(p.last.as_deref(), Some("/l?s=a&pagina=40"));
        let p = Pager::new("/l?", 40, 50, 1_999);
        assert_eq!(p.summary, "1.951–1.999 van 1.999");
        assert_eq!(p.first.as_deref(), Some("/l?pagina=1"));
        assert_eq!(p.previous.as_deref(), Some("/l?pagina=39"));
        assert_eq!((p.next.as_deref(), p.last.as_deref()), (None, None));
        let p = Pager::new("/l?", 1, 50, 0);
        assert_eq!((p.summary.as_str(), p.pages), ("0 van 0", 1));
        assert_eq!(Pager::new("/l?", 7, 50, 10).summary, "0 van 10");
        assert_eq!(page_number(Some(-3)), 1);
        assert_eq!(offset(page_number(None), 50), 0);
    }
}
