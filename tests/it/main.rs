//! munipub's integration tests, one binary (as ripgrep and just do): the
//! library and its fonts are linked once, not once per test file. Each
//! module is one subject; `cargo test pdf::` runs one of them.

mod common;

mod browser;
mod build;
mod check;
mod couplets;
mod editions;
mod fuzz;
mod hostile;
mod import;
mod incremental;
mod no_panic;
mod open_data;
mod pdf;
mod schema;
mod seal;
mod serve;
mod workflow;
