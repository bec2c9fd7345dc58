//! The Spring couplets: every set's four pieces laid out once at true size
//! ([`pieces`]), then
//!
//! - printed: one page per piece for a print shop, tiled across
//!   home-printer sheets ([`sheets`], [`tiling`]), both again without the
//!   red paper (ink only), and a ZIP of the four ([`files`]);
//! - previewed: the set hung on a door, as an SVG drawn from the Kai
//!   face's outlines and a PNG thumbnail ([`preview`]), with each
//!   character where the print files put it.
//!
//! See docs/pdf.md, "Couplets".

mod files;
mod pieces;
pub mod preview;
mod sheets;
mod tiling;

pub use files::{CoupletFile, CoupletFiles, render, zip_files};
pub use pieces::{BLEED, CM, PieceKind, PiecePlacement, RED, placements};
pub use sheets::{OVERLAP, SHEET_MARGIN, paper_size};

#[cfg(test)]
mod tests;
