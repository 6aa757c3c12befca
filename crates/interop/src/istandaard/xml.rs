//! Internal XML plumbing: a small element tree with line numbers, a strict
//! cursor over the children of an element (schema order, namespaces) with value
//! checks, and an indenting writer.

use chrono::{NaiveDate, NaiveTime, Timelike};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::{ReadError, Standard};

/// Deepest element nesting accepted; the deepest message has fewer than 10 levels.
const MAX_DEPTH: usize = 24;

#[derive(Debug)]
pub(crate) struct Node {
    pub ns: Option<String>,
    pub name: String,
    pub line: usize,
    pub children: Vec<Node>,
    pub text: String,
}

fn line_of(line_starts: &[usize], pos: usize) -> usize {
    match line_starts.binary_search(&pos) {
        Ok(i) => i + 1,
        Err(i) => i.max(1),
    }
}

fn to_usize<T: TryInto<usize>>(v: T) -> usize {
    v.try_into().unwrap_or(usize::MAX)
}

fn not_xml(line: usize, detail: impl std::fmt::Display) -> ReadError {
    ReadError {
        line: Some(line),
        path: None,
        message: format!("het bestand is geen geldige XML ({detail})"),
    }
}

/// Parses the whole document into a tree. Refuses DTDs, processing
/// instructions after the declaration, mixed content and non-UTF-8 input.
pub(crate) fn parse(xml: &[u8]) -> Result<Node, ReadError> {
    let text = std::str::from_utf8(xml).map_err(|_| ReadError {
        line: None,
        path: None,
        message: "het bestand is geen UTF-8-tekst".to_string(),
    })?;
    let mut line_starts = vec![0usize];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        let pos = to_usize(reader.buffer_position());
        let line = line_of(&line_starts, pos);
        let (resolved, event) = reader.read_resolved_event().map_err(|e| not_xml(line, e))?;
        let ns = match resolved {
            ResolveResult::Bound(ns) => Some(String::from_utf8_lossy(ns.as_ref()).into_owned()),
            ResolveResult::Unbound => None,
            ResolveResult::Unknown(p) => {
                return Err(not_xml(
                    line,
                    format!("onbekend voorvoegsel {}", String::from_utf8_lossy(&p)),
                ))
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if root.is_some() {
                    return Err(not_xml(line, "tekst na het einde van het bericht"));
                }
                for attr in e.attributes() {
                    let attr = attr.map_err(|err| not_xml(line, err))?;
                    let key = attr.key.as_ref();
                    let allowed = key == b"xmlns"
                        || key.starts_with(b"xmlns:")
                        || key.ends_with(b":schemaLocation");
                    if !allowed {
                        return Err(ReadError {
                            line: Some(line),
                            path: None,
                            message: format!(
                                "attribuut {} hoort niet in een iWmo- of iJw-bericht",
                                String::from_utf8_lossy(key)
                            ),
                        });
                    }
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(not_xml(line, "te diep geneste elementen"));
                }
                let node = Node {
                    ns,
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    line,
                    children: Vec::new(),
                    text: String::new(),
                };
                if matches!(event, Event::Empty(_)) {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => root = Some(node),
                    }
                } else {
                    stack.push(node);
                }
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    return Err(not_xml(line, "sluittag zonder begintag"));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) => {
                let s = t.unescape().map_err(|e| not_xml(line, e))?;
                match stack.last_mut() {
                    Some(node) => node.text.push_str(&s),
                    None if s.trim().is_empty() => {}
                    None => return Err(not_xml(line, "tekst buiten het bericht")),
                }
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t.into_inner()).into_owned();
                match stack.last_mut() {
                    Some(node) => node.text.push_str(&s),
                    None => return Err(not_xml(line, "tekst buiten het bericht")),
                }
            }
            Event::Comment(_) | Event::Decl(_) => {}
            Event::PI(_) => return Err(not_xml(line, "verwerkingsinstructie niet toegestaan")),
            Event::DocType(_) => return Err(not_xml(line, "DOCTYPE niet toegestaan")),
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        let line = line_starts.len();
        return Err(not_xml(line, "het bericht is onvolledig (afgebroken)"));
    }
    root.ok_or_else(|| not_xml(1, "geen enkel element gevonden"))
}

