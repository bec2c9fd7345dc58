//! munipub: a static site generator for a city government's publications.
//!
//! The pipeline: [`content::load`] reads `site.yaml` and `content/` into the
//! checked [`model::Site`]; [`render`] turns the model into output files;
//! [`output`] writes them to a staging folder and swaps it into place;
//! [`build`] runs the whole of it for every command.

pub mod build;
pub mod cache;
pub mod calendar;
pub mod cli;
pub mod content;
pub mod diag;
pub mod import;
pub mod links;
pub mod markdown;
pub mod model;
pub mod output;
pub mod phone;
pub mod progress;
pub mod render;
pub mod serve;
pub mod stamp;
pub mod theme;
