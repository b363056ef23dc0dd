//! Which serde directions each type needs.
//!
//! A client encodes requests and decodes replies, so a type reachable from
//! a request needs `Serialize`, one reachable from a response needs
//! `Deserialize`, and only a type used both ways needs both. Deriving one
//! direction instead of two halves the code serde generates, which is most
//! of what a catalogue costs to compile. Found by one walk of the type graph
//! from each endpoint's request and response, so the cost is linear in the
//! fields of the service.

use std::collections::HashMap;

use crate::model::{Directions, EndpointDef, ResponseType, TypeDef, TypeKind, TypeRef};

/// Sets [`TypeDef::directions`] on every type of a service.
///
/// A type no endpoint reaches (a shared type declared for later use) gets
/// both directions: nothing says which one its users need.
pub(crate) fn mark<'a>(shared: &'a mut [TypeDef], endpoints: &'a mut [EndpointDef]) {
    let mut roots: Vec<(String, Directions)> = Vec::new();
    for endpoint in endpoints.iter() {
        roots.push((endpoint.request_type.clone(), Directions::SERIALIZE));
        if let ResponseType::Generated(name) = &endpoint.response_type {
            roots.push((name.clone(), Directions::DESERIALIZE));
        }
    }
    let mut defs: Vec<&mut TypeDef> = shared
        .iter_mut()
        .chain(endpoints.iter_mut().flat_map(|e| e.types.iter_mut()))
        .collect();
    let index: HashMap<&str, usize> = defs.iter().enumerate().map(|(i, d)| (d.name.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = defs
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            successors(&def.kind, &mut |name| out.extend(index.get(name).copied()));
            out
        })
        .collect();
    let roots: Vec<(usize, Directions)> = roots
        .iter()
        .filter_map(|(name, d)| index.get(name.as_str()).map(|&i| (i, *d)))
        .collect();
    let mut found = vec![Directions::NONE; defs.len()];
    for direction in [Directions::SERIALIZE, Directions::DESERIALIZE] {
        let mut stack: Vec<usize> = roots.iter().filter(|(_, d)| *d == direction).map(|(i, _)| *i).collect();
        while let Some(node) = stack.pop() {
            if found[node].contains(direction) {
                continue;
            }
            found[node] = found[node].union(direction);
            stack.extend(edges[node].iter().filter(|&&next| !found[next].contains(direction)));
        }
    }
    for (def, directions) in defs.iter_mut().zip(found) {
        def.directions = if directions == Directions::NONE {
            Directions::BOTH
        } else {
            directions
        };
    }
}

/// Calls `visit` with every type name `kind` refers to.
fn successors<'k>(kind: &'k TypeKind, visit: &mut impl FnMut(&'k str)) {
    match kind {
        TypeKind::Struct { fields, .. } | TypeKind::OneOf { members: fields } => {
            for field in fields {
                named(&field.ty, visit);
            }
        }
        TypeKind::Tagged { tag_type, variants, .. } => {
            visit(tag_type);
            for variant in variants {
                visit(&variant.case_type);
            }
        }
        TypeKind::Enum { .. } | TypeKind::Constrained { .. } => {}
    }
}

/// The named type inside a field type, through arrays and maps.
fn named<'k>(ty: &'k TypeRef, visit: &mut impl FnMut(&'k str)) {
    match ty {
        TypeRef::Named(name) => visit(name),
        TypeRef::Array(inner) | TypeRef::Map(inner) => named(inner, visit),
        _ => {}
    }
}
