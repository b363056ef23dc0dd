//! What an importer turns a vendor's schemas into before writing specs: a
//! tree of shapes. Identical object and enum shapes are found by interning
//! (one pass, each shape keyed by its children's ids), so that a shape used
//! more than once is written once, as a named type of the service.

use std::collections::{HashMap, HashSet};

use serde_yaml::{Mapping, Value};

use crate::naming::{ascii_identifier, is_upper_camel, type_name};

/// A shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `string`, with length bounds.
    String {
        /// `max_length`.
        max_length: Option<u64>,
        /// `min_length`.
        min_length: Option<u64>,
    },
    /// `integer`.
    Integer,
    /// `number`.
    Number,
    /// `boolean`.
    Boolean,
    /// Any JSON (`object` in a spec).
    Json,
    /// A file part or reply.
    File,
    /// A list of the inner shape.
    Array(Box<Node>),
    /// A map from string keys to the inner shape.
    Map(Box<Node>),
    /// An object with fields.
    Object(Vec<Field>),
    /// A closed set of values.
    Enum(EnumNode),
    /// A type named by the importer's input (a component), written by name.
    Named(String),
}

/// A field of an object, or a parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The wire name.
    pub wire: String,
    /// Whether it must be present.
    pub required: bool,
    /// The vendor's description.
    pub description: Option<String>,
    /// Its shape.
    pub node: Node,
    /// Alibaba Cloud parameter style (`repeat_list`, `flat`, `json`), if any.
    pub style: Option<&'static str>,
    /// The key inside a wrapper object of a list, if any (`item_key`).
    pub item_key: Option<String>,
    /// An example, as text.
    pub example: Option<String>,
}

impl Field {
    /// A field with only a name and a shape.
    pub fn new(wire: impl Into<String>, node: Node) -> Field {
        Field {
            wire: wire.into(),
            required: false,
            description: None,
            node,
            style: None,
            item_key: None,
            example: None,
        }
    }
}

/// An enum's values.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumNode {
    /// Whether the values are integers (else strings).
    pub integer: bool,
    /// `(value, label)`, in the vendor's order.
    pub values: Vec<(String, Option<String>)>,
}

/// Interned shapes of one service: an id per distinct object or enum shape,
/// and how often each occurs.
#[derive(Default)]
pub struct Interner {
    ids: HashMap<String, usize>,
    counts: Vec<usize>,
}

/// A shape's key: equal keys, equal shapes. `child` gives each child's part
/// (an object or enum child is keyed by its interned id, so a key's length
/// is that of its own level).
fn shape_key(node: &Node, child: &mut dyn FnMut(&Node) -> String) -> String {
    match node {
        Node::String { max_length, min_length } => format!("s{max_length:?}{min_length:?}"),
        Node::Integer => "i".to_owned(),
        Node::Number => "n".to_owned(),
        Node::Boolean => "b".to_owned(),
        Node::Json => "j".to_owned(),
        Node::File => "f".to_owned(),
        Node::Named(name) => format!("N{name}"),
        Node::Array(inner) => format!("[{}]", child(inner)),
        Node::Map(inner) => format!("{{{}}}", child(inner)),
        Node::Enum(e) => format!("E{}{:?}", e.integer, e.values),
        Node::Object(fields) => {
            let mut key = String::from("O");
            for field in fields {
                let inner = child(&field.node);
                key.push_str(&format!(
                    "({:?}{}{:?}{:?}{:?}{:?}{inner})",
                    field.wire, field.required, field.description, field.style, field.item_key, field.example
                ));
            }
            key
        }
    }
}

impl Interner {
    /// Counts every object and enum shape under `node`; returns its key.
    pub fn count(&mut self, node: &Node) -> String {
        let key = shape_key(node, &mut |child| self.count(child));
        match node {
            Node::Enum(_) | Node::Object(_) => self.intern(key),
            _ => key,
        }
    }

    fn intern(&mut self, key: String) -> String {
        let next = self.counts.len();
        let id = *self.ids.entry(key).or_insert(next);
        if id == next {
            self.counts.push(0);
        }
        self.counts[id] += 1;
        format!("#{id}")
    }

