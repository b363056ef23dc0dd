//! Declaring every type name of a service before any reference is resolved,
//! so references work in any order and two types can never share a name.

use std::collections::HashMap;
use std::path::PathBuf;

use indexmap::IndexMap;

use super::SpecChecker;
use crate::naming::{is_upper_camel, type_name};
use crate::spec::ast::{EndpointFile, ServiceFile, Shape};

/// Which side of the wire a shape describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// Values the client sends: constraints become checked types.
    Request,
    /// Values the vendor sends: kept as sent, never rejected for a constraint.
    Response,
    /// Shared `types:`, used as declared.
    Shared,
}

/// Every declared type name and where it was declared.
#[derive(Default)]
pub(crate) struct Names {
    declared: HashMap<String, (PathBuf, String)>,
}

/// Whether a shape becomes a constrained string type (with a `<Name>Rules` type).
fn is_constrained(shape: &Shape) -> bool {
    let limited = shape.max_length.is_some() || shape.min_length.is_some() || shape.forbidden_chars.is_some();
    limited && shape.enum_values.is_none() && shape.fields.is_none() && shape.format.is_none()
}

/// The Rust name an inline shape gets, if it needs a type of its own.
pub(crate) fn inline_name(parent: &str, wire: &str, shape: &Shape, side: Side) -> Option<String> {
    let constrained = shape.max_length.is_some() || shape.min_length.is_some() || shape.forbidden_chars.is_some();
    let needs_type = shape.enum_values.is_some()
        || shape.fields.is_some()
        || (constrained && side != Side::Response && shape.format.is_none());
    needs_type.then(|| {
        shape
            .name
            .clone()
            .unwrap_or_else(|| format!("{parent}{}", type_name(wire)))
    })
}

/// Names of an endpoint's generated items, from its id unless the spec overrides them.
pub(crate) struct EndpointNames {
    pub(crate) base: String,
    pub(crate) request: String,
    pub(crate) response: String,
    pub(crate) error: String,
}

impl EndpointNames {
    pub(crate) fn of(doc: &EndpointFile) -> Self {
        let base = type_name(&doc.id);
        EndpointNames {
            request: doc.request.name.clone().unwrap_or_else(|| format!("{base}Request")),
            response: doc.response.name.clone().unwrap_or_else(|| format!("{base}Response")),
            error: format!("{base}Error"),
            base,
        }
    }
}

impl Names {
    /// Whether `name` is a declared type.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.declared.contains_key(name)
    }

    /// Every declared name, for suggestions.
    pub(crate) fn all(&self) -> impl Iterator<Item = &str> {
        self.declared.keys().map(String::as_str)
    }

    fn declare<T>(&mut self, check: &mut SpecChecker<'_, T>, path: &str, name: &str) {
        if !is_upper_camel(name) {
            check.error(
                path,
                format!(
                    "type name `{name}` must be UpperCamelCase ASCII, e.g. `{}`; an inline shape \
                     whose wire name gives none takes a `name:`",
                    type_name(&crate::naming::ascii_identifier(&type_name(name)))
                ),
            );
            return;
        }
        let here = (check.file().to_owned(), path.to_owned());
        if let Some((file, first)) = self.declared.get(name) {
            check.error(
                path,
                format!(
                    "type name `{name}` is already used by `{first}` in {}; give one of them another `name`",
                    file.display()
                ),
            );
            return;
        }
        self.declared.insert(name.to_owned(), here);
    }

    /// Declares a constrained string's type and the `<Name>Rules` type that
    /// states its rules, so neither can meet a declared name.
    fn declare_constrained<T>(&mut self, check: &mut SpecChecker<'_, T>, path: &str, name: &str) {
        self.declare(check, path, name);
        if is_upper_camel(name) {
            self.declare(check, path, &format!("{name}Rules"));
        }
    }

    /// Declares `types:` and the inline types inside them.
    pub(crate) fn declare_service(&mut self, check: &mut SpecChecker<'_, ServiceFile>, doc: &ServiceFile) {
        for (name, shape) in &doc.types {
            let path = format!("types.{name}");
            if is_constrained(shape) {
                self.declare_constrained(check, &path, name);
            } else {
                self.declare(check, &path, name);
            }
            if let Some(fields) = &shape.fields {
                self.declare_fields(check, &format!("{path}.fields"), name, fields, Side::Shared);
            }
        }
    }

    /// Declares an endpoint's request, response, error, group and inline types.
    pub(crate) fn declare_endpoint(&mut self, check: &mut SpecChecker<'_, EndpointFile>, doc: &EndpointFile) {
        let names = EndpointNames::of(doc);
        self.declare(check, "request.name", &names.request);
        self.declare(check, "response.name", &names.response);
        self.declare(check, "id", &names.error);
        for location in ["path", "query", "body", "form", "multipart"] {
            let fields = match location {
                "path" => &doc.request.path,
                "query" => &doc.request.query,
                "form" => &doc.request.form,
                "multipart" => &doc.request.multipart,
                _ => &doc.request.body,
            };
            self.declare_fields(
                check,
                &format!("request.{location}"),
                &names.request,
                fields,
                Side::Request,
            );
        }
        for (i, group) in doc.request.one_of.iter().enumerate() {
            self.declare(check, &format!("request.one_of[{i}].name"), &group.name);
        }
        if let Some(variants) = &doc.request.variants {
            self.declare(check, "request.variants.name", &variants.name);
            for (i, case) in variants.cases.iter().enumerate() {
                self.declare(check, &format!("request.variants.cases[{i}].name"), &case.name);
            }
        }
        self.declare_fields(
            check,
            "response.fields",
            &names.response,
            &doc.response.fields,
            Side::Response,
        );
    }

    fn declare_fields<T>(
        &mut self,
        check: &mut SpecChecker<'_, T>,
        path: &str,
        parent: &str,
        fields: &IndexMap<String, Shape>,
        side: Side,
    ) {
        for (wire, shape) in fields {
            let field_path = format!("{path}.{wire}");
            if let Some(name) = inline_name(parent, wire, shape, side) {
                if is_constrained(shape) {
                    self.declare_constrained(check, &field_path, &name);
                } else {
                    self.declare(check, &field_path, &name);
                }
                if let Some(inner) = &shape.fields {
                    self.declare_fields(check, &format!("{field_path}.fields"), &name, inner, side);
                }
            }
        }
    }
}
