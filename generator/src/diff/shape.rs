//! The shapes of a service's types: fields, enum values, checked strings,
//! exclusive groups and tagged unions.
//!
//! Types are matched by their Rust name and each pair is compared once. A
//! change inside a type an endpoint owns is reported on that endpoint at the
//! field's wire path (`response.items[].id`); one inside a shared type, once
//! for the service (`type Ownership`).

use std::collections::{HashMap, HashSet};

use super::change::{Change, ChangeKind, Severity};
use crate::model::{Directions, EnumValue, Field, Param, ResponseType, Service, TypeDef, TypeKind, TypeRef};

/// Which service and endpoint a change is in.
pub(super) struct Where<'a> {
    /// The service id.
    pub(super) service: &'a str,
    /// The endpoint id, if any.
    pub(super) endpoint: Option<&'a str>,
}

impl Where<'_> {
    /// A change here, at `at`.
    pub(super) fn change(&self, at: &str, kind: ChangeKind, severity: Severity, consequence: String) -> Change {
        Change {
            service: self.service.to_owned(),
            endpoint: self.endpoint.map(str::to_owned),
            at: at.to_owned(),
            kind,
            severity,
            old: None,
            new: None,
            consequence,
        }
    }
}

/// Where a type is reported: its owner endpoint (if any), the wire path
/// that reaches it, and whether its fields are the request's parameters
/// (the request struct, and the groups and cases flattened into it).
struct Place<'a> {
    endpoint: Option<&'a str>,
    path: String,
    params: bool,
}

/// Compares every type the two versions share by name, and reports shared
/// types added or removed.
pub(super) fn types(old: &Service, new: &Service, changes: &mut Vec<Change>) {
    let old_types = old.type_index();
    let new_params = param_index(new);
    let places = places(new, &new_params);
    let old_params = param_index(old);
    for def in new.all_types() {
        let Some(before) = old_types.get(def.name.as_str()) else {
            continue;
        };
        let place = places.get(def.name.as_str());
        let endpoint = place.and_then(|p| p.endpoint);
        let at = Where {
            service: &new.id,
            endpoint,
        };
        let prefix = place.map_or_else(|| format!("type {}", def.name), |p| p.path.clone());
        // The fields of a request (and of what is flattened into it) are
        // its parameters, reported by location.
        let params = place.is_some_and(|p| p.params);
        let locations = endpoint.filter(|_| params).and_then(|id| new_params.get(id));
        let old_locations = endpoint.filter(|_| params).and_then(|id| old_params.get(id));
        let mut compare = Compare {
            at: &at,
            prefix: &prefix,
            name: &def.name,
            directions: def.directions.union(before.directions),
            locations,
            old_locations,
            changes,
        };
        compare.defs(before, def);
    }
    let old_shared: HashSet<&str> = old.types.iter().map(|t| t.name.as_str()).collect();
    let new_shared: HashSet<&str> = new.types.iter().map(|t| t.name.as_str()).collect();
    let at = Where {
        service: &new.id,
        endpoint: None,
    };
    for def in new.types.iter().filter(|t| !old_shared.contains(t.name.as_str())) {
        changes.push(at.change(
            &format!("type {}", def.name),
            ChangeKind::FieldAdded,
            Severity::Minor,
            format!("a new shared type `{}`", def.name),
        ));
    }
    for def in old.types.iter().filter(|t| !new_shared.contains(t.name.as_str())) {
        changes.push(at.change(
            &format!("type {}", def.name),
            ChangeKind::FieldRemoved,
            Severity::Major,
            format!(
                "the shared type `{}` is gone: code that names it no longer compiles",
                def.name
            ),
        ));
    }
}

/// Each endpoint's parameters by their key in the request struct.
type ParamIndex<'s> = HashMap<&'s str, HashMap<&'s str, &'s Param>>;

/// The [`ParamIndex`] of a service.
fn param_index(service: &Service) -> ParamIndex<'_> {
    service
        .endpoints
        .iter()
        .map(|e| (e.id.as_str(), e.params.iter().map(|p| (p.key.as_str(), p)).collect()))
        .collect()
}

