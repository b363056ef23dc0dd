//! Types that contain themselves. `struct Node { child: Node }` (or an
//! `Option<Node>`) has no size, so a field whose type leads back to its own
//! struct without an array or a map between is boxed. Found in one pass
//! over the type graph (Tarjan's strongly connected components), so a
//! catalogue of thousands of types costs time linear in its fields.

use std::collections::HashMap;

use crate::model::{TypeDef, TypeKind, TypeRef};

/// Marks `boxed` every field that closes a cycle of inline containment.
pub(crate) fn box_cycles<'a>(types: impl Iterator<Item = &'a mut TypeDef>) {
    let mut defs: Vec<&mut TypeDef> = types.collect();
    let index: HashMap<String, usize> = defs.iter().enumerate().map(|(i, d)| (d.name.clone(), i)).collect();
    // A type's direct (inline) successors: fields and members not behind an array or a map.
    let edges: Vec<Vec<usize>> = defs
        .iter()
        .map(|def| {
            inline_fields(&def.kind)
                .filter_map(|ty| direct(ty).and_then(|name| index.get(name).copied()))
                .collect()
        })
        .collect();
    let component = components(&edges);
    for (i, def) in defs.iter_mut().enumerate() {
        if let TypeKind::Struct { fields, .. } | TypeKind::OneOf { members: fields } = &mut def.kind {
            for field in fields {
                let target = direct(&field.ty).and_then(|name| index.get(name).copied());
                if target.is_some_and(|t| component[t] == component[i]) {
                    field.boxed = true;
                }
            }
        }
    }
}

/// The field types a type holds inline.
fn inline_fields(kind: &TypeKind) -> Box<dyn Iterator<Item = &TypeRef> + '_> {
    match kind {
        TypeKind::Struct { fields, .. } | TypeKind::OneOf { members: fields } => Box::new(fields.iter().map(|f| &f.ty)),
        _ => Box::new(std::iter::empty()),
    }
}

/// The named type a field holds inline (not through an array or a map).
fn direct(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

/// Each node's strongly connected component (iterative Tarjan).
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_order, mut next_component) = (0, 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order[node] == UNSEEN {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn cycles_share_a_component_and_the_rest_do_not() {
        // 0 → 1 → 2 → 0, 2 → 3, 4 → 4
        let c = components(&[vec![1], vec![2], vec![0, 3], vec![], vec![4]]);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert_ne!(c[2], c[3]);
        assert_ne!(c[3], c[4]);
    }
}
