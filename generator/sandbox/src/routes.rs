//! Which spec'd endpoint an HTTP request is for.
//!
//! REST endpoints are matched by method and path template, a literal
//! segment beating a placeholder (`device_records/mine` before
//! `device_records/{id}`). RPC endpoints are matched by their `Action`
//! (parameter or `x-acs-action` header) and, when two services share an
//! action name, by `Version`. Lookups are hash or linear-in-candidates, never
//! over the whole catalogue per segment.

use std::collections::HashMap;

use apigen::model::{CallStyle, Catalog};

/// Where an endpoint lives in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointRef {
    /// Index into `Catalog::services`.
    pub service: usize,
    /// Index into `Service::endpoints`.
    pub endpoint: usize,
}

/// A REST path template, split into segments.
#[derive(Debug)]
struct Template {
    segments: Vec<Segment>,
    methods: Vec<String>,
    target: EndpointRef,
}

#[derive(Debug)]
enum Segment {
    Literal(String),
    Param(String),
}

/// The route table of a catalogue.
#[derive(Debug, Default)]
pub struct Routes {
    /// REST templates grouped by segment count and first segment.
    rest: HashMap<(usize, String), Vec<Template>>,
    /// RPC endpoints by action name, with their service's version.
    rpc: HashMap<String, Vec<(String, EndpointRef)>>,
}

/// A matched REST route.
#[derive(Debug)]
pub struct RestMatch {
    /// The endpoint.
    pub target: EndpointRef,
    /// Path parameters by wire name.
    pub path_params: Vec<(String, String)>,
}

impl Routes {
    /// Builds the table.
    pub fn new(catalog: &Catalog) -> Routes {
        let mut routes = Routes::default();
        for (s, service) in catalog.services.iter().enumerate() {
            for (e, endpoint) in service.endpoints.iter().enumerate() {
                let target = EndpointRef {
                    service: s,
                    endpoint: e,
                };
                if let (CallStyle::Rpc { version, .. }, Some(action)) = (&service.call_style, &endpoint.action) {
                    routes
                        .rpc
                        .entry(action.clone())
                        .or_default()
                        .push((version.clone(), target));
                    continue;
                }
                let segments: Vec<Segment> = split(&endpoint.path)
                    .map(|seg| match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                        Some(name) => Segment::Param(name.to_owned()),
                        None => Segment::Literal(seg.to_owned()),
                    })
                    .collect();
                let first = match segments.first() {
                    Some(Segment::Literal(l)) => l.clone(),
                    _ => String::new(),
                };
                let methods = std::iter::once(&endpoint.method)
                    .chain(&endpoint.also_accepts)
                    .map(|m| m.as_str().to_owned())
                    .collect();
                routes.rest.entry((segments.len(), first)).or_default().push(Template {
                    segments,
                    methods,
                    target,
                });
            }
        }
        for templates in routes.rest.values_mut() {
            // More literal segments first, so the most specific template wins.
            templates.sort_by_key(|t| {
                std::cmp::Reverse(t.segments.iter().filter(|s| matches!(s, Segment::Literal(_))).count())
            });
        }
        routes
    }

    /// The REST endpoint for a method and path.
    pub fn rest(&self, method: &str, path: &str) -> Option<RestMatch> {
        let parts: Vec<&str> = split(path).collect();
        let first = parts.first().copied().unwrap_or_default().to_owned();
        let candidates = self
            .rest
            .get(&(parts.len(), first))
            .into_iter()
            .chain(self.rest.get(&(parts.len(), String::new())))
            .flatten();
        for template in candidates {
            if !template.methods.iter().any(|m| m == method) {
                continue;
            }
            let mut path_params = Vec::new();
            let fits = template
                .segments
                .iter()
                .zip(&parts)
                .all(|(segment, part)| match segment {
                    Segment::Literal(literal) => literal == part,
                    Segment::Param(name) => {
                        path_params.push((name.clone(), percent_decode(part)));
                        !part.is_empty()
                    }
                });
            if fits {
                return Some(RestMatch {
                    target: template.target,
                    path_params,
                });
            }
        }
        None
    }

    /// The RPC endpoint for an action (and version, when several services have it).
    pub fn rpc(&self, action: &str, version: Option<&str>) -> Option<EndpointRef> {
        let candidates = self.rpc.get(action)?;
        match version {
            Some(version) => candidates.iter().find(|(v, _)| v == version).map(|(_, t)| *t),
            None if candidates.len() == 1 => candidates.first().map(|(_, t)| *t),
            None => None,
        }
    }

    /// Whether any RPC service is served.
    pub fn has_rpc(&self) -> bool {
        !self.rpc.is_empty()
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}
