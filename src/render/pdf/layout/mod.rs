//! The PDF layout engine: fonts and measuring, line breaking, blocks and
//! pages. It knows nothing about printpdf: it produces positioned boxes
//! that `super::writer` turns into PDF operations.

pub mod blocks;
pub mod boxes;
pub mod flow;
pub mod fonts;
pub mod linebreak;
pub mod table;
pub mod tags;
pub mod text;
