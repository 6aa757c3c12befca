//! The search page's query string, parsed into checked values and written back
//! for links (filters, pages). Unknown parameters are ignored on pages.

use kompas_domain::directory::{Layer, LifeDomain};
use kompas_domain::language::Language;

/// A value the search page cannot use: which one, and the message's key in
/// `directory.ftl`, so the resident reads it in their language.
#[derive(Debug, Clone, PartialEq)]
pub struct FormError {
    pub key: &'static str,
    pub value: String,
}

impl FormError {
    fn new(key: &'static str, value: &str) -> FormError {
        FormError {
            key,
            value: value.to_string(),
        }
    }

    /// "Deze zoekopdracht klopt niet: laag '9' is geen getal …", in `lang`.
    pub fn message(&self, lang: Language) -> String {
        use crate::i18n::text_with;
        use fluent_templates::fluent_bundle::FluentValue;
        let reason = text_with(
            lang,
            self.key,
            &[("value", FluentValue::from(self.value.clone()))],
        );
        text_with(
            lang,
            "search-error",
            &[("reason", FluentValue::from(reason))],
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchForm {
    pub q: String,
    pub domains: Vec<LifeDomain>,
    pub layers: Vec<Layer>,
    pub area: Option<String>,
    pub age: Option<u8>,
    pub free: bool,
    pub without_referral: bool,
    pub open_now: bool,
    pub page: usize,
}

pub const PER_PAGE: usize = 10;

impl SearchForm {
    /// Parses `q=…&leefgebied=…&laag=…&wijk=…&leeftijd=…&gratis=1&zonder-verwijzing=1&nu-open=1&pagina=…`.
    pub fn parse(query: &str) -> Result<SearchForm, FormError> {
        let mut f = SearchForm {
            page: 1,
            ..SearchForm::default()
        };
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            let v = v.trim();
            match k.as_ref() {
                "q" => f.q = v.chars().take(500).collect(),
                "leefgebied" if !v.is_empty() => f.domains.push(
                    LifeDomain::parse(v).map_err(|_| FormError::new("search-error-topic", v))?,
                ),
                "laag" if !v.is_empty() => {
                    let layer = v.parse::<u8>().ok().and_then(|n| Layer::try_from(n).ok());
                    f.layers
                        .push(layer.ok_or_else(|| FormError::new("search-error-layer", v))?);
                }
                "wijk" if !v.is_empty() => {
                    let code = v.to_uppercase();
                    let ok = code.len() == 8
                        && code.starts_with("WK")
                        && code[2..].chars().all(|c| c.is_ascii_digit());
                    if !ok {
                        return Err(FormError::new("search-error-area", v));
                    }
                    f.area = Some(code);
                }
                "leeftijd" if !v.is_empty() => {
                    let age: u8 = v
                        .parse()
                        .ok()
                        .filter(|a| *a <= 120)
                        .ok_or_else(|| FormError::new("search-error-age", v))?;
                    f.age = Some(age);
                }
                "gratis" => f.free = v == "1",
                "zonder-verwijzing" => f.without_referral = v == "1",
                "nu-open" => f.open_now = v == "1",
                "pagina" if !v.is_empty() => {
                    f.page = v
                        .parse()
                        .ok()
                        .filter(|p| (1..=1000).contains(p))
                        .ok_or_else(|| FormError::new("search-error-page", v))?;
                }
                _ => {}
            }
        }
        f.domains.sort();
        f.domains.dedup();
        f.layers.sort();
        f.layers.dedup();
        Ok(f)
    }

    /// The query string for this form (without `pagina` when it is 1).
    pub fn to_query(&self) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            s.append_pair("q", &self.q);
        }
        for d in &self.domains {
            s.append_pair("leefgebied", d.code());
        }
        for l in &self.layers {
            s.append_pair("laag", &l.number().to_string());
        }
        if let Some(a) = &self.area {
            s.append_pair("wijk", a);
        }
        if let Some(a) = self.age {
            s.append_pair("leeftijd", &a.to_string());
        }
        if self.free {
            s.append_pair("gratis", "1");
        }
        if self.without_referral {
            s.append_pair("zonder-verwijzing", "1");
        }
        if self.open_now {
            s.append_pair("nu-open", "1");
        }
        if self.page > 1 {
            s.append_pair("pagina", &self.page.to_string());
        }
        s.finish()
    }