    /// The key of an already counted shape (an object or enum by its id).
    fn key_of(&self, node: &Node) -> String {
        match node {
            Node::Enum(_) | Node::Object(_) => self.id_of(node).map_or_else(String::new, |id| format!("#{id}")),
            _ => shape_key(node, &mut |child| self.key_of(child)),
        }
    }

    /// The id of an already counted object or enum shape.
    fn id_of(&self, node: &Node) -> Option<usize> {
        match node {
            Node::Enum(_) | Node::Object(_) => self.ids.get(&shape_key(node, &mut |child| self.key_of(child))).copied(),
            _ => None,
        }
    }

    fn shared(&self, node: &Node) -> Option<usize> {
        self.id_of(node)
            .filter(|&id| self.counts.get(id).is_some_and(|&n| n > 1))
    }
}

/// Writes shapes as spec YAML for one service: shared shapes once, into
/// `types`, under names unique in the service.
pub struct Writer {
    interner: Interner,
    /// Every type name taken in the service (shared, inline, and the
    /// names the generator derives for each endpoint).
    taken: HashSet<String>,
    /// Shared shape id → its type name.
    shared_names: HashMap<usize, String>,
    /// The service's `types:`, in the order first used.
    pub types: Mapping,
    /// Per struct written (by its type name), each Rust field name and the
    /// wire name that took it.
    rust_names: HashMap<String, HashMap<String, String>>,
}

impl Writer {
    /// A writer for shapes counted by `interner`, with `reserved` names already taken.
    pub fn new(interner: Interner, reserved: impl IntoIterator<Item = String>) -> Writer {
        Writer {
            interner,
            taken: reserved.into_iter().collect(),
            shared_names: HashMap::new(),
            types: Mapping::new(),
            rust_names: HashMap::new(),
        }
    }

