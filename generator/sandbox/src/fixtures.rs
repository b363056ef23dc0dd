//! The sandbox's starting state and credentials (`--fixtures FILE`).
//!
//! Sections are per auth kind, not per service: every service whose auth
//! scheme is a Feishu bearer token uses `feishu`, and so on, so a new spec'd
//! service of a known vendor needs no new fixture section.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value};

/// The fixture shipped with the sandbox (see `default_fixtures.yaml`).
pub const DEFAULT_FIXTURES: &str = include_str!("default_fixtures.yaml");

/// A credential: kept out of `Debug` output, logs and fixture errors.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl<'de> Deserialize<'de> for Secret {
    /// Any scalar is taken as text (`app_secret: 123456` is the secret
    /// "123456"): serde's own errors for a mistyped string quote the value,
    /// and here that value is a secret. A list or map is refused without it.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Secret;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a secret written as text")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Secret, E> {
                Ok(Secret(v.to_owned()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Secret, E> {
                Ok(Secret(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Secret, E> {
                Ok(Secret(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Secret, E> {
                Ok(Secret(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Secret, E> {
                // A float's text is not what was written (`1e3`); say so without the value.
                Err(E::custom("a secret that looks like a decimal number must be quoted"))
            }
        }
        deserializer.deserialize_any(Text)
    }
}

impl Secret {
    /// The secret text, for signing and comparing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Everything a fixture file holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixtures {
    /// Enforce documented rate limits.
    #[serde(default = "yes")]
    pub rate_limits: bool,
    /// Faults injected into matching calls.
    #[serde(default)]
    pub faults: Vec<FaultRule>,
    /// Payloads for endpoints without built-in state, by `service.endpoint`.
    #[serde(default)]
    pub responses: BTreeMap<String, Value>,
    /// Feishu apps, tokens, tenants, users and device records.
    #[serde(default)]
    pub feishu: FeishuFixtures,
    /// Sangfor API credentials and devices.
    #[serde(default)]
    pub sangfor: SangforFixtures,
    /// Alibaba Cloud AccessKeys and devices.
    #[serde(default)]
    pub aliyun: AliyunFixtures,
}

fn yes() -> bool {
    true
}

/// A fault injected into calls of one endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    /// `service.endpoint`, e.g. `feishu.create_device_record`.
    pub endpoint: String,
    /// `internal`, `throttle`, `malformed` or `delay_ms=N`.
    pub fault: String,
    /// How many calls it affects (every call when absent).
    #[serde(default)]
    pub times: Option<u32>,
}

/// Feishu-style bearer-token services.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeishuFixtures {
    /// Apps that may exchange their secret for a tenant token.
    #[serde(default)]
    pub apps: Vec<FeishuApp>,
    /// Lifetime of exchanged tenant tokens.
    #[serde(default = "two_hours")]
    pub token_ttl_seconds: u64,
    /// Tenant tokens valid without an exchange.
    #[serde(default)]
    pub tenant_tokens: Vec<FixedTenantToken>,
    /// Tenants (for the verification endpoint).
    #[serde(default)]
    pub tenants: Vec<FeishuTenant>,
    /// Users and their user tokens.
    #[serde(default)]
    pub users: Vec<FeishuUser>,
    /// Device records present at start.
    #[serde(default)]
    pub device_records: Vec<Map<String, Value>>,
}

fn two_hours() -> u64 {
    7200
}

/// A Feishu app.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeishuApp {
    /// `cli_...`.
    pub app_id: String,
    /// The app secret.
    pub app_secret: Secret,
    /// Key of the tenant the app is installed in.
    pub tenant: String,
}

/// A tenant token that needs no exchange.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedTenantToken {
    /// `t-...`.
    pub token: Secret,
    /// The app it belongs to.
    pub app_id: String,
}

/// A Feishu tenant.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeishuTenant {
    /// Key apps refer to.
    pub key: String,
    /// The company name.
    pub name: String,
    /// Whether it completed verification.
    pub has_verification: bool,
}

/// A Feishu user with a user token.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeishuUser {
    /// `u-...`.
    pub token: Secret,
    /// The app the token was issued to.
    pub app_id: String,
    /// Display name.
    pub name: String,
    /// The device record bound to the user's client, if any.
    #[serde(default)]
    pub device_record_id: Option<String>,
}

/// Sangfor aTrust deployments.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SangforFixtures {
    /// Open-API credentials.
    #[serde(default)]
    pub apps: Vec<SangforApp>,
    /// Devices, each a full `DeviceDetail` object.
    #[serde(default)]
    pub devices: Vec<Map<String, Value>>,
}

/// A Sangfor open-API credential.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SangforApp {
    /// The API id (`x-ca-key`).
    pub api_id: String,
    /// The API secret.
    pub secret: Secret,
}

