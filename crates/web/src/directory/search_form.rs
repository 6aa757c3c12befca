//! The search page's query string, parsed into checked values and written back
//! for links (filters, pages). Unknown parameters are ignored on pages.

use kompas_domain::directory::{Layer, LifeDomain};

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
    pub fn parse(query: &str) -> Result<SearchForm, String> {
        let mut f = SearchForm {
            page: 1,
            ..SearchForm::default()
        };
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            let v = v.trim();
            match k.as_ref() {
                "q" => f.q = v.chars().take(500).collect(),
                "leefgebied" if !v.is_empty() => f.domains.push(LifeDomain::parse(v)?),
                "laag" if !v.is_empty() => {
                    let n: u8 = v
                        .parse()
                        .map_err(|_| format!("laag '{v}' is geen getal van 1 tot en met 5"))?;
                    f.layers.push(Layer::try_from(n)?);
                }
                "wijk" if !v.is_empty() => {
                    let code = v.to_uppercase();
                    let ok = code.len() == 8
                        && code.starts_with("WK")
                        && code[2..].chars().all(|c| c.is_ascii_digit());
                    if !ok {
                        return Err(format!("wijk '{v}' is geen wijkcode zoals WK990101"));
                    }
                    f.area = Some(code);
                }
                "leeftijd" if !v.is_empty() => {
                    let age: u8 = v.parse().ok().filter(|a| *a <= 120).ok_or_else(|| {
                        format!("leeftijd '{v}' is geen leeftijd tussen 0 en 120")
                    })?;
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
                        .ok_or_else(|| format!("pagina '{v}' bestaat niet"))?;
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
    fn bad_values_get_a_dutch_reason() {
        assert!(SearchForm::parse("laag=9").unwrap_err().contains("laag"));
        assert!(SearchForm::parse("leefgebied=geluk")
            .unwrap_err()
            .contains("geluk"));
        assert!(SearchForm::parse("leeftijd=-3")
            .unwrap_err()
            .contains("leeftijd"));
        assert!(SearchForm::parse("wijk=Centrum")
            .unwrap_err()
            .contains("wijkcode"));
        assert!(SearchForm::parse("pagina=0").is_err());
    }

    #[test]
    fn toggling_a_filter_goes_back_to_page_one() {
        let f = SearchForm::parse("q=x&pagina=3").unwrap();
        let t = f.toggle_domain(LifeDomain::Housing);
        assert_eq!(t.page, 1);
        assert_eq!(t.toggle_domain(LifeDomain::Housing).domains, vec![]);
    }
}
