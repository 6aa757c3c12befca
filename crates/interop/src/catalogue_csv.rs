//! The maatwerk catalogue as one CSV file: providers, products and contracts,
//! one per line, told apart by the column `soort`. The first line names the
//! columns (any order, `;` or `,`, an optional byte-order mark); a column a
//! kind does not use may be missing or empty.
//!
//! - `aanbieder`: naam, agb, kvk (optional)
//! - `product`: wet, categorie, productcode, naam, variant, eenheid,
//!   frequentie, geldig_van, geldig_tot (optional)
//! - `contract`: agb (the provider), wet + categorie + productcode (the
//!   product), tarief (euros per unit), geldig_van, geldig_tot (optional)
//!
//! Providers are known by AGB code and products by law, category and code,
//! so a file can add them and their contracts at once, or change what is
//! there. `parse` reads and checks each line on its own; `plan` compares the
//! file with what the municipality has. All or nothing: every problem names
//! its line and column, and with one problem nothing is stored.

use crate::monitor::{cell, write_csv, RowError, Table};
use kompas_domain::directory::FieldError;
use kompas_domain::maatwerk::catalogue::{
    AgbCode, Contract, ContractDraft, Product, ProductDraft, Provider, ProviderDraft,
};
use kompas_domain::maatwerk::codes::{self, ProductCode};
use kompas_domain::maatwerk::Law;
use std::collections::HashMap;

/// The columns, in the order of the template.
pub const HEADERS: [&str; 13] = [
    "soort",
    "naam",
    "agb",
    "kvk",
    "wet",
    "categorie",
    "productcode",
    "variant",
    "eenheid",
    "frequentie",
    "tarief",
    "geldig_van",
    "geldig_tot",
];

/// A product as a contract line names it: law, category code, product code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductKey {
    pub law: Law,
    pub category: &'static str,
    pub code: ProductCode,
}

impl ProductKey {
    pub fn of(p: &Product) -> ProductKey {
        ProductKey {
            law: p.law,
            category: p.category.code,
            code: p.code.clone(),
        }
    }
}

impl std::fmt::Display for ProductKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}/{}",
            self.law.label_nl(),
            self.category,
            self.code.as_str()
        )
    }
}

/// One line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Provider(Provider),
    Product(Product),
    Contract {
        agb: AgbCode,
        product: ProductKey,
        contract: Contract,
    },
}

/// The lines of a file, each with its line number (the header is line 1).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueFile {
    pub lines: Vec<(usize, Line)>,
}

fn errors_at(row: usize, problems: Vec<FieldError>) -> impl Iterator<Item = RowError> {
    problems.into_iter().map(move |p| RowError {
        row,
        column: p.field.to_string(),
        reason: p.reason,
    })
}

fn error(row: usize, column: &str, reason: impl Into<String>) -> RowError {
    RowError {
        row,
        column: column.to_string(),
        reason: reason.into(),
    }
}

/// The product a contract line names, or its problems.
fn product_key(
    row: usize,
    law: &str,
    category: &str,
    code: &str,
) -> Result<ProductKey, Vec<RowError>> {
    let mut out = Vec::new();
    let law = Law::parse(law)
        .map_err(|e| out.push(error(row, "wet", e)))
        .ok();
    let category = law.and_then(|l| {
        codes::category(l, category)
            .map_err(|e| out.push(error(row, "categorie", e)))
            .ok()
    });
    let code = ProductCode::parse(code)
        .map_err(|e| out.push(error(row, "productcode", e)))
        .ok();
    match (law, category, code) {
        (Some(law), Some(c), Some(code)) => Ok(ProductKey {
            law,
            category: c.code,
            code,
        }),
        _ => Err(out),
    }
}