/// For each type an endpoint owns, the endpoint and the first wire path
/// that reaches it from the request or the response: one walk over each
/// endpoint's own types.
fn places<'s>(service: &'s Service, params: &ParamIndex<'s>) -> HashMap<&'s str, Place<'s>> {
    let mut places: HashMap<&str, Place<'_>> = HashMap::new();
    for endpoint in &service.endpoints {
        let own: HashMap<&str, &TypeDef> = endpoint.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let no_params = HashMap::new();
        let location = params.get(endpoint.id.as_str()).unwrap_or(&no_params);
        let mut queue = vec![(endpoint.request_type.as_str(), "request".to_owned(), true)];
        if let ResponseType::Generated(name) = &endpoint.response_type {
            queue.push((name.as_str(), "response".to_owned(), false));
        }
        while let Some((name, path, params)) = queue.pop() {
            let Some(def) = own.get(name) else { continue };
            if places.contains_key(name) {
                continue;
            }
            for child in children(&def.kind) {
                let here = match location.get(child.wire).filter(|_| params) {
                    Some(param) => format!("request.{}.{}", location_name(param), param.wire),
                    None => format!("{path}.{}", child.wire),
                };
                queue.push((
                    child.type_name,
                    format!("{here}{}", child.suffix),
                    params && child.flattened,
                ));
            }
            places.insert(
                name,
                Place {
                    endpoint: Some(&endpoint.id),
                    path,
                    params,
                },
            );
        }
    }
    places
}

/// A named type one of a type's values holds.
struct Child<'a> {
    /// The field's wire name, or a tagged union's case name.
    wire: &'a str,
    /// The type it holds, under `suffix`.
    type_name: &'a str,
    /// `[]` / `{}` for each array and map around it.
    suffix: String,
    /// Whether its fields are sent as if they were the parent's own (a
    /// flattened group, a tagged union's case).
    flattened: bool,
}

/// The named types a type's values hold.
fn children(kind: &TypeKind) -> Vec<Child<'_>> {
    fn field(f: &Field) -> Option<Child<'_>> {
        match innermost(&f.ty) {
            (TypeRef::Named(name), suffix) => Some(Child {
                wire: &f.key,
                type_name: name,
                suffix,
                flattened: f.flatten,
            }),
            _ => None,
        }
    }
    match kind {
        TypeKind::Struct { fields, .. } | TypeKind::OneOf { members: fields } => {
            fields.iter().filter_map(field).collect()
        }
        TypeKind::Tagged {
            tag_wire,
            tag_type,
            variants,
        } => std::iter::once(Child {
            wire: tag_wire,
            type_name: tag_type,
            suffix: String::new(),
            flattened: false,
        })
        .chain(variants.iter().map(|v| Child {
            wire: &v.name,
            type_name: &v.case_type,
            suffix: String::new(),
            flattened: true,
        }))
        .collect(),
        TypeKind::Enum { .. } | TypeKind::Constrained { .. } => Vec::new(),
    }
}

pub(super) fn location_name(param: &Param) -> &'static str {
    use crate::model::ParamLocation::*;
    match param.location {
        Path => "path",
        Query => "query",
        Body => "body",
        Form => "form",
        Multipart => "multipart",
    }
}

/// The element type under arrays and maps, with `[]` / `{}` for each.
fn innermost(mut ty: &TypeRef) -> (&TypeRef, String) {
    let mut suffix = String::new();
    loop {
        match ty {
            TypeRef::Array(inner) => {
                suffix.push_str("[]");
                ty = inner;
            }
            TypeRef::Map(inner) => {
                suffix.push_str("{}");
                ty = inner;
            }
            _ => return (ty, suffix),
        }
    }
}

/// A type expression as a spec writes it.
pub(super) fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".to_owned(),
        TypeRef::Integer => "integer".to_owned(),
        TypeRef::Number => "number".to_owned(),
        TypeRef::Boolean => "boolean".to_owned(),
        TypeRef::Json => "object".to_owned(),
        TypeRef::MacAddress(style) => format!("mac_address ({style:?})"),
        TypeRef::Day => "yyyyMMdd".to_owned(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Array(inner) => format!("{}[]", type_text(inner)),
        TypeRef::Map(inner) => format!("{}{{}}", type_text(inner)),
        TypeRef::File => "file".to_owned(),
        TypeRef::Rust(rust) => format!("rust:{}", rust.tokens()),
    }
}

/// One pair of same-named types being compared.
struct Compare<'a, 'c> {
    at: &'a Where<'a>,
    prefix: &'a str,
    name: &'a str,
    directions: Directions,
    /// For a request struct, where each field is sent, after and before.
    locations: Option<&'a HashMap<&'a str, &'a Param>>,
    old_locations: Option<&'a HashMap<&'a str, &'a Param>>,
    changes: &'c mut Vec<Change>,
}

impl Compare<'_, '_> {
    fn push(&mut self, here: String, kind: ChangeKind, severity: Severity, consequence: String) {
        self.changes.push(self.at.change(&here, kind, severity, consequence));
    }

