//! Code lists as enumerated in the iWmo / iJw 3.2 basisschema (values only).
//! Generated from `basisschema.xsd`; the lists are the same in both standards
//! unless a `_WMO` / `_JW` pair is given.

/// Values of `LDT_AanduidingWoonadres`.
pub const AANDUIDING_WOONADRES: &[&str] = &["AB", "BY", "TO", "WW"];
/// Values of `LDT_AdresSoort`.
pub const ADRES_SOORT: &[&str] = &["01", "02", "03", "04"];
/// Values of `LDT_Communicatievorm`.
pub const COMMUNICATIEVORM: &[&str] = &["1", "2", "3"];
/// Values of `LDT_DatumGebruik`.
pub const DATUM_GEBRUIK: &[&str] = &["1", "2", "3"];
/// Values of `LDT_DebetCredit`.
pub const DEBET_CREDIT: &[&str] = &["C", "D"];
/// Values of `LDT_Eenheid`.
pub const EENHEID: &[&str] = &["01", "04", "14", "16", "82", "83", "84"];
/// Values of `LDT_Frequentie`.
pub const FREQUENTIE: &[&str] = &["1", "2", "4", "6"];
/// Values of `LDT_Geslacht`.
pub const GESLACHT: &[&str] = &["0", "1", "2"];
/// Values of `LDT_JaNee`.
pub const JA_NEE: &[&str] = &["1", "2"];
/// Values of `LDT_JuridischeStatus`.
pub const JURIDISCHE_STATUS: &[&str] = &["01", "02", "03", "04", "05", "11", "12"];
/// Values of `LDT_LandCode`.
pub const LAND_CODE: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];
/// Values of `LDT_NaamGebruik`.
pub const NAAM_GEBRUIK: &[&str] = &["1", "2", "3", "4", "5", "6"];
/// Values of `LDT_ProductCategorie` (iWmo).
pub const PRODUCT_CATEGORIE_WMO: &[&str] = &[
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16",
    "17", "18",
];
/// Values of `LDT_ProductCategorie` (iJw).
pub const PRODUCT_CATEGORIE_JW: &[&str] = &[
    "31", "32", "33", "34", "35", "36", "37", "38", "40", "41", "42", "43", "44", "45", "46", "47",
    "48", "49", "50", "51", "52", "53", "54", "55",
];
/// Values of `LDT_RedenAfwijzingVerzoek`.
pub const REDEN_AFWIJZING_VERZOEK: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8", "9"];
/// Values of `LDT_RedenBeeindiging` (iWmo).
pub const REDEN_BEEINDIGING_WMO: &[&str] = &[
    "02", "19", "20", "21", "22", "23", "31", "36", "37", "38", "39",
];
/// Values of `LDT_RedenBeeindiging` (iJw).
pub const REDEN_BEEINDIGING_JW: &[&str] = &[
    "02", "20", "31", "32", "33", "34", "35", "36", "37", "38", "39",
];
/// Values of `LDT_RedenVerzoek`.
pub const REDEN_VERZOEK: &[&str] = &["1", "2"];
/// Values of `LDT_RedenWijziging`.
pub const REDEN_WIJZIGING: &[&str] = &[
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14",
];
/// Values of `LDT_RetourCode`.
pub const RETOUR_CODE: &[&str] = &[
    "0001", "0200", "0233", "0611", "8001", "8017", "8021", "8187", "8214", "8848", "9019", "9056",
    "9063", "9069", "9071", "9074", "9307", "9308", "9319", "9321", "9322", "9326", "9332", "9333",
    "9338", "9339", "9340", "9341", "9346", "9347", "9349", "9350", "9351", "9355", "9357", "9359",
    "9360", "9361", "9365", "9366", "9367", "9369", "9373", "9374", "9375", "9379", "9384", "9385",
    "9387", "9388", "9389", "9390", "9411", "9412", "9413", "9414", "9415", "S300", "S329",
];
/// Values of `LDT_SoortRelatie`.
pub const SOORT_RELATIE: &[&str] = &[
    "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18",
    "19", "20", "21", "22", "23", "24", "25",
];
/// Values of `LDT_StatusAanlevering`.
pub const STATUS_AANLEVERING: &[&str] = &["1", "2", "3", "9"];
/// Values of `LDT_TypeVerwijzer`.
pub const TYPE_VERWIJZER: &[&str] = &["01", "02", "03", "04", "05", "06", "08"];
/// Values of `LDT_VerzoekAntwoord`.
pub const VERZOEK_ANTWOORD: &[&str] = &["1", "2"];
/// Values of `LDT_WettelijkeVertegenwoordiging`.
pub const WETTELIJKE_VERTEGENWOORDIGING: &[&str] = &["06", "07", "08", "09", "10"];
