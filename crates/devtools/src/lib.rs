//! Tools around Kompas, not the product: the demo municipality (`demo`),
//! generators of large, deterministic data (`generate`) and the benchmarks
//! (`bench`). The `kompas` binary dispatches `kompas demo`, `kompas generate`
//! and `kompas bench` here. Word lists, demo texts and stories are data files
//! in `data/`.

pub mod bench;
pub mod demo;
pub mod generate;
