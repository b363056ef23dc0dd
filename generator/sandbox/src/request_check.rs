//! Checks a request against its endpoint's spec, as the vendor's server
//! would: presence, JSON types, enum values, formats, lengths, forbidden
//! characters, exclusive groups and tag-dependent fields. The first problem
//! becomes a [`Refusal`] whose condition the spec maps to the vendor's error.
//!
//! The result is the request's arguments by wire name, typed (query text
//! parsed to numbers, MAC addresses in the documented style), for the
//! vendor-state handlers.

use std::collections::HashMap;

use apigen_runtime::values::{ColonLower, DashUpper, Day, MacAddress};
use serde_json::{Map, Number, Value};

use super::reply::Refusal;
use super::TypeLookup;
use apigen::model::{Condition, EndpointDef, EnumRepr, Field, MacStyle, ParamLocation, ParamStyle, TypeKind, TypeRef};

/// The request's parameters, by where they were sent.
pub struct Sources<'a> {
    /// Path parameters.
    pub path: &'a [(String, String)],
    /// Query (and, for RPC, form) parameters.
    pub query: Vec<&'a (String, String)>,
    /// The JSON body, when the endpoint has one.
    pub body: Option<&'a Map<String, Value>>,
    /// Form body parameters.
    pub form: Vec<&'a (String, String)>,
    /// Multipart body parts (text values as JSON strings, files as objects).
    pub multipart: &'a [(String, Value)],
    /// The longest text value taken ([`crate::Limits::max_text_bytes`]).
    pub max_text_bytes: usize,
}

impl Sources<'_> {
    /// The text pairs sent for a form parameter, or else the query's.
    fn pairs(&self, location: ParamLocation) -> &[&(String, String)] {
        match location {
            ParamLocation::Form => &self.form,
            _ => &self.query,
        }
    }
}

/// A raw value before typing: JSON from the body, or text from path/query.
#[derive(Clone, Copy)]
enum Raw<'a> {
    Json(&'a Value),
    Text(&'a str),
}

/// Checks the request; `Ok` holds the typed arguments by wire name.
pub fn check(
    endpoint: &EndpointDef,
    types: TypeLookup<'_>,
    sources: &Sources<'_>,
) -> Result<Map<String, Value>, Refusal> {
    let checker = RequestChecker {
        types,
        sources,
        locations: endpoint.params.iter().map(|p| (p.key.as_str(), p.location)).collect(),
        styled: styled(endpoint, types, sources),
    };
    let mut args = Map::new();
    // The validator declared the request struct; a request is never let
    // through unchecked because it could not be found.
    let Some(TypeKind::Struct { fields, .. }) = types.get(endpoint.request_type.as_str()).map(|t| &t.kind) else {
        return Err(Refusal::new(Condition::InternalFault));
    };
    for field in fields {
        checker.field(field, &mut args)?;
    }
    Ok(args)
}

struct RequestChecker<'a> {
    types: TypeLookup<'a>,
    sources: &'a Sources<'a>,
    locations: HashMap<&'a str, ParamLocation>,
    /// Styled query and form parameters read back into JSON, by key.
    styled: HashMap<&'a str, Value>,
}

/// Every styled parameter's value, read back from the pairs it was sent as.
fn styled<'a>(endpoint: &'a EndpointDef, types: TypeLookup<'a>, sources: &Sources<'_>) -> HashMap<&'a str, Value> {
    let Some(TypeKind::Struct { fields, .. }) = types.get(endpoint.request_type.as_str()).map(|t| &t.kind) else {
        return HashMap::new();
    };
    endpoint
        .params
        .iter()
        .filter(|p| p.style != ParamStyle::Plain)
        .filter_map(|p| {
            let field = fields.iter().find(|f| f.key == p.key)?;
            let sent = sources.pairs(p.location);
            super::styles::read(types, &field.ty, &p.wire, p.style, sent).map(|value| (p.key.as_str(), value))
        })
        .collect()
}

