//! Vendor error tables: codes, messages, hints, retryability, templates.

use std::borrow::Cow;
use std::fmt;

/// A vendor error code: an integer (Feishu, Sangfor) or a string (Alibaba Cloud).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// `1780001`.
    Int(i64),
    /// `InvalidAccessKeyId.NotFound`.
    Str(Cow<'static, str>),
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Int(code) => write!(f, "{code}"),
            ErrorCode::Str(code) => f.write_str(code),
        }
    }
}

impl ErrorCode {
    /// Reads a code from a JSON value (a number, or a string that may hold a number).
    pub fn from_json(value: &serde_json::Value) -> Option<ErrorCode> {
        match value {
            serde_json::Value::Number(n) => n.as_i64().map(ErrorCode::Int),
            serde_json::Value::String(s) => Some(ErrorCode::Str(Cow::Owned(s.clone()))),
            _ => None,
        }
    }

    /// Whether two codes are the same, comparing `"7201"` and `7201` as equal.
    pub fn same_as(&self, other: &ErrorCode) -> bool {
        match (self, other) {
            (ErrorCode::Int(a), ErrorCode::Str(b)) | (ErrorCode::Str(b), ErrorCode::Int(a)) => {
                b.parse::<i64>().ok() == Some(*a)
            }
            _ => self == other,
        }
    }

    /// Whether this documented code is a template: `%s` (any text) and
    /// `%d` (an integer) stand for parts the server fills in, as in
    /// Alibaba Cloud's `ACS.InvalidParameter.%s`.
    pub fn is_template(&self) -> bool {
        matches!(self, ErrorCode::Str(code) if code.contains("%s") || code.contains("%d"))
    }

    /// Whether a reply's `code` fits this documented code: the same code,
    /// or one its template fits.
    pub fn fits(&self, code: &ErrorCode) -> bool {
        if self.same_as(code) {
            return true;
        }
        match self {
            ErrorCode::Str(template) if self.is_template() => parse_template(template, &code.to_string()).is_some(),
            _ => false,
        }
    }
}

/// One row of an error table, as the vendor documents it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorEntry {
    /// The code.
    pub code: ErrorCode,
    /// The HTTP statuses the page lists the error under (usually one; none when it gives none).
    pub http_statuses: &'static [u16],
    /// The message; `%d` / `%s` stand for values the server fills in.
    pub message: &'static str,
    /// The page's troubleshooting hint.
    pub hint: Option<&'static str>,
    /// Whether the same request may succeed when retried.
    pub retryable: bool,
}

/// A code the table does not know, kept as the vendor sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownError {
    /// The vendor's code.
    pub code: ErrorCode,
    /// The vendor's message.
    pub message: String,
}

/// Values parsed out of a message by its template.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateValues(pub Vec<String>);

impl TemplateValues {
    /// The `i`-th value as an integer.
    pub fn int(&self, i: usize) -> Option<i64> {
        self.0.get(i).and_then(|v| v.trim().parse().ok())
    }

    /// The `i`-th value as text.
    pub fn text(&self, i: usize) -> Option<String> {
        self.0.get(i).cloned()
    }
}

/// Splits a template into its literal pieces and placeholder kinds.
fn pieces(template: &str) -> (Vec<&str>, Vec<char>) {
    let mut literals = Vec::new();
    let mut kinds = Vec::new();
    let mut start = 0;
    let bytes = template.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'%' && (bytes[i + 1] == b'd' || bytes[i + 1] == b's') {
            literals.push(&template[start..i]);
            kinds.push(bytes[i + 1] as char);
            start = i + 2;
            i += 2;
        } else {
            i += 1;
        }
    }
    literals.push(&template[start..]);
    (literals, kinds)
}