/// Alibaba Cloud accounts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliyunFixtures {
    /// AccessKey pairs.
    #[serde(default)]
    pub access_keys: Vec<AccessKey>,
    /// Cloudauth devices, each a `DeviceInfo` object.
    #[serde(default)]
    pub devices: Vec<Map<String, Value>>,
}

/// An AccessKey pair.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessKey {
    /// AccessKey id.
    pub id: String,
    /// AccessKey secret.
    pub secret: Secret,
}

impl Fixtures {
    /// The shipped default fixture.
    pub fn default_fixtures() -> Fixtures {
        // The file is part of the binary and covered by a test; failing to
        // parse it is a build defect, reported rather than panicking.
        Self::parse(DEFAULT_FIXTURES, Path::new("default_fixtures.yaml")).unwrap_or_else(|e| {
            eprintln!("{e}");
            Fixtures::empty()
        })
    }

    /// A fixture with no credentials and no state.
    pub fn empty() -> Fixtures {
        Fixtures {
            rate_limits: true,
            faults: Vec::new(),
            responses: BTreeMap::new(),
            feishu: FeishuFixtures::default(),
            sangfor: SangforFixtures::default(),
            aliyun: AliyunFixtures::default(),
        }
    }

    /// Reads a fixture file.
    pub fn load(path: &Path) -> Result<Fixtures, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the fixture file: {e}", path.display()))?;
        Self::parse(&text, path)
    }

    /// Parses fixture text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Fixtures, String> {
        let de = serde_yaml::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let inner = e.inner();
            let location = inner
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            // serde_yaml's message already names the path; drop its trailing position.
            let message = inner.to_string();
            let message = message.split(" at line ").next().unwrap_or_default().to_owned();
            format!("{}{location}: {message}", origin.display())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_fixture_parses_and_hides_secrets() {
        let fixtures = Fixtures::parse(DEFAULT_FIXTURES, Path::new("default")).unwrap();
        assert_eq!(fixtures.feishu.apps[0].app_id, "cli_sandbox");
        assert_eq!(fixtures.sangfor.devices.len(), 3);
        let debug = format!("{fixtures:?}");
        for secret in [
            "sandbox-secret",
            "sandbox-app-secret",
            "u-sandbox-user",
            "t-sandbox-tenant",
        ] {
            assert!(!debug.contains(secret), "{secret} leaked into Debug");
        }
    }

    #[test]
    fn a_mistyped_secret_is_reported_without_its_value() {
        let fixture =
            |secret: &str| format!("feishu:\n  apps:\n    - {{ app_id: cli_x, tenant: t, app_secret: {secret} }}\n");
        let parsed = Fixtures::parse(&fixture("314159"), Path::new("f.yaml")).unwrap();
        assert_eq!(parsed.feishu.apps[0].app_secret.expose(), "314159");
        for written in ["3.14159", "[s3cr3t-value]", "{ s3cr3t-value: 1 }"] {
            let e = Fixtures::parse(&fixture(written), Path::new("f.yaml")).unwrap_err();
            assert!(e.starts_with("f.yaml:3:"), "{e}");
            assert!(!e.contains("s3cr3t") && !e.contains("14159"), "{e}");
        }
    }

    #[test]
    fn unknown_keys_are_errors_with_a_position() {
        let e = Fixtures::parse("feishu:\n  appz: []\n", Path::new("f.yaml")).unwrap_err();
        assert!(e.starts_with("f.yaml:2:"), "{e}");
        assert!(e.contains("appz"), "{e}");
    }
}
