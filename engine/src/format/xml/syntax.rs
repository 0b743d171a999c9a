//! What the splitter and the record parser check alike: the DOCTYPE
//! (entity declarations), the declared encoding, references, and the
//! wording of `quick-xml`'s errors in XML terms.

use quick_xml::Reader;
use quick_xml::errors::{Error, IllFormedError, SyntaxError};
use quick_xml::escape::EscapeError;
use quick_xml::events::{BytesDecl, BytesRef};

use super::names::is_xml_char;

/// Elements nested deeper than this are an error (a document, or a
/// record, is not a stack bomb).
pub(super) const MAX_DEPTH: usize = 512;

/// The largest document read whole (without a record path), and the
/// largest record element.
pub(super) const MAX_BYTES: u64 = 1 << 30;

/// A reader configured the same way for the splitter and the parser:
/// text as written, end tags checked by the caller (for its own messages).
pub(super) fn configure<R>(reader: &mut Reader<R>) {
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.check_comments = true;
    config.expand_empty_elements = false;
}

/// Rejects a DOCTYPE that declares entities: an external one (`SYSTEM`,
/// `PUBLIC`) would read files or the network, an internal one can expand
/// exponentially ("billion laughs"). Other declarations are ignored.
pub(super) fn check_doctype(content: &str) -> Result<(), String> {
    let mut internal = None;
    let mut rest = content;
    while let Some(at) = rest.find("<!ENTITY") {
        rest = &rest[at + "<!ENTITY".len()..];
        let mut decl = rest.trim_start();
        if let Some(after) = decl.strip_prefix('%') {
            decl = after.trim_start();
        }
        let name_end = decl
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(decl.len());
        let (name, value) = decl.split_at(name_end);
        let value = value.trim_start();
        for keyword in ["SYSTEM", "PUBLIC"] {
            if value.starts_with(keyword) {
                return Err(format!(
                    "external entities are not allowed (entity `{name}` is declared {keyword} in the DOCTYPE); documents are never read from files or the network"
                ));
            }
        }
        internal.get_or_insert_with(|| name.to_owned());
    }
    match internal {
        Some(name) => Err(format!(
            "entity declarations are not supported (entity `{name}` in the DOCTYPE); write characters as references such as &#233; or use the predefined entities"
        )),
        None => Ok(()),
    }
}

/// Accepts only a UTF-8 (or ASCII) declaration.
pub(super) fn check_declaration(decl: &BytesDecl<'_>) -> Result<(), String> {
    match decl.encoding() {
        Some(Ok(encoding)) => {
            let name = encoding.to_ascii_lowercase();
            if matches!(name.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                Ok(())
            } else {
                Err(format!(
                    "only UTF-8 documents are read; the declaration says encoding=\"{encoding}\""
                ))
            }
        }
        Some(Err(e)) => Err(format!("invalid XML declaration: {e}")),
        None => Ok(()),
    }
}

/// The character a reference in text stands for: a character reference
/// or one of the five predefined entities; anything else is an error.
pub(super) fn resolve_reference(reference: &BytesRef<'_>) -> Result<char, String> {
    let name: &str = reference;
    if reference.is_char_ref() {
        return match reference.resolve_char_ref() {
            Ok(Some(c)) if is_xml_char(c) => Ok(c),
            _ => Err(format!("invalid character reference &{name};")),
        };
    }
    match name {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        _ => Err(unknown_entity(name)),
    }
}

fn unknown_entity(name: &str) -> String {
    format!(
        "unknown entity &{name}; (only &lt; &gt; &amp; &apos; &quot; and character references are allowed)"
    )
}

/// `quick-xml`'s error in XML terms.
pub(super) fn describe(error: &Error) -> String {
    match error {
        Error::Syntax(SyntaxError::UnclosedTag) => "unclosed tag: `>` is missing".into(),
        Error::Syntax(e) => e.to_string(),
        Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            format!("mismatched closing tag </{found}>, expected </{expected}>")
        }
        Error::IllFormed(IllFormedError::UnclosedReference) => {
            "`&` does not start a reference (write it as &amp;)".into()
        }
        Error::IllFormed(e) => e.to_string(),
        Error::InvalidAttr(e) => format!("invalid attribute: {e}"),
        Error::Escape(EscapeError::UnrecognizedEntity(_, name)) => unknown_entity(name),
        Error::Escape(EscapeError::InvalidCharRef(_)) => "invalid character reference".into(),
        Error::Escape(e) => e.to_string(),
        Error::Encoding(_) => "invalid UTF-8".into(),
        e => e.to_string(),
    }
}
