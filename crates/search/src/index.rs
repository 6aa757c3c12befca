//! Fields, documents and the query: relevance first, lighter layers ahead of
//! heavier ones when comparably relevant, stale offers pushed down.

use crate::analyzer::{self, ANALYZER_VERSION};
use crate::thesaurus::{phrase_key, Thesaurus};
use crate::understand::{self, Understanding, Unit, Vocabulary};
use kompas_domain::directory::LifeDomain;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery,
    EnableScoring, Occur, Query, RangeQuery, TermQuery, Weight,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STRING,
};
use tantivy::{
    doc, DocAddress, DocId, Index, IndexReader, IndexWriter, Score, SegmentReader, TantivyDocument,
    Term,
};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("zoekindex: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("zoekindex: {0}")]
    Io(#[from] std::io::Error),
    #[error("zoekindex: {0}")]
    Other(String),
}

pub type Result<T> = std::result::Result<T, SearchError>;

/// What the index needs of an offer. Built by the caller from the database.
#[derive(Debug, Clone, Default)]
pub struct IndexedOffer {
    pub id: u64,
    pub municipality_id: u64,
    pub name: String,
    pub description: String,
    pub for_whom: String,
    pub organization: String,
    pub keywords: Vec<String>,
    /// Extra words that describe the offer (labels of its domains and groups).
    pub labels: Vec<String>,
    pub layer: u8,
    pub life_domains: Vec<String>,
    pub target_groups: Vec<String>,
    /// CBS codes of the areas served; empty means the whole municipality.
    pub areas: Vec<String>,
    pub min_age: Option<u8>,
    pub max_age: Option<u8>,
    pub free: bool,
    pub without_referral: bool,
    pub active: bool,
    /// Last checked, as days since 1970-01-01 (0 when never).
    pub checked_day: i64,
    /// Half-hour slots of the week in which it is open.
    pub open_slots: Vec<u16>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SearchQuery {
    pub text: String,
    pub municipality_id: Option<u64>,
    pub life_domains: Vec<String>,
    pub layers: Vec<u8>,
    pub area: Option<String>,
    pub age: Option<u8>,
    pub free_only: bool,
    pub without_referral: bool,
    /// A half-hour slot of the week: only offers open then.
    pub open_slot: Option<u16>,
    /// Any of these target groups.
    pub target_groups: Vec<String>,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: u64,
    pub score: f32,
    pub stale: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    pub life_domains: Vec<(String, u64)>,
    pub layers: Vec<(u8, u64)>,
}

/// Offers per life domain (by place in `LifeDomain::ALL`) and per layer.
#[derive(Debug, Clone, Default)]
struct FacetCounts {
    domains: [u64; LifeDomain::ALL.len()],
    layers: [u64; 8],
    /// Domains counted a byte each (seven a word) and not yet added to
    /// `domains`, and how many offers that is (see `add_domains`).
    packed: [u64; 2],
    pending: u32,
}

/// Bits 0–6 of an index spread over the bytes of a word: adding the spread
/// domain bits counts an offer in each of its domains without a branch per
/// domain (the branchy loop mispredicted on every offer: a sixth of a search).
const SPREAD: [u64; 128] = {
    let mut table = [0_u64; 128];
    let mut i = 0;
    while i < 128 {
        let mut bit = 0;
        while bit < 7 {
            table[i] |= ((i as u64 >> bit) & 1) << (8 * bit);
            bit += 1;
        }
        i += 1;
    }
    table
};

/// Where the life domains sit in an offer's facet bits.
const DOMAIN_BITS: u64 = (1 << LifeDomain::ALL.len()) - 1;

/// The life-domain and layer choices of a search, checked on the facet bits
/// of the offers that match the rest of it: options within a group combine
/// with OR, so a group's counts must not be narrowed by that group's own
/// choice ("disjunctive" facets), and this way one pass counts both groups.
#[derive(Debug, Clone, Copy, Default)]
struct Narrowing {
    /// Any of these domain bits (a code the bits do not know matches nothing).
    domains: Option<u64>,
    /// Any of these layers (bit n for layer n).
    layers: Option<u64>,
    /// Every one of these bits ([`FREE_BIT`], [`NO_REFERRAL_BIT`]).
    required: u64,
    /// For this age: between the offer's lowest and highest age.
    age: Option<u8>,
}

impl Narrowing {
    fn of(q: &SearchQuery) -> Narrowing {
        let domains = q.life_domains.iter().fold(0, |bits, code| {
            match LifeDomain::ALL.iter().position(|d| d.code() == code) {
                Some(i) => bits | 1 << i,
                None => bits,
            }
        });
        let layers = q
            .layers
            .iter()
            .fold(0, |bits, l| bits | 1 << u64::from(*l).min(7));
        let flag = |on: bool, bit: u64| if on { bit } else { 0 };
        Narrowing {
            domains: (!q.life_domains.is_empty()).then_some(domains),
            layers: (!q.layers.is_empty()).then_some(layers),
            required: flag(q.free_only, FREE_BIT) | flag(q.without_referral, NO_REFERRAL_BIT),
            age: q.age,
        }
    }

    /// Whether the offer passes the filters that narrow both facet groups.
    fn admits(self, bits: u64, ages: [u8; 2]) -> bool {
        bits & ACTIVE_BIT != 0
            && bits & self.required == self.required
            && self.age.is_none_or(|a| ages[0] <= a && a <= ages[1])
    }

    /// Whether the offer is in the chosen domains, and in the chosen layers.
    fn passes(self, bits: u64) -> (bool, bool) {
        (
            self.domains.is_none_or(|d| bits & d != 0),
            self.layers
                .is_none_or(|l| l & 1 << (bits >> LAYER_SHIFT) != 0),
        )
    }
}

/// Where the layer sits in an offer's facet bits.
const LAYER_SHIFT: u32 = 56;

/// An offer's life domains (bit i for `LifeDomain::ALL[i]`) and its layer
/// (from bit 56) in one fast-field value: one read per matching offer.
fn facet_bits(o: &IndexedOffer) -> u64 {
    let domains = o
        .life_domains
        .iter()
        .filter_map(|code| LifeDomain::ALL.iter().position(|d| d.code() == code))
        .fold(0_u64, |bits, i| bits | (1 << i));
    domains | (u64::from(o.layer.min(7)) << LAYER_SHIFT)
}

impl FacetCounts {
    /// Counts an offer with these facet bits (see [`facet_bits`]) in its domains.
    fn add_domains(&mut self, bits: u64) {
        let domains = bits & DOMAIN_BITS;
        self.packed[0] += SPREAD[(domains & 0x7f) as usize];
        self.packed[1] += SPREAD[(domains >> 7 & 0x7f) as usize];
        self.pending += 1;
        // A byte holds 255.
        if self.pending == 255 {
            self.flush();
        }
    }

    /// Adds the packed counts to `domains`.
    fn flush(&mut self) {
        for (i, n) in self.domains.iter_mut().enumerate() {
            *n += self.packed[i / 7] >> (8 * (i % 7)) & 0xff;
        }
        self.packed = [0; 2];
        self.pending = 0;
    }

    fn add_layer(&mut self, bits: u64) {
        if let Some(n) = self.layers.get_mut((bits >> LAYER_SHIFT) as usize) {
            *n += 1;
        }
    }

    fn add_all(&mut self, other: &FacetCounts) {
        self.flush();
        let mut other = other.clone();
        other.flush();
        for (a, b) in self.domains.iter_mut().zip(other.domains) {
            *a += b;
        }
        for (a, b) in self.layers.iter_mut().zip(other.layers) {
            *a += b;
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// What the words were read as ("U zocht op: …"), and any sign of danger.
    pub understood: Understanding,
}

struct Fields {
    id: Field,
    municipality: Field,
    name: Field,
    keywords: Field,
    body: Field,
    exact: Field,
    prefixes: Field,
    domain: Field,
    group: Field,
    area: Field,
    layer: Field,
    min_age: Field,
    max_age: Field,
    free: Field,
    noref: Field,
    active: Field,
    open: Field,
    checked: Field,
    /// What the facet counts need in one number (see [`facet_bits`]).
    facets: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Pre-analysed text: our analyzer wrote the tokens, tantivy only splits on spaces.
    let text = |positions: bool| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("whitespace")
                .set_index_option(if positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::WithFreqs
                }),
        )
    };
    let num = || NumericOptions::default().set_indexed().set_fast();
    let fields = Fields {
        id: b.add_u64_field(
            "id",
            NumericOptions::default()
                .set_indexed()
                .set_stored()
                .set_fast(),
        ),
        municipality: b.add_u64_field("municipality", num()),
        name: b.add_text_field("name", text(false)),
        keywords: b.add_text_field("keywords", text(false)),
        body: b.add_text_field("body", text(false)),
        exact: b.add_text_field("exact", text(false)),
        prefixes: b.add_text_field("prefixes", text(false)),
        domain: b.add_text_field("domain", STRING),
        group: b.add_text_field("group", STRING),
        area: b.add_text_field("area", STRING),
        layer: b.add_u64_field("layer", num()),
        min_age: b.add_i64_field("min_age", num()),
        max_age: b.add_i64_field("max_age", num()),
        free: b.add_u64_field("free", num()),
        noref: b.add_u64_field("noref", num()),
        active: b.add_u64_field("active", num()),
        open: b.add_text_field("open", STRING),
        checked: b.add_i64_field("checked", num()),
        facets: b.add_u64_field("facets", NumericOptions::default().set_fast()),
    };
    (b.build(), fields)
}

/// A term in more than this share of the offers is "common"...
const COMMON_SHARE: f64 = 0.05;
/// ...when that is also more than this many offers: small indexes have none.
const COMMON_MIN_DOCS: u64 = 1_000;

/// The document frequency above which a term counts as common.
fn common_cutoff(num_docs: u64) -> u64 {
    ((num_docs as f64 * COMMON_SHARE) as u64).max(COMMON_MIN_DOCS)
}

/// What an offer in the life domain of a concept the query named gains: a
/// nudge among offers that match the words, never a match of its own.
const DOMAIN_BONUS: f32 = 1.0;

/// How much lighter layers weigh: per layer lighter, an offer may pass a
/// heavier one whose relevance is up to this share higher ("comparably
/// relevant"); it never passes a clearly better match.
const LIGHTER_PER_LAYER: f32 = 0.04;

/// Where a query word is looked for in an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    Everywhere,
    NameAndKeywords,
}

