//! Parsing `#[apigen_macros::endpoint(key = value, ..., errors(...))]`.
//!
//! Every problem is collected (not only the first), each pointing at its
//! tokens, so one compile shows everything wrong with an annotation.

use proc_macro2::{Span, TokenStream};
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprArray, ExprLit, Lit, LitInt, LitStr, Meta, Token};

use crate::model::RustPath;
use crate::spec::ast::CodeValue;

/// The keys an annotation may have, with what each takes.
pub const KEYS: &[(&str, &str)] = &[
    ("service", "the service's spec folder name, e.g. `service = feishu`"),
    (
        "module",
        "the path of the service's generated module (default `::apigen_clients::<service>`), e.g. `module = crate::feishu`",
    ),
    (
        "runtime",
        "the path of the runtime (default `::apigen_runtime`), e.g. `runtime = apigen_clients::runtime`",
    ),
    (
        "specs",
        "the spec root relative to Cargo.toml, e.g. `specs = \"../api-specs\"`",
    ),
    ("id", "the endpoint id, e.g. `id = get_device_record`"),
    ("summary", "the page title, e.g. `summary = \"获取设备信息\"`"),
    ("source_url", "the vendor page, e.g. `source_url = \"https://...\"`"),
    ("method", "an HTTP method, e.g. `method = GET`"),
    ("path", "the path template, e.g. `path = \"/open-apis/x/{id}\"`"),
    ("action", "the RPC action, e.g. `action = \"DescribeX\"`"),
    (
        "auth",
        "an auth scheme of the service, e.g. `auth = tenant_access_token`",
    ),
    ("scopes", "permission scopes, e.g. `scopes = [\"a:b:read\"]`"),
    ("rate_limit", "calls per second, e.g. `rate_limit = 10`"),
    ("idempotent", "whether a retry is safe, e.g. `idempotent = true`"),
    ("response", "the payload type, e.g. `response = feishu::DeviceRecord`"),
    (
        "errors",
        "documented errors, e.g. `errors(400 => 1780101 \"Request param error.\" hint \"...\")`",
    ),
];

/// A parsed annotation: values with the spans problems point at.
#[derive(Default)]
pub struct Annotation {
    /// Service id.
    pub service: Option<(String, Span)>,
    /// Generated module path.
    pub module: Option<RustPath>,
    /// Runtime path.
    pub runtime: Option<RustPath>,
    /// Spec root.
    pub specs: Option<(String, Span)>,
    /// Endpoint id.
    pub id: Option<(String, Span)>,
    /// Page title.
    pub summary: Option<String>,
    /// Vendor page.
    pub source_url: Option<String>,
    /// Method.
    pub method: Option<(String, Span)>,
    /// Path template.
    pub path: Option<(String, Span)>,
    /// RPC action.
    pub action: Option<(String, Span)>,
    /// Auth scheme.
    pub auth: Option<(String, Span)>,
    /// Scopes.
    pub scopes: Vec<String>,
    /// Rate limit.
    pub rate_limit: Option<(u64, Span)>,
    /// Idempotent.
    pub idempotent: Option<bool>,
    /// Response type.
    pub response: Option<(String, Span)>,
    /// Errors.
    pub errors: Vec<ErrorItem>,
}

/// One documented error: `[retryable] [STATUS =>] CODE "message" [hint "..."] [as Name]`.
pub struct ErrorItem {
    /// Retry may succeed.
    pub retryable: bool,
    /// HTTP status.
    pub status: Option<u16>,
    /// Integer or string code.
    pub code: CodeValue,
    /// Message template.
    pub message: String,
    /// Hint.
    pub hint: Option<String>,
    /// Variant name.
    pub name: Option<String>,
    /// Where it was written.
    pub span: Span,
}

impl Parse for ErrorItem {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let span = input.span();
        let retryable = input.peek(syn::Ident) && input.fork().parse::<syn::Ident>()? == "retryable";
        if retryable {
            input.parse::<syn::Ident>()?;
        }
        let status = if input.peek(LitInt) && input.peek2(Token![=>]) {
            let status: LitInt = input.parse()?;
            input.parse::<Token![=>]>()?;
            Some(status.base10_parse::<u16>()?)
        } else {
            None
        };
        let code = if input.peek(LitInt) {
            CodeValue::Int(input.parse::<LitInt>()?.base10_parse()?)
        } else if input.peek(LitStr) && input.peek2(LitStr) {
            CodeValue::Str(input.parse::<LitStr>()?.value())
        } else {
            return Err(input.error("expected an error code: an integer, or a string followed by the message"));
        };
        let message = input
            .parse::<LitStr>()
            .map_err(|e| syn::Error::new(e.span(), "expected the vendor's message as a string after the code"))?
            .value();
        let mut item = ErrorItem {
            retryable,
            status,
            code,
            message,
            hint: None,
            name: None,
            span,
        };
        while !input.is_empty() && !input.peek(Token![,]) {
            if input.peek(Token![as]) {
                input.parse::<Token![as]>()?;
                item.name = Some(input.parse::<syn::Ident>()?.to_string());
                continue;
            }
            let word: syn::Ident = input.parse()?;
            if word != "hint" {
                return Err(syn::Error::new(
                    word.span(),
                    format!("unexpected `{word}`: after the message come `hint \"...\"` and `as VariantName`"),
                ));
            }
            item.hint = Some(input.parse::<LitStr>()?.value());
        }
        Ok(item)
    }
}