/// Reading context: which standard, which message, whether it is a return
/// message (records then carry `RetourCodes`).
pub(crate) struct Cx {
    pub standard: Standard,
    pub msg_ns: String,
    pub base_ns: &'static str,
    pub retour: bool,
}

/// One element being read, with its path (below the root) for error messages.
pub(crate) struct El<'a> {
    pub node: &'a Node,
    pub path: String,
    pub cx: &'a Cx,
}

pub(crate) type R<T> = Result<T, ReadError>;

fn shown(v: &str) -> String {
    let short: String = v.chars().take(40).collect();
    if short.len() < v.len() {
        format!("\"{short}…\"")
    } else {
        format!("\"{short}\"")
    }
}

impl<'a> El<'a> {
    pub fn err(&self, message: impl Into<String>) -> ReadError {
        ReadError {
            line: Some(self.node.line),
            path: Some(self.path.clone()),
            message: message.into(),
        }
    }

    /// The children of a complex element; text between them must be blank.
    pub fn cur(&self) -> R<Cur<'a>> {
        if !self.node.text.trim().is_empty() {
            return Err(self.err(format!(
                "hier hoort geen tekst maar alleen onderliggende elementen (gevonden {})",
                shown(self.node.text.trim())
            )));
        }
        Ok(Cur {
            node: self.node,
            path: self.path.clone(),
            cx: self.cx,
            i: 0,
        })
    }

    /// The text of a simple element.
    pub fn raw(&self) -> R<&'a str> {
        if let Some(child) = self.node.children.first() {
            return Err(self.err(format!(
                "hier hoort een waarde, geen element {}",
                child.name
            )));
        }
        Ok(&self.node.text)
    }

    /// A string with a length range (characters), kept as written.
    pub fn string(&self, min: usize, max: usize) -> R<String> {
        let v = self.raw()?;
        let n = v.chars().count();
        if n < min {
            return Err(self.err("de waarde is leeg"));
        }
        if n > max {
            return Err(self.err(format!("{} is te lang (maximaal {max} tekens)", shown(v))));
        }
        Ok(v.to_string())
    }

    /// A one-line text with at least one non-space character (pattern `.*[^\s].*`).
    pub fn text(&self, max: usize) -> R<String> {
        let v = self.string(1, max)?;
        if v.contains(['\n', '\r']) {
            return Err(self.err(format!("{} mag maar één regel zijn", shown(&v))));
        }
        if v.trim().is_empty() {
            return Err(self.err("de waarde bestaat alleen uit spaties"));
        }
        Ok(v)
    }

    /// Free text (`LDT_Commentaar`): any length, not only white space.
    pub fn comment(&self) -> R<String> {
        let v = self.string(1, usize::MAX)?;
        if v.trim().is_empty() {
            return Err(self.err("de toelichting bestaat alleen uit spaties"));
        }
        Ok(v)
    }

    /// Exactly `n` digits, e.g. BSN (9), AGB code (8), municipality code (4).
    pub fn digits(&self, n: usize, what: &str) -> R<String> {
        let v = self.raw()?;
        if v.len() != n || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.err(format!("{} is geen geldige {what} ({n} cijfers)", shown(v))));
        }
        Ok(v.to_string())
    }

    pub fn bsn(&self) -> R<String> {
        self.digits(9, "BSN")
    }
    pub fn agb(&self) -> R<String> {
        self.digits(8, "AGB-code")
    }
    pub fn municipality(&self) -> R<String> {
        self.digits(4, "gemeentecode")
    }

    /// A value from a code list.
    pub fn code(&self, list: &[&str], what: &str) -> R<String> {
        let v = self.raw()?;
        if !list.contains(&v) {
            return Err(self.err(format!("{} is geen geldige code voor {what}", shown(v))));
        }
        Ok(v.to_string())
    }

    pub fn date(&self) -> R<NaiveDate> {
        let v = self.raw()?.trim();
        let ok = v.len() == 10
            && v.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        let parsed = if ok {
            NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()
        } else {
            None
        };
        parsed.ok_or_else(|| {
            self.err(format!(
                "{} is geen geldige datum (JJJJ-MM-DD, bestaande dag)",
                shown(v)
            ))
        })
    }

    pub fn time(&self) -> R<NaiveTime> {
        let v = self.raw()?.trim();
        let ok = v.len() >= 8
            && v.is_char_boundary(8)
            && v.as_bytes()[2] == b':'
            && v.as_bytes()[5] == b':'
            && v[..8]
                .bytes()
                .enumerate()
                .all(|(i, b)| i == 2 || i == 5 || b.is_ascii_digit())
            && (v.len() == 8
                || (v.as_bytes()[8] == b'.'
                    && v.len() > 9
                    && v[9..].bytes().all(|b| b.is_ascii_digit())));
        let parsed = if ok {
            NaiveTime::parse_from_str(v, "%H:%M:%S%.f").ok()
        } else {
            None
        };
        parsed.ok_or_else(|| self.err(format!("{} is geen geldige tijd (UU:MM:SS)", shown(v))))
    }

    /// An `xs:integer` within a range.
    pub fn int(&self, min: i64, max: i64) -> R<i64> {
        let v = self.raw()?.trim();
        let digits = v.strip_prefix('+').unwrap_or(v);
        let n = if !digits.is_empty()
            && digits.len() <= 18
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            digits.parse::<i64>().ok()
        } else {
            None
        };
        match n {
            Some(n) if n >= min && n <= max => Ok(n),
            Some(_) => Err(self.err(format!("{} ligt niet tussen {min} en {max}", shown(v)))),
            None => Err(self.err(format!("{} is geen geheel getal", shown(v)))),
        }
    }

    pub fn u32(&self, max: u32) -> R<u32> {
        let n = self.int(0, i64::from(max))?;
        u32::try_from(n).map_err(|_| self.err("getal te groot"))
    }

    /// `LDT_Versie`: three numbers with dots, no leading zeros.
    pub fn version(&self) -> R<String> {
        let v = self.raw()?;
        let parts: Vec<&str> = v.split('.').collect();
        let ok = parts.len() == 3
            && parts.iter().all(|p| {
                !p.is_empty()
                    && p.bytes().all(|b| b.is_ascii_digit())
                    && (p.len() == 1 || !p.starts_with('0'))
            });
        if !ok {
            return Err(self.err(format!(
                "{} is geen geldig versienummer (zoals 1.0.0)",
                shown(v)
            )));
        }
        Ok(v.to_string())
    }

    /// `LDT_Voorletters`: 1 to 6 letters.
    pub fn initials(&self) -> R<String> {
        let v = self.string(1, 6)?;
        let ok = v
            .chars()
            .all(|c| c.is_ascii_alphabetic() || ('\u{C0}'..='\u{1EF3}').contains(&c));
        if !ok {
            return Err(self.err(format!("{} mag alleen letters bevatten", shown(&v))));
        }
        Ok(v)
    }

    /// `LDT_Telefoonnummer`: 1 to 15 digits.
    pub fn phone(&self) -> R<String> {
        let v = self.string(1, 15)?;
        if !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.err(format!(
                "{} is geen geldig telefoonnummer (alleen cijfers)",
                shown(&v)
            )));
        }
        Ok(v)
    }

    /// Letters and digits only, 1 to `max`.
    pub fn alnum(&self, max: usize) -> R<String> {
        let v = self.string(1, max)?;
        if !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(self.err(format!(
                "{} mag alleen letters en cijfers bevatten",
                shown(&v)
            )));
        }
        Ok(v)
    }
}

