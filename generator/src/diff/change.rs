//! One change and how much it matters.

/// How a change affects code that uses the generated crate (semver terms).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Nothing a caller can see in the types.
    #[default]
    Patch,
    /// Something new; old code keeps compiling and working.
    Minor,
    /// Old code may stop compiling or behave differently.
    Major,
}

impl Severity {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Patch => "patch",
            Severity::Minor => "minor",
            Severity::Major => "major",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new service.
    ServiceAdded,
    /// A service is gone.
    ServiceRemoved,
    /// Base URLs, envelope or call style of a service.
    ServiceWireChanged,
    /// An auth scheme of the service, added, removed or of another kind.
    AuthSchemeChanged,
    /// A new endpoint.
    EndpointAdded,
    /// An endpoint is gone.
    EndpointRemoved,
    /// Method, path, action or other accepted methods.
    RouteChanged,
    /// The auth schemes an endpoint accepts.
    AuthChanged,
    /// The permission scopes.
    ScopesChanged,
    /// The rate limit.
    RateLimitChanged,
    /// Whether repeating the call is safe.
    IdempotencyChanged,
    /// The fixed headers.
    HeadersChanged,
    /// Whether and how the endpoint pages.
    PagingChanged,
    /// A new field (request, response or nested).
    FieldAdded,
    /// A field is gone.
    FieldRemoved,
    /// A field has another type.
    FieldRetyped,
    /// A field became required or optional.
    RequiredChanged,
    /// A field's Rust name.
    FieldRenamed,
    /// Where a request parameter is sent, or its wire encoding.
    ParamMoved,
    /// A generated type's Rust name.
    TypeRenamed,
    /// A new enum value.
    EnumValueAdded,
    /// An enum value is gone.
    EnumValueRemoved,
    /// An enum value's Rust name.
    EnumValueRenamed,
    /// An enum value's label.
    EnumLabelChanged,
    /// Length or character rules of a checked string.
    ConstraintChanged,
    /// A member of an exclusive group, added or removed.
    ExclusiveGroupChanged,
    /// A case of a tagged union, added or removed, or its tag.
    VariantsChanged,
    /// A new error code (an endpoint's or a common one).
    ErrorAdded,
    /// An error code is gone.
    ErrorRemoved,
    /// An error's variant name or its message's placeholders.
    ErrorRenamed,
    /// An error's status, message, hint or retryability.
    ErrorDetailsChanged,
    /// A summary or description.
    DocsChanged,
}

impl ChangeKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [ChangeKind] = &[
        ChangeKind::ServiceAdded,
        ChangeKind::ServiceRemoved,
        ChangeKind::ServiceWireChanged,
        ChangeKind::AuthSchemeChanged,
        ChangeKind::EndpointAdded,
        ChangeKind::EndpointRemoved,
        ChangeKind::RouteChanged,
        ChangeKind::AuthChanged,
        ChangeKind::ScopesChanged,
        ChangeKind::RateLimitChanged,
        ChangeKind::IdempotencyChanged,
        ChangeKind::HeadersChanged,
        ChangeKind::PagingChanged,
        ChangeKind::FieldAdded,
        ChangeKind::FieldRemoved,
        ChangeKind::FieldRetyped,
        ChangeKind::RequiredChanged,
        ChangeKind::FieldRenamed,
        ChangeKind::ParamMoved,
        ChangeKind::TypeRenamed,
        ChangeKind::EnumValueAdded,
        ChangeKind::EnumValueRemoved,
        ChangeKind::EnumValueRenamed,
        ChangeKind::EnumLabelChanged,
        ChangeKind::ConstraintChanged,
        ChangeKind::ExclusiveGroupChanged,
        ChangeKind::VariantsChanged,
        ChangeKind::ErrorAdded,
        ChangeKind::ErrorRemoved,
        ChangeKind::ErrorRenamed,
        ChangeKind::ErrorDetailsChanged,
        ChangeKind::DocsChanged,
    ];
}

/// One difference between the old and the new specs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// The service id.
    pub service: String,
    /// The endpoint id, when the change is in one endpoint (not in a shared type).
    pub endpoint: Option<String>,
    /// Where: `request.query.locale`, `response.items[].id`,
    /// `type Ownership`, `errors.1780404`, `rate_limit`.
    pub at: String,
    /// What changed.
    pub kind: ChangeKind,
    /// How much it matters to callers.
    pub severity: Severity,
    /// The value before, when there was one.
    pub old: Option<String>,
    /// The value after, when there is one.
    pub new: Option<String>,
    /// What it means for code that uses the generated crate.
    pub consequence: String,
}

impl Change {
    /// A change to a whole service.
    pub(crate) fn service(service: &str, kind: ChangeKind, severity: Severity, consequence: String) -> Change {
        Change {
            service: service.to_owned(),
            endpoint: None,
            at: String::new(),
            kind,
            severity,
            old: None,
            new: None,
            consequence,
        }
    }

    /// With the values before and after.
    pub(crate) fn values(mut self, old: Option<String>, new: Option<String>) -> Change {
        self.old = old;
        self.new = new;
        self
    }
}