/// The index's words, for reading a query (see [`understand`]).
struct IndexWords<'a> {
    f: &'a Fields,
    searcher: &'a tantivy::Searcher,
}

impl IndexWords<'_> {
    fn has(&self, field: Field, term: &str) -> bool {
        self.searcher.segment_readers().iter().any(|seg| {
            seg.inverted_index(field)
                .ok()
                .and_then(|ii| ii.terms().get(term.as_bytes()).ok().flatten())
                .is_some()
        })
    }
}

impl Vocabulary for IndexWords<'_> {
    fn known(&self, word: &str) -> bool {
        let s = analyzer::stem(word);
        self.has(self.f.exact, word)
            || self.has(self.f.prefixes, word)
            || [self.f.name, self.f.keywords, self.f.body]
                .iter()
                .any(|field| self.has(*field, &s))
    }

    fn near(&self, word: &str, max: usize) -> Vec<(String, u32)> {
        let len = word.chars().count();
        let Some(first) = word.chars().next() else {
            return Vec::new();
        };
        let mut out: HashMap<String, u32> = HashMap::new();
        let mut buf = [0_u8; 4];
        let start = first.encode_utf8(&mut buf).as_bytes().to_vec();
        for seg in self.searcher.segment_readers() {
            let Ok(ii) = seg.inverted_index(self.f.exact) else {
                continue;
            };
            let Ok(mut stream) = ii.terms().range().ge(&start).into_stream() else {
                continue;
            };
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !term.starts_with(first) {
                    break;
                }
                if term.chars().count().abs_diff(len) > max
                    || analyzer::edit_distance(word, term) > max
                {
                    continue;
                }
                *out.entry(term.to_string()).or_default() += stream.value().doc_freq;
            }
        }
        out.into_iter().collect()
    }
}

/// One unit's part of the text query.
struct UnitQuery {
    scored: Box<dyn Query>,
    /// Are all its words common (see [`common_cutoff`])?
    all_common: bool,
    matching: Matching,
}

/// One word's part of a unit.
struct WordQuery {
    scored: Box<dyn Query>,
    /// Common in at least one field it is looked for in: a word in a third of
    /// all descriptions says little about what an offer is for, however rare
    /// it is in names (so it does not list offers next to a rarer word).
    common: bool,
    terms: Vec<Term>,
}

/// The offers some units match, without scores: any of the terms, or all
/// the parts of any of the phrases.
#[derive(Default)]
struct Matching {
    terms: Vec<Term>,
    phrases: Vec<Box<dyn Query>>,
}

impl Matching {
    fn add(&mut self, other: Matching) {
        self.terms.extend(other.terms);
        self.phrases.extend(other.phrases);
    }

    /// One flat union: counting needs no dismax nor boosts.
    fn into_query(mut self) -> Box<dyn Query> {
        self.terms.sort();
        self.terms.dedup();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .phrases
            .into_iter()
            .map(|q| (Occur::Should, q))
            .collect();
        clauses.extend(self.terms.iter().map(|t| (Occur::Should, unscored_term(t))));
        Box::new(BooleanQuery::new(clauses))
    }
}

fn unscored_term(t: &Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t.clone(), IndexRecordOption::Basic))
}

/// Offers with any of the terms.
fn any_term(terms: &[Term]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        terms
            .iter()
            .map(|t| (Occur::Should, unscored_term(t)))
            .collect(),
    ))
}

/// The query for what was understood, in the forms a search needs.
struct TextQuery {
    /// What ranks the offers.
    scored: Box<dyn Query>,
    /// The same offers, unscored: for counting them.
    matching: Box<dyn Query>,
    /// The life domains (places in `LifeDomain::ALL`) of the concepts
    /// named, once per concept: [`DOMAIN_BONUS`] for each an offer is in.
    /// Added by [`Ranker`] from the facet bits it reads anyway, rather than
    /// by a clause that would go through every offer of the domain.
    domains: Vec<usize>,
}

/// Light-first and stale-down: what an offer's text score is multiplied by.
#[derive(Debug, Clone, Copy)]
struct Adjust {
    /// Without words every offer is equally relevant: the layer decides.
    has_text: bool,
    lighter_per_layer: f32,
    stale_before: i64,
}

impl Adjust {
    fn apply(self, score: Score, layer: u64, checked: i64) -> Score {
        let base = if self.has_text { score } else { 1.0 };
        let lighter = 1.0 + self.lighter_per_layer * (5.0 - layer as f32);
        let fresh = if checked < self.stale_before {
            0.75
        } else {
            1.0
        };
        base * lighter * fresh
    }

    /// The adjusted score of a segment's offers.
    #[cfg_attr(not(test), allow(dead_code))]
    fn segment(self, segment: &SegmentReader) -> impl Fn(DocId, Score) -> Score + 'static {
        let layer = segment
            .fast_fields()
            .u64("layer")
            .ok()
            .map(|c| c.first_or_default_col(3));
        let checked = segment
            .fast_fields()
            .i64("checked")
            .ok()
            .map(|c| c.first_or_default_col(0));
        move |doc: DocId, score: Score| -> Score {
            let layer = layer.as_ref().map_or(3, |c| c.get_val(doc));
            let checked = checked.as_ref().map_or(0, |c| c.get_val(doc));
            self.apply(score, layer, checked)
        }
    }
}

/// Where the day an offer was last checked sits in its [`OfferFacts`] (32
/// bits, clamped at 0: earlier days are all just as stale).
const CHECKED_SHIFT: u32 = 16;
/// Set in an active offer's word: the collector passes over the few others
/// (cheaper than a clause that leaves them out, which wraps every search).
const ACTIVE_BIT: u64 = 1 << 15;
/// Set in a free offer's word, and in one open without referral (between the
/// check day, bits 16–47, and the layer): with words, the collector checks
/// these filters itself (see `SearchIndex::filters`).
const FREE_BIT: u64 = 1 << 48;
const NO_REFERRAL_BIT: u64 = 1 << 49;
// Two words of seven byte-wide counters (`FacetCounts::packed`).
const _: () = assert!(LifeDomain::ALL.len() <= 14);

/// What a search reads of a segment's fast fields besides the text, read
/// once per segment and kept (18 bytes an offer): per match, one word with
/// the facet bits and the check date (two bit-packed reads per match were a
/// fifth of a search at 100 000 offers); per hit, the id; per search, whether
/// a filter can be left out. Opening a column costs more than reading it.
struct SegmentFacts {
    /// By document: [`facet_bits`], [`ACTIVE_BIT`] and the check day from
    /// [`CHECKED_SHIFT`].
    words: Box<[u64]>,
    /// By document: its lowest and highest age.
    ages: Box<[[u8; 2]]>,
    ids: Box<[u64]>,
    /// The lowest and highest value of these fields.
    active: (u64, u64),
    municipality: (u64, u64),
}