    /// The same search on another page.
    pub fn with_page(&self, page: usize) -> SearchForm {
        SearchForm {
            page,
            ..self.clone()
        }
    }

    /// The same search with one life domain switched on or off (back to page 1).
    pub fn toggle_domain(&self, d: LifeDomain) -> SearchForm {
        let mut f = self.with_page(1);
        if let Some(i) = f.domains.iter().position(|x| *x == d) {
            f.domains.remove(i);
        } else {
            f.domains.push(d);
            f.domains.sort();
        }
        f
    }

    pub fn toggle_layer(&self, l: Layer) -> SearchForm {
        let mut f = self.with_page(1);
        if let Some(i) = f.layers.iter().position(|x| *x == l) {
            f.layers.remove(i);
        } else {
            f.layers.push(l);
            f.layers.sort();
        }
        f
    }

    /// How many filters are chosen (the words do not count), for the
    /// folded filters' summary.
    pub fn chosen(&self) -> usize {
        self.domains.len()
            + self.layers.len()
            + usize::from(self.area.is_some())
            + usize::from(self.age.is_some())
            + usize::from(self.free)
            + usize::from(self.without_referral)
            + usize::from(self.open_now)
    }

    pub fn is_empty(&self) -> bool {
        self.q.trim().is_empty()
            && self.domains.is_empty()
            && self.layers.is_empty()
            && self.area.is_none()
            && self.age.is_none()
            && !self.free
            && !self.without_referral
            && !self.open_now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_back_the_same_search() {
        let f = SearchForm::parse("q=geld+zorgen&leefgebied=financien&laag=3&wijk=wk990101&leeftijd=40&gratis=1&pagina=2&onbekend=x").unwrap();
        assert_eq!(f.q, "geld zorgen");
        assert_eq!(f.domains, vec![LifeDomain::Finances]);
        assert_eq!(f.layers, vec![Layer::OpenAccess]);
        assert_eq!(f.area.as_deref(), Some("WK990101"));
        assert_eq!(f.page, 2);
        assert_eq!(SearchForm::parse(&f.to_query()).unwrap(), f);
    }

    #[test]
    fn bad_values_get_a_reason_in_the_residents_language() {
        let nl = |q: &str| SearchForm::parse(q).unwrap_err().message(Language::Nl);
        assert_eq!(
            nl("laag=9"),
            "Deze zoekopdracht klopt niet: laag '9' is geen getal van 1 tot en met 5."
        );
        assert!(nl("leefgebied=geluk").contains("geluk"));
        assert!(nl("leeftijd=-3").contains("leeftijd"));
        assert!(nl("wijk=Centrum").contains("wijkcode"));
        assert!(nl("pagina=0").contains("pagina"));
        let en = SearchForm::parse("laag=9")
            .unwrap_err()
            .message(Language::En);
        assert!(en.contains('9') && !en.contains("klopt"), "{en}");
    }

    #[test]
    fn the_folded_filters_count_what_is_chosen_but_not_the_words() {
        assert_eq!(SearchForm::parse("q=huur").unwrap().chosen(), 0);
        let f = SearchForm::parse("q=huur&laag=1&laag=2&gratis=1&wijk=WK990101").unwrap();
        assert_eq!(f.chosen(), 4);
    }

    #[test]
    fn toggling_a_filter_goes_back_to_page_one() {
        let f = SearchForm::parse("q=x&pagina=3").unwrap();
        let t = f.toggle_domain(LifeDomain::Housing);
        assert_eq!(t.page, 1);
        assert_eq!(t.toggle_domain(LifeDomain::Housing).domains, vec![]);
    }
}