/// The values in `message` for the placeholders of `template`, or `None` if it does not fit.
pub fn parse_template(template: &str, message: &str) -> Option<TemplateValues> {
    let (literals, kinds) = pieces(template);
    let mut rest = message.strip_prefix(literals[0])?;
    let mut values = Vec::with_capacity(kinds.len());
    for (i, kind) in kinds.iter().enumerate() {
        let next = literals[i + 1];
        let end = if next.is_empty() {
            if i + 1 == kinds.len() {
                rest.len()
            } else {
                return None;
            }
        } else {
            rest.find(next)?
        };
        let value = &rest[..end];
        if *kind == 'd' && value.trim().parse::<i64>().is_err() {
            return None;
        }
        values.push(value.to_owned());
        rest = &rest[end + next.len()..];
    }
    rest.is_empty().then_some(TemplateValues(values))
}

/// Fills a template's placeholders with `values`, in order.
pub fn render_template(template: &str, values: &[String]) -> String {
    let (literals, _) = pieces(template);
    let mut out = String::from(literals[0]);
    for (i, literal) in literals[1..].iter().enumerate() {
        match values.get(i) {
            Some(value) => out.push_str(value),
            None => out.push_str("%?"),
        }
        out.push_str(literal);
    }
    out
}

/// Finds the row of `table` a vendor reply refers to.
///
/// Rows are matched by code: rows with exactly the reply's code first, and
/// only when there is none, rows whose code is a template the reply's code
/// fits (`ACS.InvalidParameter.%s`). When several rows share a code
/// (Sangfor), the one whose message template fits the reply wins. A code
/// with a single row matches even when the message differs (vendors reword
/// messages), with no template values then.
pub fn match_entry(table: &[&ErrorEntry], code: &ErrorCode, message: &str) -> Option<(usize, TemplateValues)> {
    let exact = table.iter().any(|e| e.code.same_as(code));
    let mut candidates = table
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            if exact {
                e.code.same_as(code)
            } else {
                e.code.is_template() && e.code.fits(code)
            }
        })
        .peekable();
    let (first, _) = *candidates.peek()?;
    let mut count = 0;
    for (i, entry) in candidates {
        count += 1;
        if let Some(values) = parse_template(entry.message, message) {
            return Some((i, values));
        }
    }
    (count == 1).then(|| (first, TemplateValues::default()))
}

/// An endpoint's (or a service's common) error enum.
pub trait ErrorTable: Sized + fmt::Debug {
    /// The table row of this error, `None` for unknown codes.
    fn entry(&self) -> Option<&'static ErrorEntry>;
    /// The error a vendor reply with `code` and `message` stands for.
    fn from_reply(code: &ErrorCode, message: &str) -> Self;
    /// The rows the endpoint's page documents (not the common ones), in order.
    fn documented() -> &'static [&'static ErrorEntry];
    /// The code and message as received, for codes the table does not know.
    fn unknown(&self) -> Option<&UnknownError> {
        None
    }
    /// Values this error carries, in template order.
    fn template_values(&self) -> Vec<String> {
        Vec::new()
    }

    /// The vendor code.
    fn code(&self) -> ErrorCode {
        match (self.entry(), self.unknown()) {
            (Some(entry), _) => entry.code.clone(),
            (None, Some(unknown)) => unknown.code.clone(),
            (None, None) => ErrorCode::Str(Cow::Borrowed("")),
        }
    }
    /// The documented HTTP status (the first, where the page lists several).
    fn http_status(&self) -> Option<u16> {
        self.entry().and_then(|e| e.http_statuses.first().copied())
    }
    /// The message, with template values filled in.
    fn message(&self) -> Cow<'static, str> {
        match (self.entry(), self.unknown()) {
            (Some(entry), _) => {
                let values = self.template_values();
                if values.is_empty() {
                    Cow::Borrowed(entry.message)
                } else {
                    Cow::Owned(render_template(entry.message, &values))
                }
            }
            (None, Some(unknown)) => Cow::Owned(unknown.message.clone()),
            (None, None) => Cow::Borrowed(""),
        }
    }
    /// The vendor's troubleshooting hint.
    fn hint(&self) -> Option<&'static str> {
        self.entry().and_then(|e| e.hint)
    }
    /// Whether the same request may succeed when retried.
    fn is_retryable(&self) -> bool {
        self.entry().is_some_and(|e| e.retryable)
    }
}

