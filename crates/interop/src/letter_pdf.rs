//! A decision letter as a PDF document, the copy stored with the case.
//!
//! Self-contained and static in the spirit of PDF/A: no scripts, no links,
//! no external resources, document metadata and language set, a file id
//! derived from the content (the same letter gives the same bytes). It uses
//! the standard Courier font in WinAnsi encoding, which every PDF reader has,
//! instead of embedding one: fixed-width letters make line breaks exact
//! without font metrics. (Strict PDF/A would require an embedded font; the
//! letter's characters outside Windows-1252 are written as '?', which is
//! why the printable page, not the PDF, is the resident's first copy.)

use chrono::{DateTime, Datelike, Utc};
use kompas_domain::maatwerk::letter::Letter;
use pdf_writer::{Content, Date, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use sha2::{Digest, Sha256};

/// The page in points: A4, the text block's edges, font size, line distance.
struct Layout {
    page: (f32, f32),
    left: f32,
    top: f32,
    bottom: f32,
    size: f32,
    leading: f32,
}

const A4: Layout = Layout {
    page: (595.0, 842.0),
    left: 64.0,
    top: 780.0,
    bottom: 72.0,
    size: 10.5,
    leading: 14.0,
};
/// Courier is 0.6 em wide: (595 - 2 × 64) / (0.6 × 10.5) = 74 characters.
const COLUMNS: usize = 72;

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Bold,
}

/// Words wrapped to `width` characters; a word longer than a line is cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let mut word: Vec<char> = word.chars().collect();
            while word.len() > width {
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                out.push(word.drain(..width).collect());
            }
            let word: String = word.into_iter().collect();
            let len = line.chars().count();
            if len > 0 && len + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        out.push(line);
    }
    out
}

/// Windows-1252 bytes for the standard font's WinAnsi encoding; a character
/// it cannot show becomes '?'.
fn win_ansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut buf = [0_u8; 4];
    for c in text.chars() {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
        if unmappable || bytes.len() != 1 {
            out.push(b'?');
        } else {
            out.extend_from_slice(&bytes);
        }
    }
    out
}

/// The letter as lines of text, blank lines between blocks.
fn lines(l: &Letter) -> Vec<(Style, String)> {
    let mut out: Vec<(Style, String)> = Vec::new();
    let mut push = |style, text: &str| {
        out.extend(wrap(text, COLUMNS).into_iter().map(|t| (style, t)));
    };
    push(Style::Bold, &format!("Gemeente {}", l.municipality));
    push(Style::Plain, &format!("Kenmerk: {}", l.reference));
    push(Style::Plain, &l.date_line);
    push(Style::Plain, "");
    push(Style::Bold, &l.title);
    push(Style::Plain, "");
    push(Style::Plain, &l.salutation);
    push(Style::Plain, "");
    push(Style::Plain, &l.intro);
    for p in &l.products {
        push(Style::Plain, "");
        push(Style::Bold, &p.heading);
        for (label, value) in &p.facts {
            push(Style::Plain, &format!("{label}: {value}"));
        }
        push(Style::Plain, &format!("Waarom: {}", p.reasoning));
    }
    for (heading, text) in [
        ("Waarop dit besluit steunt", &l.legal_basis),
        ("Niet eens met dit besluit?", &l.objection),
    ] {
        push(Style::Plain, "");
        push(Style::Bold, heading);
        push(Style::Plain, text);
    }
    push(Style::Plain, "");
    push(Style::Plain, &l.closing);
    out
}