/// Reads and checks every line; all problems at once.
pub fn parse(text: &str) -> Result<CatalogueFile, Vec<RowError>> {
    let table = Table::parse(text).map_err(|e| vec![e])?;
    table.require(&[("soort", &["type"])])?;
    let col: HashMap<&str, Option<usize>> =
        HEADERS.iter().map(|h| (*h, table.column(&[h]))).collect();
    let (mut lines, mut errors) = (Vec::new(), Vec::new());
    let mut providers: HashMap<AgbCode, usize> = HashMap::new();
    let mut products: HashMap<ProductKey, usize> = HashMap::new();
    for (row, cells) in &table.rows {
        let row = *row;
        let get = |name: &str| cell(cells, col[name]);
        let line = match get("soort").to_lowercase().as_str() {
            "aanbieder" => ProviderDraft {
                name: get("naam"),
                agb: get("agb"),
                kvk: get("kvk"),
            }
            .check()
            .map(Line::Provider),
            "product" => ProductDraft {
                law: get("wet"),
                category: get("categorie"),
                code: get("productcode"),
                name: get("naam"),
                variant: get("variant"),
                unit: get("eenheid"),
                frequency: get("frequentie"),
                valid_from: get("geldig_van"),
                valid_until: get("geldig_tot"),
            }
            .check()
            .map(Line::Product),
            "contract" => {
                let agb = AgbCode::parse(&get("agb")).map_err(|e| error(row, "agb", e));
                let key = product_key(row, &get("wet"), &get("categorie"), &get("productcode"));
                let contract = ContractDraft {
                    tariff: get("tarief"),
                    valid_from: get("geldig_van"),
                    valid_until: get("geldig_tot"),
                }
                .check()
                .map_err(|p| errors_at(row, p).collect::<Vec<_>>());
                match (agb, key, contract) {
                    (Ok(agb), Ok(product), Ok(contract)) => {
                        lines.push((
                            row,
                            Line::Contract {
                                agb,
                                product,
                                contract,
                            },
                        ));
                    }
                    (agb, key, contract) => {
                        errors.extend(agb.err());
                        errors.extend(key.err().unwrap_or_default());
                        errors.extend(contract.err().unwrap_or_default());
                    }
                }
                continue;
            }
            other => {
                errors.push(error(
                    row,
                    "soort",
                    format!("'{other}' kennen we niet; kies aanbieder, product of contract"),
                ));
                continue;
            }
        };
        match line {
            Err(problems) => errors.extend(errors_at(row, problems)),
            Ok(line) => {
                let twice = match &line {
                    Line::Provider(p) => providers
                        .insert(p.agb.clone(), row)
                        .map(|first| ("agb", first)),
                    Line::Product(p) => products
                        .insert(ProductKey::of(p), row)
                        .map(|first| ("productcode", first)),
                    Line::Contract { .. } => None,
                };
                match twice {
                    Some((column, first)) => {
                        errors.push(error(row, column, format!("staat ook al op regel {first}")))
                    }
                    None => lines.push((row, line)),
                }
            }
        }
    }
    if table.rows.is_empty() {
        errors.push(error(1, "", "er staan geen regels onder de kolomnamen"));
    }
    if errors.is_empty() {
        Ok(CatalogueFile { lines })
    } else {
        errors.sort_by_key(|e| e.row);
        Err(errors)
    }
}

/// What the municipality already has, by the keys the file uses.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub providers: HashMap<AgbCode, (i64, Provider)>,
    pub products: HashMap<ProductKey, (i64, Product)>,
}

/// One change the file makes, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    NewProvider(Provider),
    ChangedProvider(i64, Provider),
    NewProduct(Product),
    ChangedProduct(i64, Product),
    NewContract {
        agb: AgbCode,
        product: ProductKey,
        contract: Contract,
    },
}

impl Change {
    /// The change in plain Dutch.
    pub fn describe(&self) -> String {
        match self {
            Change::NewProvider(p) => format!("nieuwe aanbieder {} (AGB {})", p.name, p.agb),
            Change::ChangedProvider(_, p) => {
                format!("aanbieder {} (AGB {}) wordt bijgewerkt", p.name, p.agb)
            }
            Change::NewProduct(p) => format!("nieuw product {} ({})", p.name, ProductKey::of(p)),
            Change::ChangedProduct(_, p) => {
                format!(
                    "product {} ({}) wordt bijgewerkt",
                    p.name,
                    ProductKey::of(p)
                )
            }
            Change::NewContract {
                agb,
                product,
                contract,
            } => format!(
                "nieuw contract: AGB {agb} levert {product} voor {} per eenheid vanaf {}",
                kompas_domain::maatwerk::catalogue::euros(contract.tariff_cents),
                contract.valid_from.format("%d-%m-%Y")
            ),
        }
    }
}