impl SegmentFacts {
    fn read(segment: &SegmentReader) -> tantivy::Result<SegmentFacts> {
        let fast = segment.fast_fields();
        let bits = fast.u64("facets")?.first_or_default_col(0);
        let checked = fast.i64("checked")?.first_or_default_col(0);
        let ids = fast.u64("id")?.first_or_default_col(0);
        let active = fast.u64("active")?.first_or_default_col(0);
        let free = fast.u64("free")?.first_or_default_col(0);
        let noref = fast.u64("noref")?.first_or_default_col(0);
        let min_age = fast.i64("min_age")?.first_or_default_col(0);
        let max_age = fast.i64("max_age")?.first_or_default_col(200);
        let docs = 0..segment.max_doc();
        let age = |v: i64| v.clamp(0, 255) as u8;
        let range = |field: &str| -> tantivy::Result<(u64, u64)> {
            let c = fast.u64(field)?;
            Ok((c.min_value(), c.max_value()))
        };
        Ok(SegmentFacts {
            words: docs
                .clone()
                .map(|doc| {
                    let day = checked.get_val(doc).clamp(0, i64::from(u32::MAX)) as u64;
                    let flag = |v: u64, bit: u64| if v == 1 { bit } else { 0 };
                    bits.get_val(doc)
                        | flag(active.get_val(doc), ACTIVE_BIT)
                        | flag(free.get_val(doc), FREE_BIT)
                        | flag(noref.get_val(doc), NO_REFERRAL_BIT)
                        | day << CHECKED_SHIFT
                })
                .collect(),
            ages: docs
                .clone()
                .map(|doc| [age(min_age.get_val(doc)), age(max_age.get_val(doc))])
                .collect(),
            ids: docs.map(|doc| ids.get_val(doc)).collect(),
            active: range("active")?,
            municipality: range("municipality")?,
        })
    }

    fn checked(word: u64) -> i64 {
        ((word >> CHECKED_SHIFT) & u64::from(u32::MAX)) as i64
    }
}

/// [`SegmentFacts`] by segment.
#[derive(Default)]
struct OfferFacts(Mutex<HashMap<tantivy::index::SegmentId, Arc<SegmentFacts>>>);

impl OfferFacts {
    /// The facts of every segment of `searcher`, by segment ordinal.
    fn of(&self, searcher: &tantivy::Searcher) -> Result<Vec<Arc<SegmentFacts>>> {
        let mut known = self
            .0
            .lock()
            .map_err(|_| SearchError::Other("facts lock".into()))?;
        let segments = searcher.segment_readers();
        let mut out = Vec::with_capacity(segments.len());
        for segment in segments {
            let facts = match known.get(&segment.segment_id()) {
                Some(f) => f.clone(),
                None => {
                    // Merged-away segments are not asked for again.
                    if known.len() > 64 {
                        known.clear();
                    }
                    let f = Arc::new(SegmentFacts::read(segment)?);
                    known.insert(segment.segment_id(), f.clone());
                    f
                }
            };
            out.push(facts);
        }
        Ok(out)
    }
}

/// The best `k` matches by adjusted score (as `TopDocs` with [`Adjust`]:
/// ties to the lower address), how many match and how many per life domain
/// and layer, in one pass that reads each match's facet bits and check date
/// once: no strings, and no scores when `k` is 0 (tantivy's facet collector
/// builds both, and was a quarter of a search's time at 100 000 offers).
struct Ranker<'a> {
    facts: &'a [Arc<SegmentFacts>],
    narrowing: Narrowing,
    /// Added to every match's score: what the filters left out of the query
    /// would have added (see `SearchIndex::active_score`).
    filter_score: Score,
    k: usize,
    adjust: Adjust,
    /// See [`TextQuery::domains`].
    domains: Vec<usize>,
}

struct SegmentRanker {
    ord: u32,
    k: usize,
    adjust: Adjust,
    domains: Vec<usize>,
    narrowing: Narrowing,
    filter_score: Score,
    facts: Arc<SegmentFacts>,
    best: BinaryHeap<Ranked>,
    total: usize,
    counts: FacetCounts,
}

type Ranking3 = (Vec<Ranked>, usize, FacetCounts);

impl Collector for Ranker<'_> {
    type Fruit = Ranking3;
    type Child = SegmentRanker;

    fn for_segment(
        &self,
        ord: tantivy::SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentRanker> {
        Ok(SegmentRanker {
            ord,
            k: self.k,
            adjust: self.adjust,
            domains: self.domains.clone(),
            narrowing: self.narrowing,
            filter_score: self.filter_score,
            facts: match self.facts.get(ord as usize) {
                Some(f) => f.clone(),
                None => Arc::new(SegmentFacts::read(segment)?),
            },
            best: BinaryHeap::with_capacity(self.k + 1),
            total: 0,
            counts: FacetCounts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.k > 0 && self.adjust.has_text
    }

    fn merge_fruits(&self, fruits: Vec<Ranking3>) -> tantivy::Result<Ranking3> {
        let mut all: Ranking3 = Default::default();
        for (best, total, counts) in fruits {
            all.0.extend(best);
            all.1 += total;
            all.2.add_all(&counts);
        }
        all.0.sort();
        all.0.truncate(self.k);
        Ok(all)
    }
}

impl SegmentCollector for SegmentRanker {
    type Fruit = Ranking3;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(&bits) = self.facts.words.get(doc as usize) else {
            return;
        };
        let ages = self
            .facts
            .ages
            .get(doc as usize)
            .copied()
            .unwrap_or([0, 255]);
        if !self.narrowing.admits(bits, ages) {
            return;
        }
        let (in_domains, in_layers) = self.narrowing.passes(bits);
        if in_layers {
            self.counts.add_domains(bits);
        }
        if in_domains {
            self.counts.add_layer(bits);
        }
        if !(in_domains && in_layers) {
            return;
        }
        self.total += 1;
        if self.k == 0 {
            return;
        }
        let bonus = self
            .domains
            .iter()
            .filter(|d| bits & (1 << **d) != 0)
            .count() as Score
            * DOMAIN_BONUS;
        let score = self.adjust.apply(
            score + bonus + self.filter_score,
            bits >> LAYER_SHIFT,
            SegmentFacts::checked(bits),
        );
        let full = self.best.len() >= self.k;
        // Most matches fall below the worst kept: no id needed for them.
        if full && self.best.peek().is_some_and(|worst| score < worst.score) {
            return;
        }
        let ranked = Ranked {
            score,
            id: self
                .facts
                .ids
                .get(doc as usize)
                .copied()
                .unwrap_or(u64::MAX),
            addr: DocAddress::new(self.ord, doc),
        };
        if !full {
            self.best.push(ranked);
        } else if self.best.peek().is_some_and(|worst| ranked < *worst) {
            self.best.pop();
            self.best.push(ranked);
        }
    }

    fn harvest(mut self) -> Ranking3 {
        self.counts.flush();
        (self.best.into_sorted_vec(), self.total, self.counts)
    }
}

/// A place in the ranking; the greater, the worse: a lower score, or the
/// same score and a higher offer id. Ties go by id, not by where the offer
/// sits in the index (which changes with every rebuild and merge), so the
/// same question gives the same order.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ranked {
    score: Score,
    id: u64,
    addr: DocAddress,
}

impl Eq for Ranked {}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.id.cmp(&other.id))
            .then(self.addr.cmp(&other.addr))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// How a search ranks and counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ranking {
    /// [`Ranker`]: one read of the fast fields per match.
    Collected,
    /// tantivy's own collectors and a clause per life domain: what
    /// `Collected` must equal.
    #[cfg_attr(not(test), allow(dead_code))]
    Reference,
}

/// A search made ready against one generation of the index: the question as
/// read, its filters and text query, and the ranking query compiled (its
/// terms looked up, their BM25 weights computed).
struct Prepared {
    understood: Understanding,
    /// The life-domain and layer choices, when not among the filters.
    narrowing: Narrowing,
    /// See [`Ranker::filter_score`].
    filter_score: Score,
    text: Option<TextQuery>,
    query: BooleanQuery,
    weight: Box<dyn Weight>,
}

/// How many prepared searches are kept: questions repeat (the popular ones,
/// the next page, a filter added), and preparing one is a fifth of a search.
const PLANS_KEPT: usize = 512;

/// The prepared searches of the current generation, by question (paging
/// left out); a new generation starts afresh.
#[derive(Default)]
struct Plans(Mutex<(u64, HashMap<SearchQuery, Arc<Prepared>>)>);

impl Plans {
    fn get(&self, generation: u64, key: &SearchQuery) -> Option<Arc<Prepared>> {
        let plans = self.0.lock().ok()?;
        (plans.0 == generation)
            .then(|| plans.1.get(key).cloned())
            .flatten()
    }

    fn put(&self, generation: u64, key: SearchQuery, plan: Arc<Prepared>) {
        if let Ok(mut plans) = self.0.lock() {
            if plans.0 != generation || plans.1.len() >= PLANS_KEPT {
                plans.1.clear();
                plans.0 = generation;
            }
            plans.1.insert(key, plan);
        }
    }
}

