//! PDFs: a layout engine of our own and a small writer over printpdf.

pub mod layout;