/// `Display` for error tables: `message (code N)`, plus the hint when there is one.
pub fn fmt_error<E: ErrorTable>(error: &E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{} (code {})", error.message(), error.code())?;
    if let Some(hint) = error.hint() {
        write!(f, "; hint: {hint}")?;
    }
    Ok(())
}

/// `ErrorTable` for a generated error enum, plus
/// [`error_impls!`](crate::error_impls):
/// `Name in TABLE { 0 VariantA, 1 VariantB { value: text 0 } } common path::CommonError`
/// maps variant `i` to row `TABLE[i]` both ways and a reply's code through
/// [`match_entry`]. A variant with fields takes the values the server
/// filled into the row's message template (`int` for `%d`, `text` for
/// `%s`, by position); with `common`, codes the table lacks are looked up
/// among the service's common errors. Every error enum shares this one
/// definition, so each adds only its variants and table to a crate.
#[doc(hidden)]
#[macro_export]
macro_rules! __apigen_error_table {
    (
        $name:ident in $table:ident {
            $($i:literal $variant:ident $({ $($field:ident: $kind:ident $j:literal),+ $(,)? })?),+ $(,)?
        }
        $(common $common:path)?
    ) => {
        impl $crate::ErrorTable for $name {
            fn entry(&self) -> ::core::option::Option<&'static $crate::ErrorEntry> {
                ::core::option::Option::Some(match self {
                    $(Self::$variant $({ $($field: _),+ })? => $table[$i],)+
                    $(Self::Common(error) => { let _: &$common = error; error.entry() })?
                    Self::Unknown(_) => return ::core::option::Option::None,
                })
            }
            fn documented() -> &'static [&'static $crate::ErrorEntry] {
                &$table
            }
            #[allow(unused_variables)]
            fn from_reply(code: &$crate::ErrorCode, message: &str) -> Self {
                let known = match $crate::error_table::match_entry(&$table, code, message) {
                    $(::core::option::Option::Some(($i, values)) => ::core::option::Option::Some(
                        Self::$variant $({ $($field: values.$kind($j)),+ })?
                    ),)+
                    _ => $crate::__apigen_error_table!(@common code message $($common)?),
                };
                known.unwrap_or_else(|| Self::Unknown($crate::UnknownError { code: code.clone(), message: message.to_owned() }))
            }
            fn unknown(&self) -> ::core::option::Option<&$crate::UnknownError> {
                match self {
                    Self::Unknown(unknown) => ::core::option::Option::Some(unknown),
                    _ => ::core::option::Option::None,
                }
            }
            fn template_values(&self) -> ::std::vec::Vec<::std::string::String> {
                match self {
                    $($(Self::$variant { $($field),+ } => ::std::vec![
                        $($crate::error_table::template_text($field.as_ref(), $crate::__apigen_error_table!(@placeholder $kind))),+
                    ],)?)+
                    $(Self::Common(error) => { let _: &$common = error; error.template_values() })?
                    _ => ::std::vec::Vec::new(),
                }
            }
        }
        $crate::error_impls!($name);
    };
    (@common $code:ident $message:ident) => { ::core::option::Option::None };
    (@common $code:ident $message:ident $common:path) => { <$common>::lookup($code, $message).map(Self::Common) };
    (@placeholder int) => { "%d" };
    (@placeholder text) => { "%s" };
}

/// A template value as the message shows it: the value, or its
/// placeholder when the server's message did not fill it in.
pub fn template_text<T: std::fmt::Display>(value: Option<&T>, placeholder: &str) -> String {
    value.map_or_else(|| placeholder.to_owned(), |v| v.to_string())
}