/// The clauses of a boolean query.
type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// What a filter query adds to the score of an offer it lets through (the
/// same for every such offer: terms without frequencies or norms, ranges),
/// read off the first; 0 when it lets none through.
fn constant_score(searcher: &tantivy::Searcher, clause: &dyn Query) -> Result<Score> {
    let weight = clause.weight(EnableScoring::enabled_from_searcher(searcher))?;
    for segment in searcher.segment_readers() {
        let mut scorer = weight.scorer(segment, 1.0)?;
        if scorer.doc() != tantivy::TERMINATED {
            return Ok(scorer.score());
        }
    }
    Ok(0.0)
}

/// The filters with the words (every offer without words).
fn with_words(filters: &[(Occur, Box<dyn Query>)], words: Option<&dyn Query>) -> BooleanQuery {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        filters.iter().map(|(o, f)| (*o, f.box_clone())).collect();
    clauses.push((
        Occur::Must,
        words.map_or_else(|| Box::new(AllQuery) as Box<dyn Query>, |w| w.box_clone()),
    ));
    BooleanQuery::new(clauses)
}

/// Marks areas "everywhere in the municipality" so an area filter finds them.
const ALL_AREAS: &str = "*";

/// The index with its writer, and the synonyms that apply at query time.
pub struct SearchIndex {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    f: Fields,
    dir: Option<PathBuf>,
    /// word → what it means, both folded; multi-word keys allowed.
    /// Per municipality (an editor's synonyms apply to their own municipality's
    /// searches only): stemmed word(s) → meanings.
    synonyms: RwLock<HashMap<u64, HashMap<String, Vec<String>>>>,
    /// Goes up with every change that can change an answer (offers or
    /// synonyms), so answers can be cached against it.
    generation: AtomicU64,
    /// The database position the index reflects (see `built_from`).
    position: RwLock<String>,
    thesaurus: &'static Thesaurus,
    facts: OfferFacts,
    plans: Plans,
    /// Whether prepared searches are kept (on; `kompas bench search` turns it
    /// off for its headline figures, which must not replay earlier work).
    plans_kept: AtomicBool,
}

const META_FILE: &str = "kompas-index.json";

impl SearchIndex {
    /// An index in `dir` (created when missing), or in memory with `None`.
    /// An index made by another analyzer version is wiped and made anew.
    pub fn open(dir: Option<&Path>) -> Result<SearchIndex> {
        SearchIndex::open_with(dir, Thesaurus::shipped())
    }

    /// As [`SearchIndex::open`], reading queries with another thesaurus.
    pub fn open_with(dir: Option<&Path>, thesaurus: &'static Thesaurus) -> Result<SearchIndex> {
        let (schema, f) = schema();
        let index = match dir {
            None => Index::create_in_ram(schema),
            Some(d) => {
                std::fs::create_dir_all(d)?;
                let meta = std::fs::read_to_string(d.join(META_FILE)).ok();
                let compatible = meta
                    .as_deref()
                    .and_then(|m| serde_json::from_str::<serde_json::Value>(m).ok())
                    .and_then(|m| m.get("analyzer").and_then(|v| v.as_u64()))
                    == Some(u64::from(ANALYZER_VERSION));
                if !compatible {
                    for entry in std::fs::read_dir(d)? {
                        let p = entry?.path();
                        if p.is_file() {
                            std::fs::remove_file(p)?;
                        }
                    }
                }
                let directory = tantivy::directory::MmapDirectory::open(d)
                    .map_err(|e| SearchError::Other(e.to_string()))?;
                Index::open_or_create(directory, schema)?
            }
        };
        let writer = index.writer(50_000_000)?;
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?;
        let position = dir
            .and_then(|d| std::fs::read_to_string(d.join(META_FILE)).ok())
            .and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
            .and_then(|m| {
                m.get("fingerprint")
                    .and_then(|v| v.as_str())
                    .map(String::from)
            })
            .unwrap_or_default();
        Ok(SearchIndex {
            reader,
            writer: Mutex::new(writer),
            f,
            dir: dir.map(Path::to_path_buf),
            synonyms: RwLock::new(HashMap::new()),
            generation: AtomicU64::new(0),
            position: RwLock::new(position),
            thesaurus,
            facts: OfferFacts::default(),
            plans: Plans::default(),
            plans_kept: AtomicBool::new(true),
        })
    }

    /// The database position (fingerprint) the index was built from and
    /// brought up to, as its writer recorded it ("" when unknown).
    pub fn built_from(&self) -> String {
        self.position.read().map(|p| p.clone()).unwrap_or_default()
    }

    fn write_meta(&self, fingerprint: &str) -> Result<()> {
        if let Ok(mut p) = self.position.write() {
            *p = fingerprint.to_string();
        }
        if let Some(d) = &self.dir {
            let meta =
                serde_json::json!({ "analyzer": ANALYZER_VERSION, "fingerprint": fingerprint });
            std::fs::write(d.join(META_FILE), meta.to_string())?;
        }
        Ok(())
    }

    fn document(&self, o: &IndexedOffer) -> TantivyDocument {
        let f = &self.f;
        let kw = o.keywords.join(" ");
        let labels = o.labels.join(" ");
        let mut d = doc!(
            f.id => o.id,
            f.municipality => o.municipality_id,
            f.name => analyzer::stems_text(&o.name),
            f.keywords => analyzer::stems_text(&kw),
            // Labels of its life domains and target groups count as its text,
            // not as its keywords: "ouderen" finds offers for the elderly
            // without outweighing what an offer says it does.
            f.body => analyzer::stems_text(&format!("{} {} {} {labels}", o.description, o.for_whom, o.organization)),
            // Every word as written: what typos are corrected against.
            f.exact => analyzer::content_words(&format!("{} {kw} {} {}", o.name, o.description, o.for_whom)).join(" "),
            f.prefixes => analyzer::prefixes_text(&format!("{} {kw}", o.name)),
            f.layer => u64::from(o.layer),
            f.min_age => o.min_age.map_or(0, i64::from),
            f.max_age => o.max_age.map_or(200, i64::from),
            f.free => u64::from(o.free),
            f.noref => u64::from(o.without_referral),
            f.active => u64::from(o.active),
            f.checked => o.checked_day,
            f.facets => facet_bits(o),
        );
        for code in &o.life_domains {
            d.add_text(f.domain, code);
        }
        for g in &o.target_groups {
            d.add_text(f.group, g);
        }
        if o.areas.is_empty() {
            d.add_text(f.area, ALL_AREAS);
        }
        for a in &o.areas {
            d.add_text(f.area, a);
        }
        for s in &o.open_slots {
            d.add_text(f.open, s.to_string());
        }
        d
    }

    /// Replaces the whole index with `offers` and records the fingerprint.
    pub fn rebuild(
        &self,
        offers: impl IntoIterator<Item = IndexedOffer>,
        fingerprint: &str,
    ) -> Result<usize> {
        let mut w = self
            .writer
            .lock()
            .map_err(|_| SearchError::Other("writer lock".into()))?;
        w.delete_all_documents()?;
        let mut n = 0;
        for o in offers {
            w.add_document(self.document(&o))?;
            n += 1;
        }
        w.commit()?;
        // One segment: a search pays per segment for every term it looks up.
        let segments = w.index().searchable_segment_ids()?;
        if segments.len() > 1 {
            w.merge(&segments).wait()?;
        }
        drop(w);
        self.reader.reload()?;
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.write_meta(fingerprint)?;
        Ok(n)
    }

    /// Adds or replaces offers and makes them searchable at once.
    pub fn upsert(&self, offers: &[IndexedOffer], fingerprint: &str) -> Result<()> {
        self.apply(offers, &[], fingerprint)
    }

    /// Adds or replaces `offers`, removes the offers `gone`, records the
    /// position they bring the index to, and makes it searchable at once.
    pub fn apply(&self, offers: &[IndexedOffer], gone: &[u64], fingerprint: &str) -> Result<()> {
        let mut w = self
            .writer
            .lock()
            .map_err(|_| SearchError::Other("writer lock".into()))?;
        for o in offers {
            w.delete_term(Term::from_field_u64(self.f.id, o.id));
            w.add_document(self.document(o))?;
        }
        for id in gone {
            w.delete_term(Term::from_field_u64(self.f.id, *id));
        }
        w.commit()?;
        drop(w);
        self.reader.reload()?;
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.write_meta(fingerprint)
    }