    /// A name not yet taken, from `wanted` (`Name`, `Name2`, …).
    fn claim(&mut self, wanted: &str) -> String {
        // `ascii_identifier` spells a non-ASCII letter `_uXXXX`; camel-case that again.
        let base = type_name(&ascii_identifier(&type_name(wanted)));
        let base = if is_upper_camel(&base) {
            base
        } else {
            format!("T{base}")
        };
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) || crate::naming::is_keyword(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// Reserves a name the generator will derive (an inline shape's
    /// `{Parent}{Field}`), or returns another one to write as `name:`.
    fn inline_name(&mut self, parent: &str, wire: &str) -> (String, bool) {
        let derived = format!("{parent}{}", type_name(wire));
        if is_upper_camel(&derived) && !self.taken.contains(&derived) {
            self.taken.insert(derived.clone());
            (derived, false)
        } else {
            (self.claim(&derived), true)
        }
    }

    /// The spec shape of `field` inside a type named `parent`.
    pub fn field(&mut self, parent: &str, field: &Field) -> Value {
        let mut shape = Mapping::new();
        let (base, wrappers) = unwrap(&field.node);
        let put = |shape: &mut Mapping, k: &str, v: Value| {
            shape.insert(Value::String(k.to_owned()), v);
        };
        let wrap = |expr: String| format!("{expr}{}", wrappers);
        match base {
            Node::Object(_) | Node::Enum(_) => match self.interner.shared(base) {
                Some(id) => {
                    let name = self.shared_type(id, &field.wire, base);
                    put(&mut shape, "type", Value::String(wrap(name)));
                }
                None => {
                    let (name, explicit) = self.inline_name(parent, &field.wire);
                    let scalar = match base {
                        Node::Enum(e) if e.integer => "integer",
                        Node::Enum(_) => "string",
                        _ => "object",
                    };
                    put(&mut shape, "type", Value::String(wrap(scalar.to_owned())));
                    if explicit {
                        put(&mut shape, "name", Value::String(name.clone()));
                    }
                    self.body(&mut shape, &name, base);
                }
            },
            other => put(&mut shape, "type", Value::String(wrap(scalar_expr(other)))),
        }
        if field.required {
            put(&mut shape, "required", Value::Bool(true));
        }
        if let Node::String { max_length, min_length } = base {
            // A checked string becomes a type named `<parent><Field>`; when
            // the wire name gives no such name (`Ä`), the spec must name it.
            let derived = format!("{parent}{}", type_name(&field.wire));
            if (max_length.is_some() || min_length.is_some()) && !is_upper_camel(&derived) {
                let name = self.claim(&derived);
                put(&mut shape, "name", Value::String(name));
            }
            if let Some(n) = max_length {
                put(&mut shape, "max_length", Value::Number((*n).into()));
            }
            if let Some(n) = min_length {
                put(&mut shape, "min_length", Value::Number((*n).into()));
            }
        }
        if let Some(style) = field.style {
            put(&mut shape, "style", Value::String(style.to_owned()));
        }
        if let Some(key) = &field.item_key {
            put(&mut shape, "item_key", Value::String(key.clone()));
        }
        if let Some(text) = field.description.as_deref().map(clean_text).filter(|t| !t.is_empty()) {
            put(&mut shape, "description", Value::String(text));
        }
        // An example typed as the field is (vendors often write numbers as
        // strings); only a scalar's, which is what the format checks.
        if let Some(example) = field.example.as_deref().filter(|_| wrappers.is_empty()) {
            let typed = match base {
                Node::Integer => example.trim().parse::<i64>().ok().map(|i| Value::Number(i.into())),
                Node::Number => example
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .map(|f| Value::Number(f.into())),
                Node::Boolean => example.trim().parse::<bool>().ok().map(Value::Bool),
                Node::String { .. } => Some(Value::String(example.to_owned())),
                _ => None,
            };
            if let Some(typed) = typed {
                put(&mut shape, "example", typed);
            }
        }
        Value::Mapping(shape)
    }

    /// A shared shape's name, writing its definition into `types` on first use.
    fn shared_type(&mut self, id: usize, wire: &str, node: &Node) -> String {
        if let Some(name) = self.shared_names.get(&id) {
            return name.clone();
        }
        let name = self.claim(wire);
        self.shared_names.insert(id, name.clone());
        let mut shape = Mapping::new();
        let scalar = match node {
            Node::Enum(e) if e.integer => "integer",
            Node::Enum(_) => "string",
            _ => "object",
        };
        shape.insert(Value::String("type".to_owned()), Value::String(scalar.to_owned()));
        // Its definition goes in before its own shared children, which follow it.
        self.types.insert(Value::String(name.clone()), Value::Null);
        self.body(&mut shape, &name, node);
        self.types.insert(Value::String(name.clone()), Value::Mapping(shape));
        name
    }

    /// Fields or enum values of an object or enum shape named `name`.
    fn body(&mut self, shape: &mut Mapping, name: &str, node: &Node) {
        match node {
            Node::Object(fields) => {
                let mut out = Mapping::new();
                for field in fields {
                    let value = self.field(name, field);
                    out.insert(Value::String(field.wire.clone()), value);
                }
                shape.insert(Value::String("fields".to_owned()), Value::Mapping(out));
            }
            Node::Enum(e) => {
                shape.insert(Value::String("enum".to_owned()), Value::Sequence(enum_values(e)));
            }
            _ => {}
        }
    }

    /// Writes a type the input names (a component) under `name`, already taken.
    pub fn named(&mut self, name: &str, node: &Node) {
        let mut shape = Mapping::new();
        let (scalar, body) = match node {
            Node::Enum(e) if e.integer => ("integer".to_owned(), true),
            Node::Enum(_) => ("string".to_owned(), true),
            Node::Object(_) => ("object".to_owned(), true),
            other => {
                let (base, wrappers) = unwrap(other);
                (format!("{}{wrappers}", scalar_expr(base)), false)
            }
        };
        shape.insert(Value::String("type".to_owned()), Value::String(scalar));
        self.types.insert(Value::String(name.to_owned()), Value::Null);
        if body {
            self.body(&mut shape, name, node);
        }
        self.types.insert(Value::String(name.to_owned()), Value::Mapping(shape));
    }

    /// The spec shapes of parameters or top-level fields, in a struct named `parent`.
    pub fn fields(&mut self, parent: &str, fields: &[Field]) -> Mapping {
        let mut out = Mapping::new();
        for field in fields {
            let mut value = self.field(parent, field);
            if let (Some(rust), Value::Mapping(shape)) = (self.rust_name(parent, &field.wire), &mut value) {
                shape.insert(Value::String("rust_name".to_owned()), Value::String(rust));
            }
            out.insert(Value::String(field.wire.clone()), value);
        }
        out
    }

    /// A `rust_name` for `wire` in `parent` when another wire name of the
    /// same struct (in any request location) already takes the Rust name it
    /// would get (`ZoneList` and `zoneList` both give `zone_list`): the
    /// second gets `zone_list_2`. The same wire name in two locations is
    /// left to the spec's own `_query` / `_path` rule.
    fn rust_name(&mut self, parent: &str, wire: &str) -> Option<String> {
        let names = self.rust_names.entry(parent.to_owned()).or_default();
        let wanted = crate::naming::field_name(wire);
        match names.get(&wanted) {
            None => {
                names.insert(wanted, wire.to_owned());
                None
            }
            Some(owner) if owner == wire => None,
            Some(_) => {
                let mut n: u32 = 2;
                let mut name = format!("{wanted}_{n}");
                while names.contains_key(&name) {
                    n = n.saturating_add(1);
                    name = format!("{wanted}_{n}");
                }
                names.insert(name.clone(), wire.to_owned());
                Some(name)
            }
        }
    }
}

/// The base of a shape under its list and map wrappers, and the wrappers as text (`[]{}`).
fn unwrap(node: &Node) -> (&Node, String) {
    let mut node = node;
    let mut suffix = String::new();
    loop {
        match node {
            Node::Array(inner) => {
                suffix.insert_str(0, "[]");
                node = inner;
            }
            Node::Map(inner) => {
                suffix.insert_str(0, "{}");
                node = inner;
            }
            other => return (other, suffix),
        }
    }
}

fn scalar_expr(node: &Node) -> String {
    match node {
        Node::String { .. } => "string".to_owned(),
        Node::Integer => "integer".to_owned(),
        Node::Number => "number".to_owned(),
        Node::Boolean => "boolean".to_owned(),
        Node::File => "file".to_owned(),
        Node::Named(name) => name.clone(),
        Node::Json | Node::Array(_) | Node::Map(_) | Node::Object(_) | Node::Enum(_) => "object".to_owned(),
    }
}

/// Variant names derived from enum values (`cloud_ssd` → `CloudSsd`), unique in the enum.
pub fn variant_names<'v>(values: impl IntoIterator<Item = &'v str>) -> Vec<String> {
    let mut taken = HashSet::new();
    values
        .into_iter()
        .map(|value| {
            let mut base = ascii_identifier(&type_name(value));
            if !is_upper_camel(&base) {
                base = format!("V{base}");
            }
            if !is_upper_camel(&base) {
                base = "Value".to_owned();
            }
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{base}{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// Enum values with variant names derived from the values, unique in the enum.
fn enum_values(e: &EnumNode) -> Vec<Value> {
    let names = variant_names(e.values.iter().map(|(v, _)| v.as_str()));
    e.values
        .iter()
        .zip(names)
        .map(|((value, label), name)| {
            let mut entry = Mapping::new();
            let wire = if e.integer {
                value
                    .parse::<i64>()
                    .map_or_else(|_| Value::String(value.clone()), |i| Value::Number(i.into()))
            } else {
                Value::String(value.clone())
            };
            entry.insert(Value::String("value".to_owned()), wire);
            entry.insert(Value::String("name".to_owned()), Value::String(name));
            if let Some(label) = label.as_deref().map(clean_text).filter(|l| !l.is_empty()) {
                entry.insert(Value::String("label".to_owned()), Value::String(label));
            }
            Value::Mapping(entry)
        })
        .collect()
}

/// Description text as a spec holds it: no bare CR, no bidi controls, trimmed.
pub fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}'))
        .collect::<String>()
        .trim()
        .to_owned()
}