/// The changes the file makes to what is `known`, in the order of the file;
/// lines that change nothing are left out. A contract must name a provider
/// and a product that exist or are in the file.
pub fn plan(file: &CatalogueFile, known: &Known) -> Result<Vec<(usize, Change)>, Vec<RowError>> {
    let (mut out, mut errors) = (Vec::new(), Vec::new());
    let mut products: HashMap<&ProductKey, &Product> =
        known.products.iter().map(|(k, (_, p))| (k, p)).collect();
    let new_products: Vec<(ProductKey, &Product)> = file
        .lines
        .iter()
        .filter_map(|(_, l)| match l {
            Line::Product(p) => Some((ProductKey::of(p), p)),
            _ => None,
        })
        .collect();
    products.extend(new_products.iter().map(|(k, p)| (k, *p)));
    for (row, line) in &file.lines {
        let change = match line {
            Line::Provider(p) => match known.providers.get(&p.agb) {
                None => Some(Change::NewProvider(p.clone())),
                Some((id, old)) => (old != p).then(|| Change::ChangedProvider(*id, p.clone())),
            },
            Line::Product(p) => match known.products.get(&ProductKey::of(p)) {
                None => Some(Change::NewProduct(p.clone())),
                Some((id, old)) => (old != p).then(|| Change::ChangedProduct(*id, p.clone())),
            },
            Line::Contract {
                agb,
                product,
                contract,
            } => {
                let provider_known = known.providers.contains_key(agb)
                    || file
                        .lines
                        .iter()
                        .any(|(_, l)| matches!(l, Line::Provider(p) if &p.agb == agb));
                if !provider_known {
                    errors.push(error(
                        *row,
                        "agb",
                        format!("er is geen aanbieder met AGB-code {agb}; zet hem in het bestand of voeg hem eerst toe"),
                    ));
                }
                match products.get(product) {
                    None => errors.push(error(
                        *row,
                        "productcode",
                        format!(
                            "het product {product} staat niet in de catalogus of in het bestand"
                        ),
                    )),
                    Some(p) => errors.extend(errors_at(
                        *row,
                        ContractDraft::against_product(contract, p.valid_from, p.valid_until),
                    )),
                }
                Some(Change::NewContract {
                    agb: agb.clone(),
                    product: product.clone(),
                    contract: *contract,
                })
            }
        };
        out.extend(change.map(|c| (*row, c)));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A header line and one invented example of each kind.
pub fn template() -> String {
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    write_csv(
        &HEADERS,
        &[
            row(&[
                "aanbieder",
                "Thuiszorg Voorbeeld",
                "98000001",
                "12345678",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]),
            row(&[
                "product",
                "Hulp bij het huishouden",
                "",
                "",
                "wmo",
                "01",
                "01A01",
                "inspanning",
                "04",
                "2",
                "",
                "01-01-2026",
                "",
            ]),
            row(&[
                "contract",
                "",
                "98000001",
                "",
                "wmo",
                "01",
                "01A01",
                "",
                "",
                "",
                "32,50",
                "01-01-2026",
                "31-12-2026",
            ]),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(errors: &[RowError]) -> Vec<(usize, &str)> {
        errors.iter().map(|e| (e.row, e.column.as_str())).collect()
    }

    #[test]
    fn the_template_reads_back_as_three_lines() {
        let file = parse(&template()).unwrap();
        assert_eq!(file.lines.len(), 3);
        assert!(matches!(file.lines[2], (4, Line::Contract { .. })));
        let changes = plan(&file, &Known::default()).unwrap();
        assert_eq!(changes.len(), 3);
        assert!(
            changes[2].1.describe().contains("€ 32,50"),
            "{:?}",
            changes[2]
        );
    }

    #[test]
    fn commas_a_byte_order_mark_and_missing_columns_are_fine() {
        let text = "\u{feff}Soort,Naam,AGB\naanbieder,Zorg & Co,9800 0002\n";
        let file = parse(text).unwrap();
        let Line::Provider(p) = &file.lines[0].1 else {
            panic!("{file:?}");
        };
        assert_eq!(
            (p.name.as_str(), p.agb.as_str(), &p.kvk),
            ("Zorg & Co", "98000002", &None)
        );
    }

    #[test]
    fn every_problem_names_its_line_and_column() {
        let text = "soort;naam;agb;wet;categorie;productcode;variant;eenheid;frequentie;tarief;geldig_van\n\
                    aanbieder;;123;;;;;;;;\n\
                    product;Begeleiding;;wmo;45;02A01;inspanning;04;2;;01-01-2026\n\
                    contract;;98000001;jeugdwet;45;45A01;;;;0;\n\
                    iets;;;;;;;;;;\n\
                    aanbieder;A;98000001;;;;;;;;\n\
                    aanbieder;B;98000001;;;;;;;;\n";
        let errors = parse(text).unwrap_err();
        assert_eq!(
            columns(&errors),
            vec![
                (2, "naam"),
                (2, "agb"),
                (3, "categorie"),
                (4, "tarief"),
                (4, "geldig_van"),
                (5, "soort"),
                (7, "agb"),
            ]
        );
        assert_eq!(
            errors[6].to_string(),
            "regel 7, kolom agb: staat ook al op regel 6"
        );
        assert!(parse("soort;naam\n").is_err());
        assert_eq!(
            columns(&parse("naam\nx\n").unwrap_err()),
            vec![(1, "soort")]
        );
    }

    #[test]
    fn a_plan_leaves_out_what_is_unchanged_and_refuses_unknown_references() {
        let file = parse(&template()).unwrap();
        let (Line::Provider(provider), Line::Product(product)) =
            (&file.lines[0].1, &file.lines[1].1)
        else {
            panic!("{file:?}");
        };
        let mut known = Known::default();
        known
            .providers
            .insert(provider.agb.clone(), (7, provider.clone()));
        known
            .products
            .insert(ProductKey::of(product), (8, product.clone()));
        let changes = plan(&file, &known).unwrap();
        assert_eq!(changes.len(), 1, "{changes:?}");
        let mut renamed = provider.clone();
        renamed.name = "Oude naam".into();
        known.providers.insert(provider.agb.clone(), (7, renamed));
        assert!(matches!(
            plan(&file, &known).unwrap()[0].1,
            Change::ChangedProvider(7, _)
        ));

        let only_contract = "soort;agb;wet;categorie;productcode;tarief;geldig_van\n\
                             contract;98000009;wmo;01;01A09;10;01-01-2026\n\
                             contract;98000001;wmo;01;01A01;10;01-01-2025\n";
        let errors = plan(&parse(only_contract).unwrap(), &known).unwrap_err();
        assert_eq!(
            columns(&errors),
            vec![(2, "agb"), (2, "productcode"), (3, "geldig_van")]
        );
    }
}