/// A cursor over the children of one element, in schema order.
pub(crate) struct Cur<'a> {
    node: &'a Node,
    path: String,
    cx: &'a Cx,
    i: usize,
}

impl<'a> Cur<'a> {
    pub fn cx(&self) -> &'a Cx {
        self.cx
    }

    fn child_path(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", self.path)
        }
    }

    fn is(&self, n: &Node, name: &str, base: bool) -> bool {
        let ns = if base {
            self.cx.base_ns
        } else {
            self.cx.msg_ns.as_str()
        };
        n.name == name && n.ns.as_deref() == Some(ns)
    }

    fn take(&mut self, name: &str, base: bool) -> Option<El<'a>> {
        let n = self.node.children.get(self.i)?;
        if self.is(n, name, base) {
            self.i += 1;
            Some(El {
                node: n,
                path: self.child_path(name),
                cx: self.cx,
            })
        } else {
            None
        }
    }

    fn missing(&self, name: &str) -> ReadError {
        match self.node.children.get(self.i) {
            Some(other) => ReadError {
                line: Some(other.line),
                path: Some(self.child_path(name)),
                message: format!(
                    "element {name} ontbreekt of staat niet op de goede plaats (gevonden: {})",
                    other.name
                ),
            },
            None => ReadError {
                line: Some(self.node.line),
                path: Some(self.child_path(name)),
                message: format!("verplicht element {name} ontbreekt"),
            },
        }
    }

    /// Required element in the message namespace.
    pub fn m<T>(&mut self, name: &str, f: impl FnOnce(&El<'a>) -> R<T>) -> R<T> {
        self.req(name, false, f)
    }
    /// Optional element in the message namespace.
    pub fn om<T>(&mut self, name: &str, f: impl FnOnce(&El<'a>) -> R<T>) -> R<Option<T>> {
        self.take(name, false).map(|e| f(&e)).transpose()
    }
    /// Required element in the basisschema namespace.
    pub fn b<T>(&mut self, name: &str, f: impl FnOnce(&El<'a>) -> R<T>) -> R<T> {
        self.req(name, true, f)
    }
    /// Optional element in the basisschema namespace.
    pub fn ob<T>(&mut self, name: &str, f: impl FnOnce(&El<'a>) -> R<T>) -> R<Option<T>> {
        self.take(name, true).map(|e| f(&e)).transpose()
    }

    fn req<T>(&mut self, name: &str, base: bool, f: impl FnOnce(&El<'a>) -> R<T>) -> R<T> {
        match self.take(name, base) {
            Some(e) => f(&e),
            None => Err(self.missing(name)),
        }
    }

    /// A wrapper element (message namespace) holding one or more `item`s.
    pub fn list<T>(&mut self, wrapper: &str, item: &str, f: impl Fn(&El<'a>) -> R<T>) -> R<Vec<T>> {
        self.m(wrapper, |w| read_items(w, item, f))
    }

    /// An optional wrapper element; absent gives an empty list.
    pub fn olist<T>(
        &mut self,
        wrapper: &str,
        item: &str,
        f: impl Fn(&El<'a>) -> R<T>,
    ) -> R<Vec<T>> {
        Ok(self
            .om(wrapper, |w| read_items(w, item, f))?
            .unwrap_or_default())
    }

    /// `RetourCodes` of a record: required in return messages, absent otherwise.
    pub fn rc(&mut self) -> R<Vec<String>> {
        if self.cx.retour {
            self.list("RetourCodes", "RetourCode", |e| {
                e.code(super::codes::RETOUR_CODE, "RetourCode (WJ001)")
            })
        } else {
            Ok(Vec::new())
        }
    }

    /// No children may be left.
    pub fn end(self) -> R<()> {
        match self.node.children.get(self.i) {
            None => Ok(()),
            Some(n) => Err(ReadError {
                line: Some(n.line),
                path: Some(self.child_path(&n.name)),
                message: format!(
                    "element {} is onbekend of staat niet op de goede plaats",
                    n.name
                ),
            }),
        }
    }
}

fn read_items<'a, T>(w: &El<'a>, item: &str, f: impl Fn(&El<'a>) -> R<T>) -> R<Vec<T>> {
    let mut c = w.cur()?;
    let mut out = vec![c.m(item, &f)?];
    while let Some(v) = c.om(item, &f)? {
        out.push(v);
    }
    c.end()?;
    Ok(out)
}

/// Indenting XML writer with the message and basisschema prefixes.
pub(crate) struct W {
    out: String,
    depth: usize,
    pub m: String,
    pub b: &'static str,
    pub retour: bool,
}

pub(crate) fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '\r' => o.push_str("&#13;"),
            _ => o.push(c),
        }
    }
    o
}

impl W {
    pub fn new(m: String, b: &'static str, retour: bool) -> W {
        W {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
            m,
            b,
            retour,
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push('\t');
        }
    }

    fn tag(&self, name: &str, base: bool) -> String {
        if base {
            format!("{}:{name}", self.b)
        } else {
            format!("{}:{name}", self.m)
        }
    }

    /// The root element, with its namespace declarations.
    pub fn root(&mut self, name: &str, attrs: &str, f: impl FnOnce(&mut W)) {
        let tag = self.tag(name, false);
        self.out.push_str(&format!("<{tag} {attrs}>\n"));
        self.depth += 1;
        f(self);
        self.depth -= 1;
        self.out.push_str(&format!("</{tag}>\n"));
    }

    fn el(&mut self, name: &str, base: bool, f: impl FnOnce(&mut W)) {
        let tag = self.tag(name, base);
        self.indent();
        self.out.push_str(&format!("<{tag}>\n"));
        self.depth += 1;
        f(self);
        self.depth -= 1;
        self.indent();
        self.out.push_str(&format!("</{tag}>\n"));
    }

    fn leaf(&mut self, name: &str, base: bool, v: &str) {
        let tag = self.tag(name, base);
        self.indent();
        self.out
            .push_str(&format!("<{tag}>{}</{tag}>\n", escape(v)));
    }

    /// Complex element in the message namespace.
    pub fn em(&mut self, name: &str, f: impl FnOnce(&mut W)) {
        self.el(name, false, f)
    }
    /// Complex element in the basisschema namespace.
    pub fn eb(&mut self, name: &str, f: impl FnOnce(&mut W)) {
        self.el(name, true, f)
    }
    pub fn m(&mut self, name: &str, v: impl ToText) {
        let v = v.to_text();
        self.leaf(name, false, &v)
    }
    pub fn b(&mut self, name: &str, v: impl ToText) {
        let v = v.to_text();
        self.leaf(name, true, &v)
    }
    pub fn om<T: ToText>(&mut self, name: &str, v: &Option<T>) {
        if let Some(v) = v {
            self.m(name, v)
        }
    }
    pub fn ob<T: ToText>(&mut self, name: &str, v: &Option<T>) {
        if let Some(v) = v {
            self.b(name, v)
        }
    }
    /// Wrapper element with one child per item (message namespace).
    pub fn list<T>(&mut self, wrapper: &str, items: &[T], f: impl Fn(&mut W, &T)) {
        self.em(wrapper, |w| {
            for it in items {
                f(w, it)
            }
        })
    }
    /// Optional wrapper: nothing when empty.
    pub fn olist<T>(&mut self, wrapper: &str, items: &[T], f: impl Fn(&mut W, &T)) {
        if !items.is_empty() {
            self.list(wrapper, items, f)
        }
    }
    /// `RetourCodes` of a record in return messages.
    pub fn rc(&mut self, codes: &[String]) {
        if self.retour {
            self.codes(codes)
        }
    }
    pub fn codes(&mut self, codes: &[String]) {
        self.list("RetourCodes", codes, |w, c| w.m("RetourCode", c))
    }
}

/// How a field value is written.
pub(crate) trait ToText {
    fn to_text(&self) -> String;
}
impl ToText for &str {
    fn to_text(&self) -> String {
        (*self).to_string()
    }
}
impl ToText for String {
    fn to_text(&self) -> String {
        self.clone()
    }
}
impl<T: ToText> ToText for &T {
    fn to_text(&self) -> String {
        (*self).to_text()
    }
}
impl ToText for u32 {
    fn to_text(&self) -> String {
        self.to_string()
    }
}
impl ToText for i64 {
    fn to_text(&self) -> String {
        self.to_string()
    }
}
impl ToText for NaiveDate {
    fn to_text(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}
impl ToText for NaiveTime {
    fn to_text(&self) -> String {
        if self.nanosecond() == 0 {
            self.format("%H:%M:%S").to_string()
        } else {
            self.format("%H:%M:%S%.f").to_string()
        }
    }
}
