//! The secrets a client holds, each in a `SecretString` (zeroed on drop,
//! redacted in `Debug`), and the environment variables Alibaba Cloud's
//! tools read.

use secrecy::SecretString;

use crate::descriptor::AliyunSignatureVersion;

/// Alibaba Cloud's standard variables.
pub const ENV_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// The AccessKey secret variable.
pub const ENV_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// The STS security-token variable.
pub const ENV_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// Everything a client may authenticate with.
#[derive(Debug, Default)]
pub struct Credentials {
    /// Feishu app id and secret, exchanged for tenant tokens.
    pub feishu_app: Option<(String, SecretString)>,
    /// A fixed Feishu tenant token.
    pub tenant_token: Option<SecretString>,
    /// Alibaba Cloud AccessKey.
    pub aliyun: Option<AliyunKey>,
    /// Which Alibaba Cloud signature to send (the scheme's default when `None`).
    pub aliyun_version: Option<AliyunSignatureVersion>,
    /// Sangfor API id and secret.
    pub sangfor: Option<(String, SecretString)>,
}

/// An Alibaba Cloud AccessKey, optionally with an STS token.
#[derive(Debug)]
pub struct AliyunKey {
    /// AccessKey id (not secret: it names the key).
    pub id: String,
    /// AccessKey secret.
    pub secret: SecretString,
    /// STS security token.
    pub security_token: Option<SecretString>,
}

impl AliyunKey {
    /// The key from `ALIBABA_CLOUD_ACCESS_KEY_ID` / `..._SECRET` (and `..._SECURITY_TOKEN`).
    pub fn from_env() -> Option<AliyunKey> {
        let id = std::env::var(ENV_ACCESS_KEY_ID).ok().filter(|v| !v.is_empty())?;
        let secret = std::env::var(ENV_ACCESS_KEY_SECRET).ok().filter(|v| !v.is_empty())?;
        Some(AliyunKey {
            id,
            secret: secret.into(),
            security_token: std::env::var(ENV_SECURITY_TOKEN)
                .ok()
                .filter(|v| !v.is_empty())
                .map(Into::into),
        })
    }
}