/// Writes the letter as a PDF; `created` goes into the document's metadata.
pub fn write(l: &Letter, created: DateTime<Utc>) -> Vec<u8> {
    let per_page = ((A4.top - A4.bottom) / A4.leading) as usize;
    let all = lines(l);
    let pages: Vec<&[(Style, String)]> = all.chunks(per_page.max(1)).collect();
    let n = pages.len();

    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first_page = 6;
    let page_ids: Vec<Ref> = (0..n)
        .map(|i| Ref::new(first_page + 2 * i as i32))
        .collect();

    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);
    {
        let mut c = pdf.catalog(catalog);
        c.pages(tree);
        c.lang(TextStr("nl-NL"));
    }
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(n as i32);
    pdf.type1_font(regular)
        .base_font(Name(b"Courier"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Courier-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));

    for (i, (lines, id)) in pages.iter().zip(&page_ids).enumerate() {
        let contents = Ref::new(id.get() + 1);
        let mut page = pdf.page(*id);
        page.media_box(Rect::new(0.0, 0.0, A4.page.0, A4.page.1));
        page.parent(tree);
        page.contents(contents);
        page.resources()
            .fonts()
            .pair(Name(b"F1"), regular)
            .pair(Name(b"F2"), bold);
        page.finish();

        let mut c = Content::new();
        c.begin_text();
        c.set_leading(A4.leading);
        c.next_line(A4.left, A4.top);
        let mut current = None;
        for (style, text) in lines.iter() {
            if current != Some(*style) {
                let font = if *style == Style::Bold { b"F2" } else { b"F1" };
                c.set_font(Name(font), A4.size);
                current = Some(*style);
            }
            c.show(Str(&win_ansi(text)));
            c.next_line_using_leading();
        }
        c.end_text();
        c.begin_text();
        c.set_font(Name(b"F1"), 8.5);
        c.next_line(A4.left, 40.0);
        c.show(Str(&win_ansi(&format!(
            "{} - pagina {} van {n}",
            l.reference,
            i + 1
        ))));
        c.end_text();
        pdf.stream(contents, &c.finish());
    }

    {
        let date = Date::new(created.year() as u16)
            .month(created.month() as u8)
            .day(created.day() as u8);
        let mut d = pdf.document_info(info);
        d.title(TextStr(&format!("{} ({})", l.title, l.reference)));
        d.author(TextStr(&format!("Gemeente {}", l.municipality)));
        d.creator(TextStr("Kompas"));
        d.creation_date(date);
    }
    let digest = Sha256::digest(serde_json::to_vec(l).unwrap_or_default());
    pdf.set_file_id((digest[..16].to_vec(), digest[..16].to_vec()));
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kompas_domain::maatwerk::letter::{Letter, ProductBlock};

    fn letter(products: usize) -> Letter {
        Letter {
            municipality: "Wilgendaal".into(),
            title: "Besluit Wmo 2015: eerste besluit".into(),
            reference: "WMO-000042".into(),
            date_line: "Datum: maandag 2 maart 2026".into(),
            salutation: "Beste mevrouw Çelik,".into(),
            intro: "U heeft ons om ondersteuning gevraagd.".into(),
            products: (1..=products)
                .map(|i| ProductBlock {
                    heading: format!("{i}. Hulp bij het huishouden"),
                    facts: vec![("Hoeveel", "3 uur per week".into())],
                    reasoning: "Omdat (zo blijkt uit het gesprek) u het huis niet zelf kunt \
                        schoonhouden na uw operatie; een lang woord: \
                        huishoudelijkeondersteuningsaanvraagformulierennummerreeksvolgorde."
                        .into(),
                })
                .collect(),
            legal_basis: "Wmo 2015".into(),
            objection: "Bezwaar binnen zes weken.".into(),
            closing: "Met vriendelijke groet,\nhet college".into(),
        }
    }

    fn count(hay: &[u8], needle: &[u8]) -> usize {
        hay.windows(needle.len()).filter(|w| *w == needle).count()
    }

    #[test]
    fn lines_never_run_past_the_margin() {
        for l in lines(&letter(3)) {
            assert!(l.1.chars().count() <= COLUMNS, "{}", l.1);
        }
        assert_eq!(wrap("a b", 3), vec!["a b"]);
        assert_eq!(wrap("aa bb", 3), vec!["aa", "bb"]);
        assert_eq!(wrap("abcdefg", 3), vec!["abc", "def", "g"]);
        assert_eq!(wrap("x\n\ny", 5), vec!["x", "", "y"]);
    }

    #[test]
    fn the_document_is_a_pdf_with_the_letters_text_and_pages() {
        let when = DateTime::parse_from_rfc3339("2026-03-02T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let one = write(&letter(1), when);
        assert!(one.starts_with(b"%PDF-1.7"));
        assert!(one.ends_with(b"%%EOF\n") || one.ends_with(b"%%EOF"));
        assert!(count(&one, b"WMO-000042") >= 1);
        // Latin-1 letters survive as WinAnsi bytes (Ç = 0xC7; a line with
        // such a letter is written as a hex string), not as '?'.
        let hex = format!("<{}>", hex::encode(b"Beste mevrouw \xC7elik,"));
        assert_eq!(count(&one.to_ascii_lowercase(), hex.as_bytes()), 1);
        assert!(count(&one, b"(Wilgendaal") + count(&one, b"Gemeente Wilgendaal") >= 1);
        // Many products run onto more pages, each numbered.
        let long = write(&letter(30), when);
        assert!(count(&long, b"pagina 3 van") == 1, "at least three pages");
        // The same letter gives the same bytes.
        assert_eq!(write(&letter(1), when), one);
    }

    #[test]
    fn characters_outside_win_ansi_become_question_marks() {
        assert_eq!(win_ansi("é€ж"), vec![0xE9, 0x80, b'?']);
    }
}
