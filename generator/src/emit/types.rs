//! Structs, enums with an `Other` variant, constrained strings, one-of groups and tagged enums.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, int_lit, lit, type_tokens, Paths};
use crate::model::{
    Directions, EnumRepr, EnumValue, Field, Literal, Service, TaggedVariant, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{case_preserving_snake, ident, rust_type_name, type_ident, type_name, variant_ident};

/// One named type, documented with `doc`.
pub(crate) fn type_def(def: &TypeDef, doc: TokenStream, p: &Paths) -> TokenStream {
    match &def.kind {
        TypeKind::Struct { fields, deny_unknown } => struct_def(def, fields, *deny_unknown, doc, p),
        TypeKind::Enum { repr, values } => enum_def(&def.name, *repr, values, def.directions, doc, p),
        TypeKind::Constrained {
            min_length,
            max_length,
            forbidden,
        } => constrained_def(&def.name, *min_length, *max_length, forbidden, doc, p),
        TypeKind::OneOf { members } => one_of_def(def, members, doc, p),
        TypeKind::Tagged {
            tag_wire,
            tag_type,
            variants,
        } => tagged_def(def, tag_wire, tag_type, variants, doc, p),
    }
}

/// The serde derives of a type: the directions it needs in its `derive`
/// list, the others in a `cfg_attr` under the round-trip predicate.
struct SerdeDerives {
    /// Whether some serde derive is always on (so serde's attributes are).
    always: bool,
    /// Whether any serde derive is there, even under a `cfg` (if not, the
    /// fields carry no serde attributes).
    any: bool,
    /// `::serde::Serialize,` and/or `::serde::Deserialize,` for the main derive list.
    needed: TokenStream,
    /// `#[cfg_attr(.., derive(..))]` for the directions not needed, or nothing.
    other: TokenStream,
}

/// The serde derives of a type used in `directions`; `derived` says which
/// directions come from serde's derive at all (a struct whose impls are the
/// runtime's `object!` derives none).
fn serde_derives(directions: Directions, derived: Directions, p: &Paths) -> SerdeDerives {
    let (mut needed, mut other) = (Vec::new(), Vec::new());
    let all = [
        (directions.serialize, derived.serialize, quote!(::serde::Serialize)),
        (
            directions.deserialize,
            derived.deserialize,
            quote!(::serde::Deserialize),
        ),
    ];
    for (wanted, derived, derive) in all {
        if !derived {
            continue;
        }
        if wanted || p.round_trip.is_none() {
            needed.push(derive);
        } else {
            other.push(derive);
        }
    }
    let any = !(needed.is_empty() && other.is_empty());
    let other = match (&p.round_trip, other.is_empty()) {
        (Some(predicate), false) => quote!(#[cfg_attr(#predicate, derive(#(#other),*))]),
        _ => TokenStream::new(),
    };
    SerdeDerives {
        always: !needed.is_empty(),
        any,
        needed: quote!(#(#needed,)*),
        other,
    }
}

/// `#[cfg(..)]` for a hand-written serde impl of a direction the type does
/// not need, or nothing when it does.
fn direction_gate(needed: bool, p: &Paths) -> TokenStream {
    match (&p.round_trip, needed) {
        (Some(predicate), false) => quote!(#[cfg(#predicate)]),
        _ => TokenStream::new(),
    }
}

fn field_doc(field: &Field) -> TokenStream {
    let mut paragraphs: Vec<String> = field.description.iter().cloned().collect();
    if let Some(since) = &field.since {
        paragraphs.push(format!("Since {since}."));
    }
    docs(paragraphs.iter().map(String::as_str))
}

/// Name of the helper that encodes an Aliyun-style wrapped list: one per
/// key and optionality, so keys that differ only in case get their own.
pub(crate) fn item_list_fn(key: &str, required: bool) -> String {
    let kind = if required { "req" } else { "opt" };
    format!("__wrap_{kind}_k{}", case_preserving_snake(key))
}

/// Where a struct's fields carry serde's attributes.
#[derive(Clone, Copy)]
enum SerdeAttrs<'a> {
    /// A serde derive is always on.
    Plain,
    /// Only the round-trip derive is there, under this predicate.
    Under(&'a TokenStream),
    /// No serde derive reads them: `object!` writes both directions.
    Omitted,
}

/// One field. An optional field needs no `default` (serde decodes a missing
/// `Option` as `None`), only `skip_serializing_if` where the type is sent.
///
/// `attrs` says where the field's serde attributes go.
fn field_tokens(field: &Field, sent: bool, attrs: SerdeAttrs<'_>, p: &Paths) -> TokenStream {
    let doc = field_doc(field);
    let name = ident(&field.rust);
    let ty = type_tokens(&field.ty, p);
    let ty = if field.boxed { quote!(Box<#ty>) } else { ty };
    let mut serde = Vec::new();
    if field.flatten {
        serde.push(quote!(flatten));
    } else if name.to_string().trim_start_matches("r#") != field.key {
        let key = lit(&field.key);
        serde.push(quote!(rename = #key));
    }
    for alias in &field.aliases {
        let alias = lit(alias);
        serde.push(quote!(alias = #alias));
    }
    if !field.required && !field.flatten && sent {
        serde.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    if let Some(key) = &field.item_key {
        if !field.required {
            // A missing field is `None` only for serde's own `Option` decoding.
            serde.push(quote!(default));
        }
        let de = if field.required {
            format!("{}::item_list::deserialize", p.rt_text)
        } else {
            format!("{}::item_list::deserialize_option", p.rt_text)
        };
        let ser = item_list_fn(key, field.required);
        serde.push(quote!(deserialize_with = #de, serialize_with = #ser));
    }
    let attr = match (serde.is_empty(), attrs) {
        (true, _) | (_, SerdeAttrs::Omitted) => None,
        (false, SerdeAttrs::Plain) => Some(quote!(#[serde(#(#serde),*)])),
        (false, SerdeAttrs::Under(predicate)) => Some(quote!(#[cfg_attr(#predicate, serde(#(#serde),*))])),
    };
    let ty = if field.required { ty } else { quote!(Option<#ty>) };
    quote! {
        #doc
        #attr
        pub #name: #ty,
    }
}

fn struct_def(def: &TypeDef, fields: &[Field], deny_unknown: bool, doc: TokenStream, p: &Paths) -> TokenStream {
    let name = type_ident(&def.name);
    let defaultable = fields.iter().all(|f| !f.required && !f.flatten);
    let default = defaultable.then(|| quote!(Default,));
    let object = as_object(fields, deny_unknown);
    let derived = if object { Directions::NONE } else { Directions::BOTH };
    let serde = serde_derives(def.directions, derived, p);
    // Without a serde derive that is always on, serde's attributes are
    // written only where the round-trip derive is, and not at all without one.
    let attrs = match (serde.always, serde.any, &p.round_trip) {
        (true, _, _) | (false, true, None) => SerdeAttrs::Plain,
        (false, true, Some(predicate)) => SerdeAttrs::Under(predicate),
        (false, false, _) => SerdeAttrs::Omitted,
    };
    let deny = deny_unknown.then(|| quote!(#[serde(deny_unknown_fields)]));
    // Only the request side sends `None`s; a response type's round trip
    // (tests) may write them as `null`, which decodes back to `None`.
    let sent = def.directions.serialize;
    let field_items = fields.iter().map(|field| field_tokens(field, sent, attrs, p));
    let (needed, other) = (&serde.needed, &serde.other);
    let impls = object.then(|| object_impls(&name, fields, def.directions, p));
    let constructor = (!defaultable).then(|| constructor(&def.name, fields, p));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default #needed)]
        #other
        #deny
        #[non_exhaustive]
        pub struct #name {
            #(#field_items)*
        }
        #constructor
        #impls
    }
}

/// `Name::new(required..)`: the one way to build a `#[non_exhaustive]`
/// struct outside its crate. It takes the required fields in spec order and
/// starts every optional one as `None`, to be assigned afterwards (inline
/// with the runtime's `WithFields`:
/// `Request::new(id).with_fields(|r| r.page_size = Some(20))`), so a caller
/// keeps compiling when the vendor adds an optional field. A struct whose
/// fields are all optional has `Default` instead.
fn constructor(name: &str, fields: &[Field], p: &Paths) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let name = ident(&f.rust);
        let ty = type_tokens(&f.ty, p);
        quote!(#name: #ty)
    });
    let inits = fields.iter().map(|f| {
        let name = ident(&f.rust);
        match (f.required, f.boxed) {
            (true, false) => quote!(#name),
            (true, true) => quote!(#name: Box::new(#name)),
            (false, _) => quote!(#name: None),
        }
    });
    let doc = if required.len() == fields.len() {
        format!(" A [`{}`] from its fields.", rust_type_name(name))
    } else {
        format!(
            " A [`{}`] from its required fields; the optional ones start as `None`.",
            rust_type_name(name)
        )
    };
    // Clippy's default limit is seven arguments.
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let ty = type_ident(name);
    quote! {
        impl #ty {
            #[doc = #doc]
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

/// Whether a struct's serde impls come from the runtime's `object!` rather
/// than serde's derives, which write several times the code: every field
/// is a key of its own (no flattened group or alias), unknown keys are
/// skipped, and field indices fit the macro's `u16`. Its fields then carry
/// no serde attributes at all.
fn as_object(fields: &[Field], deny_unknown: bool) -> bool {
    !deny_unknown && fields.len() <= usize::from(u16::MAX) && fields.iter().all(|f| !f.flatten && f.aliases.is_empty())
}

/// `rt::object!(Name { 0 req "key" field, .. } order [..] serialize deserialize)`:
/// the struct's serde impls, with its fields' indices sorted by key for the
/// binary search, and a direction its endpoints do not use under the
/// round-trip `cfg`.
fn object_impls(name: &syn::Ident, fields: &[Field], directions: Directions, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let list = fields.iter().enumerate().map(|(i, field)| {
        let ident = ident(&field.rust);
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        let kind = match (&field.item_key, field.required) {
            (None, true) => quote!(req),
            (None, false) => quote!(opt),
            (Some(item), true) => quote!([list_req #item]),
            (Some(item), false) => quote!([list_opt #item]),
        };
        let key = lit(&field.key);
        quote!(#i #kind #key #ident)
    });
    let mut order: Vec<(&str, usize)> = fields.iter().enumerate().map(|(i, f)| (f.key.as_str(), i)).collect();
    order.sort_unstable();
    let order = order
        .into_iter()
        .map(|(_, i)| proc_macro2::Literal::usize_unsuffixed(i));
    let serialize = direction_gate(directions.serialize, p);
    let deserialize = direction_gate(directions.deserialize, p);
    quote!(#rt::object!(#name { #(#list),* } order [#(#order),*] #serialize serialize #deserialize deserialize);)
}

fn enum_def(
    name: &str,
    repr: EnumRepr,
    values: &[EnumValue],
    directions: Directions,
    doc: TokenStream,
    p: &Paths,
) -> TokenStream {
    let rt = &p.rt;
    let name = type_ident(name);
    let (wire, copy) = match repr {
        EnumRepr::Integer => (quote!(i64), quote!(Copy,)),
        EnumRepr::String => (quote!(String), quote!()),
    };
    let variants = values.iter().map(|v| {
        let variant = variant_ident(&v.name);
        let line = match &v.label {
            Some(label) => format!("{label} (`{}`)", v.value),
            None => format!("`{}`", v.value),
        };
        let doc = docs([line.as_str()]);
        quote!(#doc #variant,)
    });
    let table = values.iter().map(|v| {
        let variant = variant_ident(&v.name);
        let value = value_pattern(&v.value);
        let label = v.label.as_ref().map(|label| quote!(=> #label));
        quote!(#variant = #value #label)
    });
    let serialize = direction_gate(directions.serialize, p);
    let deserialize = direction_gate(directions.deserialize, p);
    quote! {
        #doc
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not know, kept as the vendor sent it.
            Other(#wire),
        }
        #rt::open_enum!(#name(#wire) { #(#table),* } #serialize serialize #deserialize deserialize);
    }
}

fn value_pattern(value: &Literal) -> TokenStream {
    match value {
        Literal::Int(i) => int_lit(*i),
        Literal::Str(s) => quote!(#s),
    }
}

fn constrained_def(
    name: &str,
    min_length: Option<u64>,
    max_length: Option<u64>,
    forbidden: &[char],
    doc: TokenStream,
    p: &Paths,
) -> TokenStream {
    let rt = &p.rt;
    let alias = type_ident(name);
    let rules = type_ident(&format!("{name}Rules"));
    let rules_doc = format!(" The documented rules of [`{}`].", rust_type_name(name));
    let as_usize = |n: u64| proc_macro2::Literal::u64_unsuffixed(n);
    let min = min_length.map(|n| {
        let n = as_usize(n);
        quote!(const MIN_LENGTH: Option<usize> = Some(#n);)
    });
    let max = max_length.map(|n| {
        let n = as_usize(n);
        quote!(const MAX_LENGTH: Option<usize> = Some(#n);)
    });
    let forbidden = (!forbidden.is_empty()).then(|| quote!(const FORBIDDEN: &'static [char] = &[#(#forbidden),*];));
    quote! {
        #doc
        pub type #alias = #rt::Checked<#rules>;
        #[doc = #rules_doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct #rules;
        impl #rt::StringRules for #rules {
            const NAME: &'static str = #name;
            #min
            #max
            #forbidden
        }
    }
}

fn one_of_def(def: &TypeDef, members: &[Field], doc: TokenStream, p: &Paths) -> TokenStream {
    let name = type_ident(&def.name);
    let serde = serde_derives(def.directions, Directions::BOTH, p);
    let (needed, other) = (&serde.needed, &serde.other);
    let variants = members.iter().map(|member| {
        let doc = field_doc(member);
        let variant = variant_ident(&type_name(&member.rust));
        let wire = lit(&member.wire);
        let ty = type_tokens(&member.ty, p);
        let ty = if member.boxed { quote!(Box<#ty>) } else { ty };
        quote!(#doc #[serde(rename = #wire)] #variant(#ty),)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #needed)]
        #other
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn tagged_def(
    def: &TypeDef,
    tag_wire: &str,
    tag_type: &str,
    variants: &[TaggedVariant],
    doc: TokenStream,
    p: &Paths,
) -> TokenStream {
    let rt = &p.rt;
    let name = type_ident(&def.name);
    let serialize = direction_gate(def.directions.serialize, p);
    let deserialize = direction_gate(def.directions.deserialize, p);
    let tag_ty = type_ident(tag_type);
    let tag_lit = lit(tag_wire);
    let tag_fn = ident(&crate::naming::field_name(tag_wire));
    let idents: Vec<_> = variants.iter().map(|v| variant_ident(&v.name)).collect();
    let cases: Vec<_> = variants.iter().map(|v| type_ident(&v.case_type)).collect();
    let variant_docs = variants.iter().map(|v| {
        let title = v.label.as_ref().map_or(&v.name, |label| label);
        docs(std::iter::once(title).chain(&v.case_description).map(String::as_str))
    });
    let tag_doc = format!(" The `{tag_wire}` value this variant sends.");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #idents(#cases),)*
        }
        impl #name {
            #[doc = #tag_doc]
            pub fn #tag_fn(&self) -> #tag_ty {
                match self { #(Self::#idents(_) => #tag_ty::#idents,)* }
            }
        }
        #serialize
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#idents(fields) => #rt::tagged::serialize(serializer, #tag_lit, #tag_ty::#idents, fields),)*
                }
            }
        }
        #deserialize
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (tag, rest) = #rt::tagged::split::<D, #tag_ty>(deserializer, #tag_lit)?;
                match tag {
                    #(#tag_ty::#idents => #rt::tagged::fields(rest).map(Self::#idents),)*
                    other => Err(#rt::tagged::unsupported(#tag_lit, other)),
                }
            }
        }
    }
}

/// Helpers that encode wrapped lists for serde's derive, one per distinct
/// wire key and optionality.
pub(crate) fn item_list_helpers(service: &Service, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let mut wanted = BTreeSet::new();
    for def in service.all_types() {
        if let TypeKind::Struct { fields, deny_unknown } = &def.kind {
            // A struct whose impls are `object!`'s wraps its lists itself.
            if as_object(fields, *deny_unknown) {
                continue;
            }
            for field in fields {
                if let (Some(key), TypeRef::Array(_)) = (&field.item_key, &field.ty) {
                    wanted.insert((key.clone(), field.required));
                }
            }
        }
    }
    let helpers = wanted.iter().map(|(key, required)| {
        // `item_list_fn` writes only ASCII letters, digits and `_`.
        let name = quote::format_ident!("{}", item_list_fn(key, *required));
        let key = lit(key);
        if *required {
            quote! {
                #[allow(dead_code)]
                fn #name<S: ::serde::Serializer, T: ::serde::Serialize>(items: &[T], serializer: S) -> Result<S::Ok, S::Error> {
                    #rt::item_list::serialize(items, #key, serializer)
                }
            }
        } else {
            quote! {
                #[allow(dead_code)]
                fn #name<S: ::serde::Serializer, T: ::serde::Serialize>(items: &Option<Vec<T>>, serializer: S) -> Result<S::Ok, S::Error> {
                    #rt::item_list::serialize_option(items, #key, serializer)
                }
            }
        }
    });
    quote!(#(#helpers)*)
}