impl RequestChecker<'_> {
    /// One top-level field of the request struct.
    fn field(&self, field: &Field, args: &mut Map<String, Value>) -> Result<(), Refusal> {
        let kind = match &field.ty {
            TypeRef::Named(name) if field.flatten => self.types.get(name.as_str()).map(|t| &t.kind),
            _ => None,
        };
        match kind {
            Some(TypeKind::OneOf { members }) => self.one_of(field, members, args),
            Some(TypeKind::Tagged {
                tag_wire,
                tag_type,
                variants,
            }) => self.tagged(field, tag_wire, tag_type, variants, args),
            _ => self.plain(field, &field.wire, args),
        }
    }

    /// A field checked on its own; `subject` is what failures are about.
    fn plain(&self, field: &Field, subject: &str, args: &mut Map<String, Value>) -> Result<(), Refusal> {
        match self.raw(field) {
            None if field.required => {
                Err(Refusal::about(Condition::Missing, subject).with("parameter", field.wire.clone()))
            }
            None => Ok(()),
            Some(values) => {
                let value = self.typed(&field.ty, &values, subject)?;
                args.insert(field.key.clone(), value);
                Ok(())
            }
        }
    }

    /// Exactly one member of an exclusive group.
    fn one_of(&self, group: &Field, members: &[Field], args: &mut Map<String, Value>) -> Result<(), Refusal> {
        let present: Vec<&Field> = members.iter().filter(|m| self.raw(m).is_some()).collect();
        match present.as_slice() {
            [] if group.required => Err(Refusal::about(Condition::NoneOf, &group.wire).with(
                "parameters",
                members.iter().map(|m| m.wire.as_str()).collect::<Vec<_>>().join(","),
            )),
            [] => Ok(()),
            [one] => self.plain(one, &one.wire, args),
            several => Err(Refusal::about(Condition::SeveralOf, &group.wire).with(
                "parameters",
                several.iter().map(|m| m.wire.as_str()).collect::<Vec<_>>().join(","),
            )),
        }
    }

    /// A tag and the fields its value allows.
    fn tagged(
        &self,
        group: &Field,
        tag_wire: &str,
        tag_type: &str,
        variants: &[apigen::model::TaggedVariant],
        args: &mut Map<String, Value>,
    ) -> Result<(), Refusal> {
        let Some(raw) = self.raw_at(tag_wire, tag_wire) else {
            if group.required {
                return Err(Refusal::about(Condition::Missing, tag_wire).with("parameter", tag_wire));
            }
            return Ok(());
        };
        let tag = self.typed(&TypeRef::Named(tag_type.to_owned()), &raw, tag_wire)?;
        args.insert(tag_wire.to_owned(), tag.clone());
        let Some(TypeKind::Enum { values, .. }) = self.types.get(tag_type).map(|t| &t.kind) else {
            return Ok(());
        };
        let Some(variant_name) = values
            .iter()
            .find(|v| same_value(&v.value, &tag))
            .map(|v| v.name.as_str())
        else {
            return Ok(());
        };
        let case_of = |name: &str| match self.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct { fields, .. }) => fields.as_slice(),
            _ => &[],
        };
        let Some(variant) = variants.iter().find(|v| v.name == variant_name) else {
            return Err(Refusal::about(Condition::UnknownValue, tag_wire).with("parameter", tag_wire));
        };
        let case = case_of(&variant.case_type);
        let foreign = variants
            .iter()
            .flat_map(|v| case_of(&v.case_type))
            .find(|f| self.raw(f).is_some() && !case.iter().any(|c| c.wire == f.wire));
        if let Some(foreign) = foreign {
            return Err(Refusal::about(Condition::VariantMismatch, &group.wire).with("parameter", foreign.wire.clone()));
        }
        for field in case {
            if field.required && self.raw(field).is_none() {
                return Err(
                    Refusal::about(Condition::VariantMismatch, &group.wire).with("parameter", field.wire.clone())
                );
            }
            self.plain(field, &field.wire, args)?;
        }
        Ok(())
    }

    /// Every raw value sent for a field (several for a repeated query key).
    fn raw(&self, field: &Field) -> Option<Vec<Raw<'_>>> {
        self.raw_at(&field.key, &field.wire)
    }

    /// Every raw value sent under `wire` where the parameter keyed `key` goes.
    fn raw_at(&self, key: &str, wire: &str) -> Option<Vec<Raw<'_>>> {
        if let Some(value) = self.styled.get(key) {
            return Some(vec![Raw::Json(value)]);
        }
        // Every request field is a listed parameter; a name that is not is looked for in the body.
        let location = self.locations.get(key).copied().unwrap_or(ParamLocation::Body);
        let values: Vec<Raw<'_>> = match location {
            ParamLocation::Path => self
                .sources
                .path
                .iter()
                .filter(|(k, _)| k == wire)
                .map(|(_, v)| Raw::Text(v))
                .collect(),
            ParamLocation::Query | ParamLocation::Form => self
                .sources
                .pairs(location)
                .iter()
                .filter(|(k, _)| k == wire)
                .map(|(_, v)| Raw::Text(v))
                .collect(),
            ParamLocation::Body => self
                .sources
                .body
                .and_then(|body| body.get(wire))
                .filter(|v| !v.is_null())
                .map(Raw::Json)
                .into_iter()
                .collect(),
            ParamLocation::Multipart => self
                .sources
                .multipart
                .iter()
                .filter(|(k, _)| k == wire)
                .map(|(_, v)| match v {
                    Value::String(text) => Raw::Text(text),
                    file => Raw::Json(file),
                })
                .collect(),
        };
        (!values.is_empty()).then_some(values)
    }

    /// Types the raw value(s) of one field.
    fn typed(&self, ty: &TypeRef, values: &[Raw<'_>], subject: &str) -> Result<Value, Refusal> {
        match (ty, values) {
            (TypeRef::Array(inner), [Raw::Json(Value::Array(items))]) => items
                .iter()
                .map(|item| self.value(inner, Raw::Json(item), subject))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            (TypeRef::Array(_), [Raw::Json(_)]) => Err(wrong_type(subject)),
            (TypeRef::Array(inner), texts) => texts
                .iter()
                .map(|raw| self.value(inner, *raw, subject))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            (_, [one]) => self.value(ty, *one, subject),
            // A scalar sent twice: the vendor cannot tell which one is meant.
            (_, _) => Err(wrong_type(subject)),
        }
    }

    /// Text within the length the sandbox takes (and may keep in its state).
    fn text<'v>(&self, raw: Raw<'v>, subject: &str) -> Result<&'v str, Refusal> {
        let text = match raw {
            Raw::Json(Value::String(s)) => s.as_str(),
            Raw::Text(t) => t,
            Raw::Json(_) => return Err(wrong_type(subject)),
        };
        let max = self.sources.max_text_bytes;
        if text.len() > max {
            return Err(Refusal::about(Condition::TooLong, subject)
                .with("parameter", subject)
                .with("max_length", max.to_string()));
        }
        Ok(text)
    }

    /// Types one raw value.
    fn value(&self, ty: &TypeRef, raw: Raw<'_>, subject: &str) -> Result<Value, Refusal> {
        match ty {
            TypeRef::String => self.text(raw, subject).map(|s| Value::String(s.to_owned())),
            TypeRef::Integer => integer(raw, subject).map(Value::from),
            TypeRef::Number => number(raw, subject),
            TypeRef::Boolean => match raw {
                Raw::Json(Value::Bool(b)) => Ok(Value::Bool(*b)),
                Raw::Text("true") => Ok(Value::Bool(true)),
                Raw::Text("false") => Ok(Value::Bool(false)),
                _ => Err(wrong_type(subject)),
            },
            // The spec does not describe these; the sandbox takes them as sent.
            TypeRef::Json | TypeRef::Rust(_) => Ok(match raw {
                Raw::Json(v) => v.clone(),
                Raw::Text(t) => Value::String(t.to_owned()),
            }),
            TypeRef::MacAddress(style) => {
                let text = self.text(raw, subject)?;
                let canonical = match style {
                    MacStyle::ColonLower => MacAddress::<ColonLower>::parse(text).map(|m| m.to_string()),
                    MacStyle::DashUpper => MacAddress::<DashUpper>::parse(text).map(|m| m.to_string()),
                };
                canonical
                    .map(Value::String)
                    .map_err(|_| Refusal::about(Condition::BadFormat, subject).with("parameter", subject))
            }
            TypeRef::Day => {
                let text = self.text(raw, subject)?;
                Day::parse(text)
                    .map(|_| Value::String(text.to_owned()))
                    .map_err(|_| Refusal::about(Condition::BadFormat, subject).with("parameter", subject))
            }
            TypeRef::Named(name) => self.named(name, raw, subject),
            // A file part (the sandbox keeps its name, type and size, not its bytes).
            TypeRef::File => match raw {
                Raw::Json(file @ Value::Object(_)) => Ok(file.clone()),
                _ => Err(wrong_type(subject)),
            },
            TypeRef::Array(inner) => match raw {
                Raw::Json(Value::Array(items)) => items
                    .iter()
                    .map(|item| self.value(inner, Raw::Json(item), subject))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::Array),
                _ => Err(wrong_type(subject)),
            },
            // A map arrives as a JSON object in a body, or as JSON text in a query.
            TypeRef::Map(inner) => {
                let parsed;
                let object = match raw {
                    Raw::Json(Value::Object(object)) => object,
                    Raw::Text(text) => {
                        parsed = serde_json::from_str::<Value>(text).map_err(|_| wrong_type(subject))?;
                        parsed.as_object().ok_or_else(|| wrong_type(subject))?
                    }
                    Raw::Json(_) => return Err(wrong_type(subject)),
                };
                object
                    .iter()
                    .map(|(key, item)| Ok((key.clone(), self.value(inner, Raw::Json(item), subject)?)))
                    .collect::<Result<Map<String, Value>, Refusal>>()
                    .map(Value::Object)
            }
        }
    }

    fn named(&self, name: &str, raw: Raw<'_>, subject: &str) -> Result<Value, Refusal> {
        let Some(def) = self.types.get(name) else {
            return Ok(match raw {
                Raw::Json(v) => v.clone(),
                Raw::Text(t) => Value::String(t.to_owned()),
            });
        };
        match &def.kind {
            TypeKind::Enum { repr, values } => {
                let value = match repr {
                    EnumRepr::Integer => Value::from(integer(raw, subject)?),
                    EnumRepr::String => Value::String(self.text(raw, subject)?.to_owned()),
                };
                if values.iter().any(|v| same_value(&v.value, &value)) {
                    Ok(value)
                } else {
                    Err(Refusal::about(Condition::UnknownValue, subject).with("parameter", subject))
                }
            }
            TypeKind::Constrained {
                min_length,
                max_length,
                forbidden,
            } => {
                let text = self.text(raw, subject)?;
                let length = text.chars().count() as u64;
                if let Some(max) = max_length.filter(|max| length > *max) {
                    return Err(Refusal::about(Condition::TooLong, subject)
                        .with("parameter", subject)
                        .with("max_length", max.to_string()));
                }
                if let Some(min) = min_length.filter(|min| length < *min) {
                    return Err(Refusal::about(Condition::TooShort, subject)
                        .with("parameter", subject)
                        .with("min_length", min.to_string()));
                }
                if text.contains(forbidden.as_slice()) {
                    return Err(Refusal::about(Condition::ForbiddenChars, subject).with("parameter", subject));
                }
                Ok(Value::String(text.to_owned()))
            }
            TypeKind::Struct { fields, .. } => {
                let Raw::Json(Value::Object(object)) = raw else {
                    return Err(wrong_type(subject));
                };
                let mut out = Map::new();
                for field in fields {
                    match object.get(&field.wire).filter(|v| !v.is_null()) {
                        None if field.required => {
                            return Err(Refusal::about(Condition::Missing, subject)
                                .with("parameter", format!("{subject}.{}", field.wire)))
                        }
                        None => {}
                        Some(v) => {
                            out.insert(field.wire.clone(), self.value(&field.ty, Raw::Json(v), subject)?);
                        }
                    }
                }
                Ok(Value::Object(out))
            }
            // Groups only occur flattened at the top level (handled there).
            TypeKind::OneOf { .. } | TypeKind::Tagged { .. } => Ok(match raw {
                Raw::Json(v) => v.clone(),
                Raw::Text(t) => Value::String(t.to_owned()),
            }),
        }
    }
}

fn wrong_type(subject: &str) -> Refusal {
    Refusal::about(Condition::WrongType, subject).with("parameter", subject)
}

fn integer(raw: Raw<'_>, subject: &str) -> Result<i64, Refusal> {
    match raw {
        Raw::Json(v) => v.as_i64().ok_or_else(|| wrong_type(subject)),
        Raw::Text(t) => t.trim().parse().map_err(|_| wrong_type(subject)),
    }
}

fn number(raw: Raw<'_>, subject: &str) -> Result<Value, Refusal> {
    let n = match raw {
        Raw::Json(v) => v.as_f64(),
        Raw::Text(t) => t.trim().parse().ok(),
    };
    n.and_then(Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| wrong_type(subject))
}

/// Whether a spec'd enum value equals a JSON value.
fn same_value(spec: &apigen::model::Literal, value: &Value) -> bool {
    match spec {
        apigen::model::Literal::Int(i) => value.as_i64() == Some(*i),
        apigen::model::Literal::Str(s) => value.as_str() == Some(s.as_str()),
    }
}