/// Parses the attribute: what could be read, every problem, and whether
/// every key was read (so that a key given wrongly is not also "missing").
pub fn parse(attr: TokenStream) -> (Annotation, Option<syn::Error>, bool) {
    let mut annotation = Annotation::default();
    let metas = match Punctuated::<Meta, Token![,]>::parse_terminated.parse2(attr) {
        Ok(metas) => metas,
        Err(e) => return (annotation, Some(e), false),
    };
    let mut problems: Option<syn::Error> = None;
    let mut complete = true;
    let mut seen: Vec<String> = Vec::new();
    for meta in metas {
        let key = meta.path().get_ident().map(ToString::to_string).unwrap_or_default();
        if seen.contains(&key) {
            push(
                &mut problems,
                syn::Error::new(meta.path().span(), format!("`{key}` is given twice")),
            );
            continue;
        }
        seen.push(key.clone());
        if let Err(e) = apply(&mut annotation, &key, &meta) {
            complete = false;
            push(&mut problems, e);
        }
    }
    (annotation, problems, complete)
}

/// Adds a problem to the collected ones.
pub fn push(problems: &mut Option<syn::Error>, error: syn::Error) {
    match problems {
        Some(all) => all.combine(error),
        None => *problems = Some(error),
    }
}

fn apply(a: &mut Annotation, key: &str, meta: &Meta) -> syn::Result<()> {
    if key == "errors" {
        let Meta::List(list) = meta else {
            return Err(syn::Error::new(meta.span(), "write `errors(CODE \"message\", ...)`"));
        };
        let items = Punctuated::<ErrorItem, Token![,]>::parse_terminated.parse2(list.tokens.clone())?;
        a.errors = items.into_iter().collect();
        return Ok(());
    }
    let Meta::NameValue(pair) = meta else {
        return Err(unknown_or_shape(key, meta.span()));
    };
    let value = &pair.value;
    match key {
        "service" => a.service = Some((ident(value, key)?, value.span())),
        "module" => a.module = Some(module_path(value, key)?),
        "runtime" => a.runtime = Some(module_path(value, key)?),
        "specs" => a.specs = Some((string(value, key)?, value.span())),
        "id" => a.id = Some((ident(value, key)?, value.span())),
        "summary" => a.summary = Some(string(value, key)?),
        "source_url" => a.source_url = Some(string(value, key)?),
        "method" => a.method = Some((ident(value, key)?, value.span())),
        "path" => a.path = Some((string(value, key)?, value.span())),
        "action" => a.action = Some((string(value, key)?, value.span())),
        "auth" => a.auth = Some((ident(value, key)?, value.span())),
        "scopes" => a.scopes = strings(value, key)?,
        "rate_limit" => a.rate_limit = Some((integer(value, key)?, value.span())),
        "idempotent" => a.idempotent = Some(boolean(value, key)?),
        "response" => a.response = Some((type_text(value, key)?, value.span())),
        _ => return Err(unknown_or_shape(key, meta.span())),
    }
    Ok(())
}

fn unknown_or_shape(key: &str, span: Span) -> syn::Error {
    if let Some((_, what)) = KEYS.iter().find(|(k, _)| *k == key) {
        return syn::Error::new(span, format!("`{key}` takes {what}"));
    }
    let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
    let suggestion = crate::diagnostic::closest(key, known.iter().copied())
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    syn::Error::new(
        span,
        format!("unknown key `{key}`{suggestion}; known keys: {}", known.join(", ")),
    )
}

fn expected(value: &Expr, key: &str) -> syn::Error {
    let what = KEYS.iter().find(|(k, _)| *k == key).map_or("", |(_, w)| *w);
    syn::Error::new(value.span(), format!("`{key}` takes {what}"))
}

fn ident(value: &Expr, key: &str) -> syn::Result<String> {
    match value {
        Expr::Path(p) => p
            .path
            .get_ident()
            .map(ToString::to_string)
            .ok_or_else(|| expected(value, key)),
        _ => Err(expected(value, key)),
    }
}

fn module_path(value: &Expr, key: &str) -> syn::Result<RustPath> {
    match value {
        Expr::Path(p) if p.qself.is_none() => RustPath::module(&p.path).ok_or_else(|| expected(value, key)),
        _ => Err(expected(value, key)),
    }
}

fn type_text(value: &Expr, key: &str) -> syn::Result<String> {
    match value {
        Expr::Path(p) => Ok(quote::quote!(#p).to_string().replace(' ', "")),
        _ => Err(expected(value, key)),
    }
}

fn string(value: &Expr, key: &str) -> syn::Result<String> {
    match value {
        Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => Ok(s.value()),
        _ => Err(expected(value, key)),
    }
}

fn strings(value: &Expr, key: &str) -> syn::Result<Vec<String>> {
    let Expr::Array(ExprArray { elems, .. }) = value else {
        return Err(expected(value, key));
    };
    elems.iter().map(|e| string(e, key)).collect()
}

fn integer(value: &Expr, key: &str) -> syn::Result<u64> {
    match value {
        Expr::Lit(ExprLit { lit: Lit::Int(i), .. }) => i.base10_parse(),
        _ => Err(expected(value, key)),
    }
}

fn boolean(value: &Expr, key: &str) -> syn::Result<bool> {
    match value {
        Expr::Lit(ExprLit { lit: Lit::Bool(b), .. }) => Ok(b.value),
        _ => Err(expected(value, key)),
    }
}