/// Inherent `code()`, `http_status()`, `message()`, `hint()`, `is_retryable()`,
/// plus `Display` and `std::error::Error`, for a generated error enum.
#[doc(hidden)]
#[macro_export]
macro_rules! __apigen_error_impls {
    ($name:ident) => {
        impl $name {
            /// The vendor code.
            pub fn code(&self) -> $crate::ErrorCode {
                <Self as $crate::ErrorTable>::code(self)
            }
            /// The documented HTTP status.
            pub fn http_status(&self) -> ::core::option::Option<u16> {
                <Self as $crate::ErrorTable>::http_status(self)
            }
            /// The message, with the values the server filled in.
            pub fn message(&self) -> ::std::borrow::Cow<'static, str> {
                <Self as $crate::ErrorTable>::message(self)
            }
            /// The vendor's troubleshooting hint.
            pub fn hint(&self) -> ::core::option::Option<&'static str> {
                <Self as $crate::ErrorTable>::hint(self)
            }
            /// Whether the same request may succeed when retried.
            pub fn is_retryable(&self) -> bool {
                <Self as $crate::ErrorTable>::is_retryable(self)
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::error_table::fmt_error(self, f)
            }
        }
        impl ::std::error::Error for $name {}
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &'static str, message: &'static str) -> ErrorEntry {
        ErrorEntry {
            code: ErrorCode::Str(Cow::Borrowed(code)),
            http_statuses: &[400],
            message,
            hint: None,
            retryable: false,
        }
    }

    static DENIED: ErrorEntry = ErrorEntry {
        code: ErrorCode::Str(Cow::Borrowed("Forbidden")),
        http_statuses: &[403],
        message: "Denied.",
        hint: Some("Ask for the permission."),
        retryable: false,
    };
    static BUSY: ErrorEntry = ErrorEntry {
        code: ErrorCode::Int(7),
        http_statuses: &[503],
        message: "Busy.",
        hint: None,
        retryable: true,
    };
    static QUOTA: ErrorEntry = ErrorEntry {
        code: ErrorCode::Str(Cow::Borrowed("Quota.%s")),
        http_statuses: &[400],
        message: "Used %d of %s.",
        hint: None,
        retryable: false,
    };
    static TABLE: [&ErrorEntry; 3] = [&DENIED, &BUSY, &QUOTA];

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum TableError {
        Denied,
        Busy,
        Quota { used: Option<i64>, of: Option<String> },
        Unknown(UnknownError),
    }
    crate::error_table!(TableError in TABLE { 0 Denied, 1 Busy, 2 Quota { used: int 0, of: text 1 } });

    #[test]
    fn the_table_macro_maps_variants_and_rows_both_ways() {
        let busy = TableError::from_reply(&ErrorCode::Str(Cow::Borrowed("7")), "busy now");
        assert_eq!((&busy, busy.code()), (&TableError::Busy, ErrorCode::Int(7)));
        assert!(busy.is_retryable() && busy.unknown().is_none());
        assert_eq!(busy.http_status(), Some(503));
        let denied = TableError::from_reply(&ErrorCode::Str(Cow::Borrowed("Forbidden")), "");
        assert_eq!(
            (denied.hint(), denied.message().as_ref()),
            (Some("Ask for the permission."), "Denied.")
        );
        let other = TableError::from_reply(&ErrorCode::Int(8), "new");
        assert_eq!(other.unknown().map(|u| u.message.as_str()), Some("new"));
        assert!(other.entry().is_none());
        assert_eq!(TableError::documented().len(), 3);
        let quota = TableError::from_reply(&ErrorCode::Str(Cow::Borrowed("Quota.Disk")), "Used 7 of disk.");
        assert_eq!(
            quota,
            TableError::Quota {
                used: Some(7),
                of: Some("disk".to_owned())
            }
        );
        assert_eq!(quota.message(), "Used 7 of disk.");
        let unfilled = TableError::Quota { used: None, of: None };
        assert_eq!(unfilled.template_values(), ["%d", "%s"]);
        assert!(TableError::Busy.template_values().is_empty());
        assert!(!TableError::Denied.to_string().is_empty());
    }

    #[test]
    fn template_codes_match_the_codes_they_fit_and_exact_codes_win() {
        let template = row("ACS.InvalidParameter.%s", "The parameter is invalid.");
        let exact = row("ACS.InvalidParameter.Name", "The name is invalid.");
        let numbered = row("Throttling.%d", "Slow down.");
        let table = [&template, &exact, &numbered];
        let code = |c: &'static str| ErrorCode::Str(Cow::Borrowed(c));
        assert_eq!(
            match_entry(&table, &code("ACS.InvalidParameter.Name"), "").map(|m| m.0),
            Some(1)
        );
        assert_eq!(
            match_entry(&table, &code("ACS.InvalidParameter.Size"), "").map(|m| m.0),
            Some(0)
        );
        assert_eq!(match_entry(&table, &code("Throttling.3"), "").map(|m| m.0), Some(2));
        assert_eq!(
            match_entry(&table, &code("Throttling.many"), ""),
            None,
            "%d takes an integer"
        );
        assert_eq!(match_entry(&table, &code("ACS.Other"), ""), None);
        assert!(template.code.is_template() && !exact.code.is_template());
        // A code without placeholders is compared literally, `%` or not.
        assert!(!row("100%", "x").code.fits(&code("100 percent")));
    }

    #[test]
    fn parses_template_values() {
        let values = parse_template("外部ID长度超过最大上限:%d", "外部ID长度超过最大上限:128").unwrap();
        assert_eq!(values.int(0), Some(128));
        let values = parse_template("请勿输入多个匹配参数: %s", "请勿输入多个匹配参数: externalId,mac").unwrap();
        assert_eq!(values.text(0).as_deref(), Some("externalId,mac"));
        assert!(parse_template("外部ID长度超过最大上限:%d", "外部ID长度超过最大上限:many").is_none());
        assert!(parse_template("MAC地址格式错误", "终端不存在").is_none());
        let values = parse_template(
            r#"The input parameter "%s" that is mandatory"#,
            r#"The input parameter "PageSize" that is mandatory"#,
        )
        .unwrap();
        assert_eq!(values.text(0).as_deref(), Some("PageSize"));
    }

    #[test]
    fn renders_templates() {
        assert_eq!(render_template("上限:%d", &["64".to_owned()]), "上限:64");
        assert_eq!(render_template("no values", &[]), "no values");
    }

    #[test]
    fn matches_rows_by_code_then_template() {
        let rows = [
            ErrorEntry {
                code: ErrorCode::Int(7201),
                http_statuses: &[],
                message: "MAC地址格式错误",
                hint: None,
                retryable: false,
            },
            ErrorEntry {
                code: ErrorCode::Int(7201),
                http_statuses: &[],
                message: "外部ID长度超过最大上限:%d",
                hint: None,
                retryable: false,
            },
            ErrorEntry {
                code: ErrorCode::Int(1),
                http_statuses: &[],
                message: "one",
                hint: None,
                retryable: false,
            },
        ];
        let table: Vec<&ErrorEntry> = rows.iter().collect();
        assert_eq!(
            match_entry(&table, &ErrorCode::Int(7201), "外部ID长度超过最大上限:9").map(|m| m.0),
            Some(1)
        );
        assert_eq!(
            match_entry(&table, &ErrorCode::Str("7201".into()), "MAC地址格式错误").map(|m| m.0),
            Some(0)
        );
        // Several rows, none fits: no guess.
        assert_eq!(match_entry(&table, &ErrorCode::Int(7201), "reworded"), None);
        // One row: the code alone decides.
        assert_eq!(
            match_entry(&table, &ErrorCode::Int(1), "reworded").map(|m| m.0),
            Some(2)
        );
        assert_eq!(match_entry(&table, &ErrorCode::Int(2), "one"), None);
    }
}