    /// A change with the values before and after.
    fn push_values(
        &mut self,
        here: String,
        kind: ChangeKind,
        severity: Severity,
        consequence: String,
        values: (Option<String>, Option<String>),
    ) {
        self.changes.push(
            self.at
                .change(&here, kind, severity, consequence)
                .values(values.0, values.1),
        );
    }

    fn sent(&self) -> bool {
        self.directions.serialize
    }

    fn defs(&mut self, old: &TypeDef, new: &TypeDef) {
        if old.description != new.description {
            let here = self.prefix.to_owned();
            self.push(
                here,
                ChangeKind::DocsChanged,
                Severity::Patch,
                "the doc comment changes".to_owned(),
            );
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct { fields: a, .. }, TypeKind::Struct { fields: b, .. }) => self.fields(a, b),
            (TypeKind::Enum { repr: ra, values: a }, TypeKind::Enum { repr: rb, values: b }) => {
                if ra != rb {
                    self.retyped(self.prefix.to_owned(), format!("{ra:?} enum"), format!("{rb:?} enum"));
                } else {
                    self.values(a, b);
                }
            }
            (
                TypeKind::Constrained {
                    min_length: min_a,
                    max_length: max_a,
                    forbidden: fa,
                },
                TypeKind::Constrained {
                    min_length: min_b,
                    max_length: max_b,
                    forbidden: fb,
                },
            ) => self.constraints((*min_a, *max_a, fa), (*min_b, *max_b, fb)),
            (TypeKind::OneOf { members: a }, TypeKind::OneOf { members: b }) => self.members(a, b),
            (
                TypeKind::Tagged {
                    tag_wire: ta,
                    variants: a,
                    ..
                },
                TypeKind::Tagged {
                    tag_wire: tb,
                    variants: b,
                    ..
                },
            ) => {
                if ta != tb {
                    let here = self.prefix.to_owned();
                    self.push_values(
                        here,
                        ChangeKind::VariantsChanged,
                        Severity::Patch,
                        "the tag is sent under another key; the variants are the same".to_owned(),
                        (Some(ta.clone()), None),
                    );
                }
                self.cases(a, b);
            }
            (a, b) => self.retyped(self.prefix.to_owned(), kind_text(a).to_owned(), kind_text(b).to_owned()),
        }
    }

    fn retyped(&mut self, here: String, old: String, new: String) {
        let name = self.name.to_owned();
        let consequence = format!("`{name}` has another type: code that builds or reads it no longer compiles");
        self.push_values(
            here,
            ChangeKind::FieldRetyped,
            Severity::Major,
            consequence,
            (Some(old), Some(new)),
        );
    }

    fn fields(&mut self, old: &[Field], new: &[Field]) {
        let before: HashMap<&str, &Field> = old.iter().map(|f| (f.key.as_str(), f)).collect();
        let keys: HashSet<&str> = new.iter().map(|f| f.key.as_str()).collect();
        for field in new {
            let here = self.field_path(field);
            match before.get(field.key.as_str()) {
                Some(was) => self.field(here, was, field),
                None => self.added(here, field),
            }
        }
        for field in old.iter().filter(|f| !keys.contains(f.key.as_str())) {
            let here = self.field_path(field);
            let consequence = format!(
                "`{}.{}` is gone: code that sets or reads it no longer compiles",
                self.name, field.rust
            );
            self.push(here, ChangeKind::FieldRemoved, Severity::Major, consequence);
        }
    }

    /// `request.query.locale` for a parameter (of the new tree, or of the
    /// old one for a field that is gone), `<prefix>.<wire>` otherwise.
    fn field_path(&self, field: &Field) -> String {
        let param = self
            .locations
            .and_then(|l| l.get(field.key.as_str()))
            .or_else(|| self.old_locations.and_then(|l| l.get(field.key.as_str())));
        match param {
            Some(param) => format!("request.{}.{}", location_name(param), param.wire),
            None => format!("{}.{}", self.prefix, field.wire),
        }
    }

    fn added(&mut self, here: String, field: &Field) {
        let (name, rust) = (self.name.to_owned(), field.rust.clone());
        let (severity, consequence) = match (field.required, self.sent()) {
            (true, true) => (
                Severity::Major,
                format!("`{name}::new` takes a new argument, `{rust}`: every caller must pass it"),
            ),
            (true, false) => (
                Severity::Major,
                format!(
                    "`{name}::new` takes a new argument, `{rust}`: code that builds this reply (a mock, a test) must \
                     pass it; code that reads replies is unaffected"
                ),
            ),
            (false, true) => (
                Severity::Minor,
                format!("new optional `{name}.{rust}` to set; callers that leave it out are unaffected"),
            ),
            (false, false) => (Severity::Minor, format!("new optional `{name}.{rust}` to read")),
        };
        self.push_values(
            here,
            ChangeKind::FieldAdded,
            severity,
            consequence,
            (None, Some(type_text(&field.ty))),
        );
    }

    fn field(&mut self, here: String, old: &Field, new: &Field) {
        let name = self.name.to_owned();
        if old.rust != new.rust {
            self.push_values(
                here.clone(),
                ChangeKind::FieldRenamed,
                Severity::Major,
                format!(
                    "the Rust field is now `{name}.{}`: code that names `{}` no longer compiles",
                    new.rust, old.rust
                ),
                (Some(old.rust.clone()), Some(new.rust.clone())),
            );
        }
        if old.required != new.required {
            let consequence = match (new.required, self.sent()) {
                (true, true) => format!(
                    "`{}` is required now: `{name}::new` takes it, and it is no longer an `Option`",
                    new.rust
                ),
                (false, true) => format!(
                    "`{}` is optional now: it leaves `{name}::new` and becomes an `Option`",
                    new.rust
                ),
                (true, false) => format!("`{}` is always present now: it is no longer an `Option`", new.rust),
                (false, false) => format!("`{}` may be absent now: it becomes an `Option`", new.rust),
            };
            self.push_values(
                here.clone(),
                ChangeKind::RequiredChanged,
                Severity::Major,
                consequence,
                (
                    Some(required_text(old.required).to_owned()),
                    Some(required_text(new.required).to_owned()),
                ),
            );
        }
        if old.ty != new.ty {
            let consequence = format!(
                "`{name}.{}` is a `{}` now, not a `{}`: code that builds or reads it no longer compiles",
                new.rust,
                type_text(&new.ty),
                type_text(&old.ty)
            );
            self.push_values(
                here.clone(),
                ChangeKind::FieldRetyped,
                Severity::Major,
                consequence,
                (Some(type_text(&old.ty)), Some(type_text(&new.ty))),
            );
        }
        if old.item_key != new.item_key || old.aliases != new.aliases || old.wire != new.wire {
            self.push(
                here.clone(),
                ChangeKind::ParamMoved,
                Severity::Patch,
                "the field is read or written under other keys on the wire; its Rust type is the same".to_owned(),
            );
        }
        if old.description != new.description {
            self.push(
                here,
                ChangeKind::DocsChanged,
                Severity::Patch,
                "the doc comment changes".to_owned(),
            );
        }
    }

    fn values(&mut self, old: &[EnumValue], new: &[EnumValue]) {
        let before: HashMap<String, &EnumValue> = old.iter().map(|v| (v.value.to_string(), v)).collect();
        let now: HashSet<String> = new.iter().map(|v| v.value.to_string()).collect();
        let name = self.name.to_owned();
        for value in new {
            let key = value.value.to_string();
            let here = format!("{}[{key}]", self.prefix);
            match before.get(&key) {
                None => {
                    let consequence = if self.directions.deserialize {
                        format!(
                            "new variant `{name}::{}`; until now the value decoded as `{name}::Other({key})`, and a \
                             match's `_` arm takes it",
                            value.name
                        )
                    } else {
                        format!("new variant `{name}::{}` to send", value.name)
                    };
                    self.push(here, ChangeKind::EnumValueAdded, Severity::Minor, consequence);
                }
                Some(was) => {
                    if was.name != value.name {
                        self.push_values(
                            here.clone(),
                            ChangeKind::EnumValueRenamed,
                            Severity::Major,
                            format!(
                                "the variant is now `{name}::{}`: code that names `{}` no longer compiles",
                                value.name, was.name
                            ),
                            (Some(was.name.clone()), Some(value.name.clone())),
                        );
                    }
                    if was.label != value.label {
                        self.push_values(
                            here,
                            ChangeKind::EnumLabelChanged,
                            Severity::Patch,
                            "`label()` returns other words".to_owned(),
                            (was.label.clone(), value.label.clone()),
                        );
                    }
                }
            }
        }
        for value in old.iter().filter(|v| !now.contains(&v.value.to_string())) {
            let key = value.value.to_string();
            let consequence = format!(
                "`{name}::{}` is gone: code that names it no longer compiles, and the value decodes as `Other({key})`",
                value.name
            );
            self.push(
                format!("{}[{key}]", self.prefix),
                ChangeKind::EnumValueRemoved,
                Severity::Major,
                consequence,
            );
        }
    }

    fn constraints(
        &mut self,
        (min_a, max_a, forbidden_a): (Option<u64>, Option<u64>, &Vec<char>),
        (min_b, max_b, forbidden_b): (Option<u64>, Option<u64>, &Vec<char>),
    ) {
        let tighter_max = match (max_a, max_b) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b < a,
            _ => false,
        };
        let tighter_min = match (min_a, min_b) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b > a,
            _ => false,
        };
        let more_forbidden = forbidden_b.iter().any(|c| !forbidden_a.contains(c));
        if (min_a, max_a, forbidden_a) == (min_b, max_b, forbidden_b) {
            return;
        }
        let name = self.name.to_owned();
        let (severity, consequence) = if tighter_max || tighter_min || more_forbidden {
            (
                Severity::Major,
                format!("`{name}::new` refuses values it accepted before (the rules are stricter)"),
            )
        } else {
            (
                Severity::Patch,
                format!("`{name}::new` accepts more values (the rules are looser)"),
            )
        };
        let text = |min: Option<u64>, max: Option<u64>, forbidden: &Vec<char>| {
            format!("min={min:?} max={max:?} forbidden={forbidden:?}")
        };
        let here = self.prefix.to_owned();
        self.push_values(
            here,
            ChangeKind::ConstraintChanged,
            severity,
            consequence,
            (
                Some(text(min_a, max_a, forbidden_a)),
                Some(text(min_b, max_b, forbidden_b)),
            ),
        );
    }

    fn members(&mut self, old: &[Field], new: &[Field]) {
        let before: HashMap<&str, &Field> = old.iter().map(|f| (f.wire.as_str(), f)).collect();
        let now: HashSet<&str> = new.iter().map(|f| f.wire.as_str()).collect();
        let name = self.name.to_owned();
        for member in new {
            let here = format!("{}.{}", self.prefix, member.wire);
            match before.get(member.wire.as_str()) {
                None => {
                    self.push(
                        here,
                        ChangeKind::ExclusiveGroupChanged,
                        Severity::Minor,
                        format!("`{name}` gains a variant for `{}`", member.wire),
                    );
                }
                Some(was) if was.ty != member.ty => self.retyped(here, type_text(&was.ty), type_text(&member.ty)),
                Some(_) => {}
            }
        }
        for member in old.iter().filter(|m| !now.contains(m.wire.as_str())) {
            self.push(
                format!("{}.{}", self.prefix, member.wire),
                ChangeKind::ExclusiveGroupChanged,
                Severity::Major,
                format!(
                    "`{name}` loses its variant for `{}`: code that builds it no longer compiles",
                    member.wire
                ),
            );
        }
    }

    fn cases(&mut self, old: &[crate::model::TaggedVariant], new: &[crate::model::TaggedVariant]) {
        let before: HashMap<&str, &crate::model::TaggedVariant> = old.iter().map(|v| (v.name.as_str(), v)).collect();
        let now: HashSet<&str> = new.iter().map(|v| v.name.as_str()).collect();
        let name = self.name.to_owned();
        for case in new {
            let here = format!("{}.{}", self.prefix, case.name);
            match before.get(case.name.as_str()) {
                None => {
                    self.push(
                        here,
                        ChangeKind::VariantsChanged,
                        Severity::Minor,
                        format!("`{name}` gains the variant `{}`", case.name),
                    );
                }
                Some(was) if was.case_type != case.case_type => {
                    self.push_values(
                        here,
                        ChangeKind::TypeRenamed,
                        Severity::Major,
                        format!(
                            "`{name}::{}` holds a `{}` now: code that builds it no longer compiles",
                            case.name, case.case_type
                        ),
                        (Some(was.case_type.clone()), Some(case.case_type.clone())),
                    );
                }
                Some(_) => {}
            }
        }
        for case in old.iter().filter(|v| !now.contains(v.name.as_str())) {
            self.push(
                format!("{}.{}", self.prefix, case.name),
                ChangeKind::VariantsChanged,
                Severity::Major,
                format!(
                    "`{name}::{}` is gone: code that builds or matches it no longer compiles",
                    case.name
                ),
            );
        }
    }
}

fn required_text(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn kind_text(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct { .. } => "struct",
        TypeKind::Enum { .. } => "enum",
        TypeKind::Constrained { .. } => "checked string",
        TypeKind::OneOf { .. } => "exclusive group",
        TypeKind::Tagged { .. } => "tagged union",
    }
}