    /// Changes whenever an answer may change (see the field).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sets the synonyms (municipality, word → meaning); they apply from the
    /// next search of that municipality.
    pub fn set_synonyms(&self, pairs: &[(u64, String, String)]) {
        let mut map: HashMap<u64, HashMap<String, Vec<String>>> = HashMap::new();
        for (municipality, word, means) in pairs {
            // Keyed by stems, so "blowt" and "blowen" find the same entry.
            let key = phrase_key(word);
            if !key.is_empty() {
                map.entry(*municipality)
                    .or_default()
                    .entry(key)
                    .or_default()
                    .push(means.clone());
            }
        }
        if let Ok(mut s) = self.synonyms.write() {
            // Reloaded often (the index watcher); only a real change counts.
            if *s != map {
                *s = map;
                self.generation.fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    /// What a query asks for, read with the shipped thesaurus and the
    /// municipality's own synonyms against this index's words.
    pub fn understand(&self, text: &str, municipality: Option<u64>) -> Understanding {
        let searcher = self.reader.searcher();
        self.understand_with(&searcher, text, municipality)
    }

    fn understand_with(
        &self,
        searcher: &tantivy::Searcher,
        text: &str,
        municipality: Option<u64>,
    ) -> Understanding {
        let vocabulary = IndexWords {
            f: &self.f,
            searcher,
        };
        let all = self.synonyms.read();
        let own = match (&all, municipality) {
            (Ok(all), Some(m)) => all.get(&m),
            _ => None,
        };
        understand::understand(text, self.thesaurus, own, &vocabulary)
    }

    /// One unit of the query: the best of its words (a concept's many words
    /// do not add up), each searched in name, keywords, text and as the head
    /// of a compound. None when the index has none of them.
    fn unit_query(&self, searcher: &tantivy::Searcher, unit: &Unit) -> Option<UnitQuery> {
        let cutoff = common_cutoff(searcher.num_docs());
        let mut out = UnitQuery {
            scored: Box::new(EmptyQuery),
            all_common: true,
            matching: Matching::default(),
        };
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        let typed = unit.terms.iter().map(|(t, w)| (t, w, Reach::Everywhere));
        let related = unit
            .related
            .iter()
            .map(|(t, w)| (t, w, Reach::NameAndKeywords));
        for (term, weight, reach) in typed.chain(related) {
            if term.contains(' ') {
                // Several words that count only together: each must match,
                // and together they weigh as one word.
                let share = *weight / term.split(' ').count() as f32;
                let parts: Option<Vec<WordQuery>> = term
                    .split(' ')
                    .map(|w| self.word_query(searcher, w, share, reach, cutoff))
                    .collect();
                if let Some(parts) = parts {
                    out.all_common = false;
                    let mut scored = Vec::new();
                    let mut matching = Vec::new();
                    for part in parts {
                        scored.push((Occur::Must, part.scored));
                        matching.push((Occur::Must, any_term(&part.terms)));
                    }
                    alternatives.push(Box::new(BooleanQuery::new(scored)));
                    out.matching
                        .phrases
                        .push(Box::new(BooleanQuery::new(matching)));
                }
                continue;
            }
            if let Some(word) = self.word_query(searcher, term, *weight, reach, cutoff) {
                out.all_common &= word.common;
                alternatives.push(word.scored);
                out.matching.terms.extend(word.terms);
            }
        }
        out.scored = match alternatives.len() {
            0 => return None,
            1 => alternatives.remove(0),
            _ => Box::new(DisjunctionMaxQuery::with_tie_breaker(alternatives, 0.1)),
        };
        Some(out)
    }

    /// One word in name, keywords, text and as the head of a compound; None
    /// when the index does not have it.
    fn word_query(
        &self,
        searcher: &tantivy::Searcher,
        word: &str,
        weight: f32,
        reach: Reach,
        cutoff: u64,
    ) -> Option<WordQuery> {
        let f = &self.f;
        let mut common = false;
        let s = analyzer::stem(word);
        let mut fields: Vec<(Field, &str, f32)> = vec![
            (f.name, &s, 3.0),
            (f.keywords, &s, 2.5),
            // The word as the start of a compound: "mantelzorg" in "mantelzorgsteunpunt".
            (f.prefixes, word, 1.5),
        ];
        if reach == Reach::Everywhere {
            fields.push((f.body, &s, 1.0));
            // The word exactly as the resident typed it, anywhere in the
            // offer: exact matches come first.
            fields.push((f.exact, word, 1.0));
        }
        if s != word && s.chars().count() >= analyzer::MIN_PREFIX {
            fields.push((f.prefixes, &s, 1.2));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut terms = Vec::new();
        for (field, t, boost) in fields {
            let term = Term::from_field_text(field, t);
            let df = searcher.doc_freq(&term).unwrap_or(0);
            if df == 0 {
                continue;
            }
            common |= df > cutoff;
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                    boost * weight,
                )),
            ));
            terms.push(term);
        }
        if clauses.is_empty() {
            return None;
        }
        Some(WordQuery {
            scored: Box::new(BooleanQuery::new(clauses)),
            common,
            terms,
        })
    }

