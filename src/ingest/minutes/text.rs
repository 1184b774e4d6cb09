//! Turns a minutes file into text: UTF-8 or Windows-1252 (detected), or the text
//! layer of a PDF.

use encoding_rs::WINDOWS_1252;

/// The media type and text of a minutes file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub mime_type: &'static str,
    pub text: String,
    /// Set when the bytes were not UTF-8 and were read as Windows-1252.
    pub windows_1252: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error(
        "the PDF has no text layer (scanned pages?); OCR is not supported, convert it to text first"
    )]
    PdfWithoutText,
    #[error("the PDF could not be read: {0}")]
    Pdf(String),
    #[error("the file is empty")]
    Empty,
    /// NUL or other control bytes: an image, an office document or an archive, which
    /// neither UTF-8 nor Windows-1252 text ever contains.
    #[error("the file is neither text nor a PDF (binary content at byte {0})")]
    Binary(usize),
}

pub fn extract(bytes: &[u8]) -> Result<Extracted, TextError> {
    if bytes.starts_with(b"%PDF") {
        return pdf(bytes);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(TextError::Empty);
    }
    // A NUL, or control bytes in more than one byte of a hundred (text capture tools
    // leave a stray vertical tab or EOF mark, never that many).
    let control = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1a);
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(TextError::Binary(at));
    }
    if bytes.iter().filter(|b| control(b)).count() * 100 > bytes.len() {
        let at = bytes.iter().position(control).unwrap_or_default();
        return Err(TextError::Binary(at));
    }
    Ok(match std::str::from_utf8(bytes) {
        Ok(text) => Extracted {
            mime_type: "text/plain",
            text: text.to_owned(),
            windows_1252: false,
        },
        Err(_) => {
            let (text, _, _) = WINDOWS_1252.decode(bytes);
            Extracted {
                mime_type: "text/plain",
                text: text.into_owned(),
                windows_1252: true,
            }
        }
    })
}

fn pdf(bytes: &[u8]) -> Result<Extracted, TextError> {
    // pdf-extract panics on some malformed files; a broken upload must not take the
    // importer (or a server) down with it.
    let extracted = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes))
        .map_err(|_| TextError::Pdf("malformed PDF structure".to_owned()))?;
    let text = extracted.map_err(|e| TextError::Pdf(e.to_string()))?;
    if text.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        return Err(TextError::PdfWithoutText);
    }
    Ok(Extracted {
        mime_type: "application/pdf",
        text,
        windows_1252: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_windows_1252() {
        let bytes = b"Niederschrift \xfcber die Sitzung des Ausschusses f\xfcr Gr\xfcnfl\xe4chen";
        let e = extract(bytes).expect("text");
        assert!(e.windows_1252);
        assert_eq!(
            e.text,
            "Niederschrift über die Sitzung des Ausschusses für Grünflächen"
        );
        let u = extract("Niederschrift über".as_bytes()).expect("text");
        assert!(!u.windows_1252);
        assert_eq!(extract(b"  \n "), Err(TextError::Empty));
    }
}
