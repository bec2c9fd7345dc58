//! What can go wrong writing a PDF once it is laid out: an attachment
//! image, a font, or the file itself. The caller knows which content file
//! the PDF comes from and makes a [`Diagnostic`](crate::diag::Diagnostic)
//! there; the messages name the image or font.

use std::fmt;
use std::path::PathBuf;

use crate::diag::Diagnostic;

pub use super::layout::fonts::FontError;

#[derive(Debug)]
pub enum PdfError {
    /// An image the document shows could not be read.
    ImageUnreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    /// An image the document shows is neither PNG nor JPEG.
    ImageFormat { path: PathBuf },
    /// A font face could not be read, or not subset.
    Font(FontError),
    /// lopdf could not write the file.
    Save(std::io::Error),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::ImageUnreadable { path, error } => write!(f, "{}: {error}", path.display()),
            PdfError::ImageFormat { path } => {
                write!(f, "{}: not a PNG or JPEG image", path.display())
            }
            PdfError::Font(e) => e.fmt(f),
            PdfError::Save(e) => write!(f, "cannot write PDF: {e}"),
        }
    }
}

impl std::error::Error for PdfError {}

impl PdfError {
    /// The failure as a problem of `file`, the content the PDF comes from.
    pub fn in_file(&self, file: impl AsRef<std::path::Path>) -> Diagnostic {
        Diagnostic::error(file, self.to_string())
    }
}

impl From<FontError> for PdfError {
    fn from(e: FontError) -> Self {
        PdfError::Font(e)
    }
}