    /// The query for what was understood: an offer must match at least one
    /// primary unit that is not common (or any primary unit when all are
    /// common); the other units and the concepts' life domains only add to
    /// the score. None when nothing was understood.
    fn text_query(
        &self,
        searcher: &tantivy::Searcher,
        understood: &Understanding,
        ranking: Ranking,
    ) -> Option<TextQuery> {
        if understood.units.is_empty() && understood.unknown.is_empty() {
            return None;
        }
        let mut required: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut common: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut extra: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // What the required and the common units match, and their terms.
        let (mut required_match, mut common_match) = (Matching::default(), Matching::default());
        let mut domains = Vec::new();
        for unit in &understood.units {
            let Some(u) = self.unit_query(searcher, unit) else {
                continue;
            };
            match (unit.primary, u.all_common) {
                (true, false) => {
                    required_match.add(u.matching);
                    required.push((Occur::Should, u.scored));
                }
                (true, true) => {
                    common_match.add(u.matching);
                    common.push((Occur::Should, u.scored));
                }
                // A context word in a large share of the offers would add
                // next to nothing to a score but cost a walk over that share.
                (false, true) => {}
                (false, false) => extra.push((Occur::Should, u.scored)),
            }
            if let Some(d) = &unit.life_domain {
                let place = LifeDomain::ALL.iter().position(|l| l.code() == d);
                if let (Some(place), Ranking::Collected) = (place, ranking) {
                    domains.push(place);
                    continue;
                }
                extra.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(self.f.domain, d),
                            IndexRecordOption::Basic,
                        )),
                        DOMAIN_BONUS,
                    )),
                ));
            }
        }
        if required.is_empty() {
            required = std::mem::take(&mut common);
            required_match = common_match;
        } else {
            // Next to a rarer word a common one only costs time: see above.
            common.clear();
        }
        if required.is_empty() {
            return Some(TextQuery {
                scored: Box::new(EmptyQuery),
                matching: Box::new(EmptyQuery),
                domains,
            });
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(required)))];
        clauses.extend(common);
        clauses.extend(extra);
        Some(TextQuery {
            scored: Box::new(BooleanQuery::new(clauses)),
            matching: required_match.into_query(),
            domains,
        })
    }
    /// The filters of `q`; one that every document (deleted ones included)
    /// passes is left out: it would only cost time.
    ///
    /// [`Ranking::Collected`] has no clause for the active offers (the
    /// collector passes over the others by [`ACTIVE_BIT`] and adds the
    /// clause's score, see `active_score`), and the life-domain and
    /// layer choices as optional clauses: they add the same score, and
    /// [`Narrowing`] decides on them. With words, it also leaves "free",
    /// "without referral" and the age to the collector (intersecting the
    /// words with them cost more than the words: an age range half again);
    /// those clauses come back second, for the score they would add.
    fn filters(
        &self,
        facts: &[Arc<SegmentFacts>],
        q: &SearchQuery,
        ranking: Ranking,
        words: bool,
    ) -> (Clauses, Vec<Box<dyn Query>>) {
        let collected = ranking == Ranking::Collected;
        let checked_after = collected && words;
        let mut left: Vec<Box<dyn Query>> = Vec::new();
        let chosen = if collected {
            Occur::Should
        } else {
            Occur::Must
        };
        let all_have = |field: fn(&SegmentFacts) -> (u64, u64), v: u64| {
            facts.iter().all(|f| field(f) == (v, v))
        };
        let f = &self.f;
        let text_term = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        let u64_term = |field: Field, v: u64| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_u64(field, v),
                IndexRecordOption::Basic,
            ))
        };
        let any_of = |qs: Vec<Box<dyn Query>>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                qs.into_iter().map(|q| (Occur::Should, q)).collect(),
            ))
        };
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // The collected ranking passes over inactive offers itself.
        if !collected && !all_have(|f| f.active, 1) {
            out.push((Occur::Must, u64_term(f.active, 1)));
        }
        if let Some(m) = q.municipality_id {
            if !all_have(|f| f.municipality, m) {
                out.push((Occur::Must, u64_term(f.municipality, m)));
            }
        }
        if !q.life_domains.is_empty() {
            out.push((
                chosen,
                any_of(
                    q.life_domains
                        .iter()
                        .map(|d| text_term(f.domain, d))
                        .collect(),
                ),
            ));
        }
        if !q.layers.is_empty() {
            out.push((
                chosen,
                any_of(
                    q.layers
                        .iter()
                        .map(|l| u64_term(f.layer, u64::from(*l)))
                        .collect(),
                ),
            ));
        }
        if let Some(a) = &q.area {
            out.push((
                Occur::Must,
                any_of(vec![text_term(f.area, a), text_term(f.area, ALL_AREAS)]),
            ));
        }
        if !q.target_groups.is_empty() {
            out.push((
                Occur::Must,
                any_of(
                    q.target_groups
                        .iter()
                        .map(|g| text_term(f.group, g))
                        .collect(),
                ),
            ));
        }
        if let Some(slot) = q.open_slot {
            out.push((Occur::Must, text_term(f.open, &slot.to_string())));
        }
        let mut must = |clause: Box<dyn Query>| {
            if checked_after {
                left.push(clause);
            } else {
                out.push((Occur::Must, clause));
            }
        };
        if let Some(age) = q.age {
            let age = i64::from(age);
            must(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(Term::from_field_i64(f.min_age, age)),
            )));
            must(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_i64(f.max_age, age)),
                Bound::Unbounded,
            )));
        }
        if q.free_only {
            must(u64_term(f.free, 1));
        }
        if q.without_referral {
            must(u64_term(f.noref, 1));
        }
        (out, left)
    }

    /// Keeps prepared searches for repeated questions (the default) or not.
    pub fn set_plan_cache(&self, on: bool) {
        self.plans_kept.store(on, Ordering::Relaxed);
    }

    /// Searches; `today_day` (days since 1970) decides what counts as stale.
    pub fn search(&self, q: &SearchQuery, today_day: i64) -> Result<Results> {
        self.search_with(q, today_day, Ranking::Collected)
    }

    fn search_with(&self, q: &SearchQuery, today_day: i64, ranking: Ranking) -> Result<Results> {
        // The generation before the searcher: a plan is never filed under a
        // generation newer than the index it was made against.
        let generation = self.generation();
        let searcher = self.reader.searcher();
        let facts = self.facts.of(&searcher)?;
        let key = SearchQuery {
            offset: 0,
            limit: 0,
            ..q.clone()
        };
        let kept = self.plans_kept.load(Ordering::Relaxed);
        let cached = kept.then(|| self.plans.get(generation, &key)).flatten();
        let plan = match (ranking, cached) {
            (Ranking::Collected, Some(plan)) => plan,
            _ => {
                let plan = Arc::new(self.prepare(&searcher, &facts, q, ranking)?);
                if ranking == Ranking::Collected && kept {
                    self.plans.put(generation, key, plan.clone());
                }
                plan
            }
        };
        let text = plan.text.as_ref();
        let adjust = Adjust {
            has_text: text.is_some(),
            // In danger, the crisis offers must not sink below lighter help.
            lighter_per_layer: if plan.understood.crisis.is_empty() {
                LIGHTER_PER_LAYER
            } else {
                0.0
            },
            stale_before: today_day - 365,
        };
        let limit = q.limit.clamp(1, 200);
        let offset = q.offset.min(10_000);
        let (top, total, counted): (Vec<(Score, DocAddress)>, _, _) = match ranking {
            Ranking::Collected => {
                let ranker = Ranker {
                    facts: &facts,
                    narrowing: plan.narrowing,
                    filter_score: plan.filter_score,
                    k: offset + limit,
                    adjust,
                    domains: text.map(|t| t.domains.clone()).unwrap_or_default(),
                };
                // What `Searcher::search` does, with the weight prepared before.
                let mut fruits = Vec::with_capacity(facts.len());
                for (ord, segment) in searcher.segment_readers().iter().enumerate() {
                    fruits.push(ranker.collect_segment(&*plan.weight, ord as u32, segment)?);
                }
                let (best, total, counted) = ranker.merge_fruits(fruits)?;
                let top = best.into_iter().skip(offset).map(|r| (r.score, r.addr));
                (top.collect(), total, counted)
            }
            Ranking::Reference => {
                // Ties to the lower id, as `Ranked` has them.
                let ranking = TopDocs::with_limit(limit).and_offset(offset).tweak_score(
                    move |segment: &SegmentReader| {
                        let score = adjust.segment(segment);
                        let ids = segment.fast_fields().u64("id").ok();
                        let ids = ids.map(|c| c.first_or_default_col(0));
                        move |doc: DocId, s: Score| {
                            let id = ids.as_ref().map_or(0, |c| c.get_val(doc));
                            (score(doc, s), std::cmp::Reverse(id))
                        }
                    },
                );
                let counter = Ranker {
                    facts: &facts,
                    narrowing: Narrowing::default(),
                    filter_score: 0.0,
                    k: 0,
                    adjust,
                    domains: Vec::new(),
                };
                let (top, total, (_, _, counted)) =
                    searcher.search(&plan.query, &(ranking, Count, counter))?;
                let top = top.into_iter().map(|((score, _), addr)| (score, addr));
                (top.collect(), total, counted)
            }
        };
        // The reference counts life domains without the life-domain filter
        // and layers without the layer one in passes of their own.
        let counts_without = |q_without: SearchQuery| -> Result<FacetCounts> {
            let (filters, _) = self.filters(&facts, &q_without, Ranking::Reference, false);
            // The same words: reuse the text query rather than build it again.
            let words = text.map(|t| &*t.matching);
            let counter = Ranker {
                facts: &facts,
                narrowing: Narrowing::default(),
                filter_score: 0.0,
                k: 0,
                adjust,
                domains: Vec::new(),
            };
            Ok(searcher.search(&with_words(&filters, words), &counter)?.2)
        };
        let reference = ranking == Ranking::Reference;
        let domain_counts = if q.life_domains.is_empty() || !reference {
            counted.clone()
        } else {
            counts_without(SearchQuery {
                life_domains: Vec::new(),
                ..q.clone()
            })?
        };
        let layer_counts = if q.layers.is_empty() || !reference {
            counted
        } else {
            counts_without(SearchQuery {
                layers: Vec::new(),
                ..q.clone()
            })?
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let f = &facts[addr.segment_ord as usize];
            let doc = addr.doc_id as usize;
            hits.push(Hit {
                id: f.ids[doc],
                score,
                stale: SegmentFacts::checked(f.words[doc]) < adjust.stale_before,
            });
        }
        Ok(Results {
            total,
            hits,
            facets: Facets {
                life_domains: LifeDomain::ALL
                    .iter()
                    .zip(domain_counts.domains)
                    .filter(|(_, n)| *n > 0)
                    .map(|(d, n)| (d.code().to_string(), n))
                    .collect(),
                layers: (1..=5_u8)
                    .map(|l| (l, layer_counts.layers[usize::from(l)]))
                    .filter(|(_, n)| *n > 0)
                    .collect(),
            },
            understood: plan.understood.clone(),
        })
    }

    /// What the filter "active" adds to an active offer's score (its BM25
    /// score, the same for every offer: one term, no field norms), or 0 when
    /// every offer is active and the filter is left out.
    fn active_score(
        &self,
        searcher: &tantivy::Searcher,
        facts: &[Arc<SegmentFacts>],
    ) -> Result<Score> {
        if facts.iter().all(|f| f.active == (1, 1)) {
            return Ok(0.0);
        }
        let active = TermQuery::new(
            Term::from_field_u64(self.f.active, 1),
            IndexRecordOption::Basic,
        );
        constant_score(searcher, &active)
    }

    /// Reads the question and compiles its query (see [`Prepared`]).
    fn prepare(
        &self,
        searcher: &tantivy::Searcher,
        facts: &[Arc<SegmentFacts>],
        q: &SearchQuery,
        ranking: Ranking,
    ) -> Result<Prepared> {
        // The life-domain and layer choices on the facet bits (see
        // [`Narrowing`]); the reference has them as filters and counts
        // each group apart.
        let understood = self.understand_with(searcher, &q.text, q.municipality_id);
        let text = self.text_query(searcher, &understood, ranking);
        let (filters, left) = self.filters(facts, q, ranking, text.is_some());
        let (narrowing, filter_score) = match ranking {
            Ranking::Collected => {
                let mut score = self.active_score(searcher, facts)?;
                if !left.is_empty() {
                    let together =
                        BooleanQuery::new(left.into_iter().map(|c| (Occur::Must, c)).collect());
                    score += constant_score(searcher, &together)?;
                }
                (Narrowing::of(q), score)
            }
            Ranking::Reference => (Narrowing::default(), 0.0),
        };
        let query = with_words(&filters, text.as_ref().map(|t| &*t.scored));
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        Ok(Prepared {
            understood,
            narrowing,
            filter_score,
            text,
            query,
            weight,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: i64 = 20_600;

    fn offer(id: u64, name: &str, layer: u8, domains: &[&str], keywords: &[&str]) -> IndexedOffer {
        IndexedOffer {
            id,
            municipality_id: 1,
            name: name.into(),
            description: format!("{name} in de buurt."),
            organization: "Stichting Welzijn".into(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            layer,
            life_domains: domains.iter().map(|d| d.to_string()).collect(),
            active: true,
            without_referral: layer <= 3,
            free: true,
            checked_day: TODAY - 10,
            ..IndexedOffer::default()
        }
    }

    /// The ranking on its own: no thesaurus (its effect is tested apart).
    fn bare() -> &'static Thesaurus {
        static EMPTY: std::sync::OnceLock<Thesaurus> = std::sync::OnceLock::new();
        EMPTY.get_or_init(Thesaurus::default)
    }

    fn index(offers: Vec<IndexedOffer>) -> SearchIndex {
        let idx = SearchIndex::open_with(None, bare()).unwrap();
        idx.rebuild(offers, "test").unwrap();
        idx
    }

    fn ids(idx: &SearchIndex, q: SearchQuery) -> Vec<u64> {
        idx.search(&SearchQuery { limit: 10, ..q }, TODAY)
            .unwrap()
            .hits
            .iter()
            .map(|h| h.id)
            .collect()
    }

    fn text(t: &str) -> SearchQuery {
        SearchQuery {
            text: t.into(),
            ..SearchQuery::default()
        }
    }

    fn sample() -> Vec<IndexedOffer> {
        vec![
            offer(
                1,
                "Schuldhulpmaatje",
                3,
                &["financien"],
                &["schulden", "rekeningen"],
            ),
            offer(
                2,
                "Schuldregeling",
                4,
                &["financien"],
                &["schulden", "sanering"],
            ),
            offer(
                3,
                "Mantelzorgsteunpunt",
                3,
                &["sociaal-netwerk"],
                &["mantelzorg", "zorgen voor"],
            ),
            offer(
                4,
                "Koffieochtend",
                2,
                &["sociaal-netwerk"],
                &["koffie", "eenzaam"],
            ),
            offer(
                5,
                "Opvoedspreekuur",
                3,
                &["opvoeden-en-opgroeien"],
                &["opvoeding", "kinderen"],
            ),
        ]
    }

    #[test]
    fn finds_by_stem_and_prefers_the_lighter_layer_when_equally_relevant() {
        let idx = index(sample());
        let found = ids(&idx, text("schulden"));
        assert_eq!(
            &found[..2],
            &[1, 2],
            "both debt offers, the lighter (layer 3) first"
        );
    }

    #[test]
    fn lighter_goes_first_only_among_comparably_relevant_offers() {
        let mut painting = offer(
            1,
            "Schilderen en tekenen voor 55-plus",
            1,
            &["dagbesteding"],
            &["schilderen"],
        );
        painting.description =
            "Samen schilderen, ook als u zorgen heeft over geld of schulden.".into();
        let debt = offer(
            2,
            "Schuldhulpverlening",
            4,
            &["financien"],
            &["schulden", "schuldhulp"],
        );
        let cooking = offer(3, "Kookclub", 1, &["sociaal-netwerk"], &["koken"]);
        let idx = index(vec![painting, debt, cooking]);
        assert_eq!(
            ids(&idx, text("schulden")),
            vec![2, 1],
            "the clearly better match first, whatever its layer; no match, not listed"
        );
    }

    #[test]
    fn in_a_large_index_common_words_alone_do_not_make_a_match() {
        // 2 100 offers: "thuis" is in 1 500 of them (common), "ruzie" in 10;
        // "mensen" is in 1 490 descriptions but only 5 names.
        let offers: Vec<IndexedOffer> = (1..=2_100)
            .map(|id| {
                let name = match id {
                    2_001..=2_005 => format!("Mensen ontmoeten {id}"),
                    _ => format!("Aanbod {id}"),
                };
                let mut o = offer(id, &name, 3, &["financien"], &[]);
                o.description = match id {
                    1..=10 => "Hulp bij ruzie, ook thuis.".into(),
                    11..=1_500 => "Wij komen bij mensen thuis.".into(),
                    _ => "Op het spreekuur.".into(),
                };
                o
            })
            .collect();
        let idx = index(offers);
        let total = |t: &str| {
            idx.search(
                &SearchQuery {
                    limit: 10,
                    ..text(t)
                },
                TODAY,
            )
            .unwrap()
            .total
        };
        assert_eq!(total("thuis"), 1_500, "one word: every offer with it");
        assert_eq!(total("ruzie thuis"), 10, "the specific word decides");
        assert_eq!(ids(&idx, text("ruzie thuis")).len(), 10);
        assert_eq!(total("mensen"), 1_495);
        assert_eq!(
            total("ruzie mensen"),
            10,
            "a word common in descriptions is common, however rare in names"
        );
        assert_eq!(
            ids(&idx, text("ruzie mensen thuis")),
            ids(&idx, text("ruzie")),
            "common words next to a rarer one neither list nor reorder"
        );
    }

    #[test]
    fn a_search_without_kept_plans_answers_as_one_with_them() {
        let idx = index(sample());
        let queries = ["schulden", "mantelzrog", "opvoedvragen", "eenzaam"];
        let warm: Vec<_> = queries.iter().map(|q| ids(&idx, text(q))).collect();
        let replayed: Vec<_> = queries.iter().map(|q| ids(&idx, text(q))).collect();
        idx.set_plan_cache(false);
        let cold: Vec<_> = queries.iter().map(|q| ids(&idx, text(q))).collect();
        assert_eq!(warm, replayed);
        assert_eq!(warm, cold);
        assert!(!warm[0].is_empty());
    }

    #[test]
    fn tolerates_typos_and_compounds() {
        let idx = index(sample());
        assert_eq!(ids(&idx, text("mantelzrog")).first(), Some(&3));
        assert_eq!(ids(&idx, text("schuldhulpverlening")).first(), Some(&1));
        assert_eq!(ids(&idx, text("opvoedvragen")).first(), Some(&5));
    }

    #[test]
    fn applied_changes_replace_and_remove_single_offers_and_record_the_position() {
        let dir = std::env::temp_dir().join(format!("kompas-index-apply-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let idx = SearchIndex::open_with(Some(&dir), bare()).unwrap();
        idx.rebuild(sample(), "7").unwrap();
        assert_eq!(ids(&idx, text("koffie")), vec![4]);
        let renamed = offer(4, "Soepmiddag", 2, &["sociaal-netwerk"], &["soep"]);
        idx.apply(&[renamed], &[3], "9").unwrap();
        assert_eq!(
            ids(&idx, text("koffie")),
            Vec::<u64>::new(),
            "the old text is gone"
        );
        assert_eq!(ids(&idx, text("soepmiddag")), vec![4]);
        assert_eq!(ids(&idx, text("mantelzorg")), Vec::<u64>::new(), "removed");
        assert_eq!(idx.len(), sample().len() as u64 - 1);
        assert_eq!(idx.built_from(), "9");
        drop(idx);
        let again = SearchIndex::open_with(Some(&dir), bare()).unwrap();
        assert_eq!(again.built_from(), "9", "the position survives a restart");
        assert_eq!(ids(&again, text("soepmiddag")), vec![4]);
        drop(again);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn synonyms_apply_from_the_next_search_without_a_rebuild() {
        let idx = index(sample());
        let in_municipality = |m: u64| SearchQuery {
            municipality_id: Some(m),
            ..text("geldzorgen")
        };
        assert!(!ids(&idx, in_municipality(1)).contains(&1));
        // Another municipality's editors' words do not change this search.
        idx.set_synonyms(&[(2, "geldzorgen".into(), "schulden".into())]);
        assert!(!ids(&idx, in_municipality(1)).contains(&1));
        idx.set_synonyms(&[(1, "geldzorgen".into(), "schulden".into())]);
        assert_eq!(ids(&idx, in_municipality(1)).first(), Some(&1));
        assert!(!ids(&idx, text("geldzorgen")).contains(&1));
    }

    #[test]
    fn filters_and_facets() {
        let idx = index(sample());
        let q = SearchQuery {
            life_domains: vec!["sociaal-netwerk".into()],
            ..SearchQuery::default()
        };
        let r = idx.search(&SearchQuery { limit: 10, ..q }, TODAY).unwrap();
        assert_eq!(r.total, 2);
        assert_eq!(
            r.hits.first().map(|h| h.id),
            Some(4),
            "without words the lightest comes first"
        );
        let all = idx
            .search(
                &SearchQuery {
                    limit: 10,
                    ..SearchQuery::default()
                },
                TODAY,
            )
            .unwrap();
        assert!(all
            .facets
            .life_domains
            .contains(&("financien".to_string(), 2)));
        assert!(all.facets.layers.contains(&(3, 3)));
        let free_noref = ids(
            &idx,
            SearchQuery {
                without_referral: true,
                ..text("schulden")
            },
        );
        assert_eq!(free_noref, vec![1]);
    }

    #[test]
    fn packed_domain_counts_equal_counting_one_by_one() {
        let mut x: u64 = 11;
        let mut counts = FacetCounts::default();
        let mut naive = [0_u64; LifeDomain::ALL.len()];
        // Past several flushes, with any combination of domains.
        for _ in 0..2_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let bits = (x >> 40) & DOMAIN_BITS | (x >> 61) << LAYER_SHIFT;
            counts.add_domains(bits);
            for (i, n) in naive.iter_mut().enumerate() {
                *n += bits >> i & 1;
            }
        }
        let mut merged = FacetCounts::default();
        merged.add_all(&counts);
        assert_eq!(merged.domains, naive);
        counts.flush();
        assert_eq!(counts.domains, naive);
    }

    #[test]
    fn a_groups_counts_ignore_its_own_choice() {
        let idx = index(sample());
        let q = SearchQuery {
            layers: vec![3],
            limit: 10,
            ..SearchQuery::default()
        };
        let r = idx.search(&q, TODAY).unwrap();
        assert_eq!(r.total, 3);
        // Other layers still show what choosing them too would add.
        assert!(
            r.facets.layers.contains(&(2, 1)) && r.facets.layers.contains(&(4, 1)),
            "{:?}",
            r.facets.layers
        );
        // Life-domain counts do follow the layer choice.
        assert!(
            r.facets
                .life_domains
                .contains(&("financien".to_string(), 1)),
            "{:?}",
            r.facets.life_domains
        );
    }

    #[test]
    fn stale_offers_are_marked_and_demoted_and_inactive_ones_hidden() {
        let mut offers = sample();
        offers[0].checked_day = TODAY - 400;
        offers[4].active = false;
        let idx = index(offers);
        let r = idx
            .search(
                &SearchQuery {
                    limit: 10,
                    ..text("schulden")
                },
                TODAY,
            )
            .unwrap();
        assert!(r.hits.iter().any(|h| h.id == 1 && h.stale));
        assert!(!ids(&idx, text("opvoeding")).contains(&5));
    }

    #[test]
    fn odd_and_huge_queries_do_not_fail() {
        let idx = index(sample());
        for q in [
            "",
            "!!!",
            "\"'%_\\",
            &"schulden ".repeat(300),
            "ÉÉN Café",
            "👍",
        ] {
            assert!(
                idx.search(
                    &SearchQuery {
                        limit: 10,
                        ..text(q)
                    },
                    TODAY
                )
                .is_ok(),
                "{q}"
            );
        }
    }

    #[test]
    fn age_and_area_filters() {
        let mut offers = sample();
        offers[4].min_age = Some(0);
        offers[4].max_age = Some(12);
        offers[3].areas = vec!["WK990102".into()];
        let idx = index(offers);
        let q = |age, area: Option<&str>| SearchQuery {
            age,
            area: area.map(String::from),
            limit: 10,
            ..SearchQuery::default()
        };
        assert!(ids(&idx, q(Some(8), None)).contains(&5));
        assert!(!ids(&idx, q(Some(30), None)).contains(&5));
        assert!(ids(&idx, q(None, Some("WK990102"))).contains(&4));
        assert!(!ids(&idx, q(None, Some("WK990101"))).contains(&4));
        assert!(
            ids(&idx, q(None, Some("WK990101"))).contains(&1),
            "municipality-wide offers count everywhere"
        );
    }
}

/// The one-pass ranking against tantivy's own collectors, on a generated
/// directory read with the shipped thesaurus.
#[cfg(test)]
mod ranking_tests {
    use super::*;

    const TODAY: i64 = 20_600;

    /// A small deterministic generator (no dependency for a test).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }

        fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
            words[self.next(words.len())]
        }
    }

    const WORDS: &[&str] = &[
        "schulden",
        "geld",
        "eenzaam",
        "ontmoeting",
        "koffie",
        "mantelzorg",
        "opvoeding",
        "kinderen",
        "huiswerk",
        "taal",
        "werk",
        "dementie",
        "verslaving",
        "thuis",
        "ruzie",
        "buren",
        "rollator",
        "huur",
        "formulieren",
        "sporten",
        "bewegen",
        "depressie",
        "somber",
        "maatje",
        "inloop",
        "spreekuur",
        "vrijwilligers",
        "administratie",
    ];
    const NAMES: &[&str] = &[
        "Schuldhulpmaatje",
        "Koffieochtend",
        "Mantelzorgsteunpunt",
        "Opvoedspreekuur",
        "Taalcafé",
        "Huiswerkbegeleiding",
        "Buurtbemiddeling",
        "Inloophuis",
        "Beweeggroep",
        "Formulierenbrigade",
        "Geheugencafé",
        "Thuisadministratie",
    ];

    fn generated(n: u64) -> SearchIndex {
        let mut r = Lcg(7);
        let offers: Vec<IndexedOffer> = (1..=n)
            .map(|id| {
                let mut words = |k: usize| -> String {
                    (0..k).map(|_| r.pick(WORDS)).collect::<Vec<_>>().join(" ")
                };
                let description = format!("Hulp bij {}.", words(6));
                let keywords = vec![words(1), words(1)];
                let mut r2 = Lcg(id * 31);
                IndexedOffer {
                    id,
                    municipality_id: 1 + r2.next(2) as u64,
                    name: format!("{} {}", r2.pick(NAMES), r2.pick(WORDS)),
                    description,
                    organization: "Stichting Welzijn".into(),
                    keywords,
                    layer: 1 + r2.next(5) as u8,
                    life_domains: (0..1 + r2.next(2))
                        .map(|_| {
                            LifeDomain::ALL[r2.next(LifeDomain::ALL.len())]
                                .code()
                                .into()
                        })
                        .collect(),
                    active: r2.next(10) > 0,
                    free: r2.next(2) == 0,
                    without_referral: r2.next(2) == 0,
                    checked_day: TODAY - r2.next(500) as i64,
                    // A third for every age; the others for children or adults.
                    min_age: [None, Some(0), Some(18)][id as usize % 3],
                    max_age: [None, Some(17), Some(99)][id as usize % 3],
                    ..IndexedOffer::default()
                }
            })
            .collect();
        let idx = SearchIndex::open(None).unwrap();
        idx.rebuild(offers, "test").unwrap();
        idx
    }

    #[test]
    fn one_pass_ranking_equals_tantivys_collectors() {
        let idx = generated(3_000);
        let texts = [
            "schulden",
            "eenzaam",
            "mantelzorg",
            "opvoeding",
            "koffie",
            "huiswerk",
            "taal",
            "werk",
            "dementie",
            "ruzie thuis",
            "ik heb schulden en durf de post niet open te maken",
            "ik zit de hele dag alleen thuis",
            "mijn moeder wordt vergeetachtig",
            "geldzorgen",
            "mantelzrog",
            "schuldhulpverlening",
            "huur betalen",
            "sporten bewegen",
            "",
            "ik wil dood",
        ];
        let mut compared = 0;
        for text in texts {
            for (i, variant) in [
                SearchQuery::default(),
                SearchQuery {
                    offset: 10,
                    ..SearchQuery::default()
                },
                SearchQuery {
                    life_domains: vec!["financien".into(), "sociaal-netwerk".into()],
                    ..SearchQuery::default()
                },
                SearchQuery {
                    layers: vec![2, 3],
                    municipality_id: Some(2),
                    free_only: true,
                    ..SearchQuery::default()
                },
                SearchQuery {
                    // The last is no life domain: it matches nothing.
                    life_domains: vec![
                        "werk-en-opleiding".into(),
                        "geestelijke-gezondheid".into(),
                        "gezondheid".into(),
                    ],
                    layers: vec![1, 4],
                    without_referral: true,
                    ..SearchQuery::default()
                },
                SearchQuery {
                    age: Some(8),
                    life_domains: vec!["financien".into()],
                    ..SearchQuery::default()
                },
                SearchQuery {
                    age: Some(70),
                    free_only: true,
                    without_referral: true,
                    ..SearchQuery::default()
                },
            ]
            .into_iter()
            .enumerate()
            {
                let q = SearchQuery {
                    text: text.into(),
                    limit: if i == 1 { 30 } else { 10 },
                    ..variant
                };
                let fast = idx.search_with(&q, TODAY, Ranking::Collected).unwrap();
                let reference = idx.search_with(&q, TODAY, Ranking::Reference).unwrap();
                assert_eq!(fast.total, reference.total, "{q:?}");
                assert_eq!(fast.facets, reference.facets, "{q:?}");
                let ids = |r: &Results| r.hits.iter().map(|h| h.id).collect::<Vec<_>>();
                assert_eq!(ids(&fast), ids(&reference), "{q:?}");
                for (a, b) in fast.hits.iter().zip(&reference.hits) {
                    assert!(
                        (a.score - b.score).abs() <= 1e-4 * b.score.abs(),
                        "{q:?} {} {}",
                        a.score,
                        b.score
                    );
                    assert_eq!(a.stale, b.stale);
                }
                compared += usize::from(!fast.hits.is_empty());
            }
        }
        assert!(compared > 50, "most queries find offers: {compared}");
    }
}
