//! `apigen sign`: one request signed with the runtime's signers (the code
//! the clients and the sandbox use), showing every intermediate step, so a
//! `SignatureDoesNotMatch` can be compared with what the vendor expected.

use std::fmt;

use apigen_runtime::sign::{aliyun_rpc, aliyun_v3, sangfor};

/// The signature schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Alibaba Cloud RPC signature (HMAC-SHA1 over the canonical query).
    AliyunRpc,
    /// Alibaba Cloud V3 signature (`ACS3-HMAC-SHA256`).
    AliyunV3,
    /// Sangfor aTrust `x-ca-sign`.
    Sangfor,
}

impl std::str::FromStr for Scheme {
    type Err = String;

    fn from_str(s: &str) -> Result<Scheme, String> {
        match s {
            "aliyun-rpc" => Ok(Scheme::AliyunRpc),
            "aliyun-v3" => Ok(Scheme::AliyunV3),
            "sangfor" => Ok(Scheme::Sangfor),
            other => Err(format!(
                "unknown scheme `{other}`; expected aliyun-rpc, aliyun-v3 or sangfor"
            )),
        }
    }
}

/// What to sign.
#[derive(Debug, Clone)]
pub struct SignRequest {
    /// The scheme.
    pub scheme: Scheme,
    /// HTTP method.
    pub method: String,
    /// Path (decoded).
    pub path: String,
    /// AccessKey id or API id.
    pub key_id: String,
    /// Query (or RPC) parameters; for `aliyun-rpc` they override the defaults.
    pub params: Vec<(String, String)>,
    /// Headers to send (and, for V3, to sign).
    pub headers: Vec<(String, String)>,
    /// JSON body.
    pub body: Option<String>,
    /// Unix seconds (Sangfor) or `YYYY-MM-DDThh:mm:ssZ` (Alibaba Cloud).
    pub timestamp: String,
    /// The nonce.
    pub nonce: String,
    /// Sangfor: how query values enter the signed string.
    pub sangfor_query: sangfor::QueryEncoding,
}

/// A signed request: the steps, the signature, and what to send.
#[derive(Debug, Clone)]
pub struct Signed {
    /// `(step name, value)` in order.
    pub steps: Vec<(&'static str, String)>,
    /// Query parameters to send.
    pub query: Vec<(String, String)>,
    /// Headers to send.
    pub headers: Vec<(String, String)>,
    /// Body to send.
    pub body: Option<String>,
    /// Method.
    pub method: String,
    /// Path.
    pub path: String,
}

/// Signs `request` with `secret`.
pub fn sign(request: &SignRequest, secret: &str) -> Signed {
    match request.scheme {
        Scheme::AliyunRpc => sign_rpc(request, secret),
        Scheme::AliyunV3 => sign_v3(request, secret),
        Scheme::Sangfor => sign_sangfor(request, secret),
    }
}

fn sign_rpc(request: &SignRequest, secret: &str) -> Signed {
    let defaults = [
        ("AccessKeyId", request.key_id.as_str()),
        ("Format", "JSON"),
        ("SignatureMethod", aliyun_rpc::SIGNATURE_METHOD),
        ("SignatureVersion", aliyun_rpc::SIGNATURE_VERSION),
        ("SignatureNonce", request.nonce.as_str()),
        ("Timestamp", request.timestamp.as_str()),
    ];
    let mut params: Vec<(String, String)> = defaults
        .iter()
        .filter(|(k, _)| !request.params.iter().any(|(p, _)| p == k))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    params.extend(request.params.iter().cloned());
    let signature = aliyun_rpc::sign(&request.method, &params, secret);
    params.push((aliyun_rpc::SIGNATURE_PARAM.to_owned(), signature.signature.clone()));
    Signed {
        steps: vec![
            ("canonicalized query string", signature.canonical_query),
            ("string to sign", signature.string_to_sign),
            ("signature", signature.signature.clone()),
        ],
        query: params,
        headers: request.headers.clone(),
        body: request.body.clone(),
        method: request.method.clone(),
        path: request.path.clone(),
    }
}

fn sign_v3(request: &SignRequest, secret: &str) -> Signed {
    let body = request.body.as_deref().unwrap_or_default().as_bytes();
    let mut headers = request.headers.clone();
    for (name, value) in [
        ("x-acs-date", request.timestamp.clone()),
        ("x-acs-signature-nonce", request.nonce.clone()),
        (aliyun_v3::HEADER_CONTENT_SHA256, aliyun_v3::content_sha256(body)),
    ] {
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
            headers.push((name.to_owned(), value));
        }
    }
    let input = aliyun_v3::V3Input {
        method: &request.method,
        path: &request.path,
        query: &request.params,
        headers: &headers,
        body,
    };
    let signed_headers = aliyun_v3::default_signed_headers(&headers);
    let signature = aliyun_v3::sign(&input, &signed_headers, &request.key_id, secret);
    headers.push(("Authorization".to_owned(), signature.authorization.clone()));
    Signed {
        steps: vec![
            ("canonical request", signature.canonical_request),
            ("hashed canonical request", signature.hashed_canonical_request),
            ("string to sign", signature.string_to_sign),
            ("signed headers", signature.signed_headers),
            ("signature", signature.signature.clone()),
            ("authorization", signature.authorization),
        ],
        query: request.params.clone(),
        headers,
        body: request.body.clone(),
        method: request.method.clone(),
        path: request.path.clone(),
    }
}

fn sign_sangfor(request: &SignRequest, secret: &str) -> Signed {
    let body = request.body.as_deref().map(str::as_bytes).filter(|b| !b.is_empty());
    let signature = sangfor::sign(
        &request.key_id,
        secret,
        &request.timestamp,
        &request.nonce,
        &request.path,
        &request.params,
        body,
        request.sangfor_query,
    );
    let mut headers = request.headers.clone();
    headers.extend([
        (sangfor::HEADER_KEY.to_owned(), request.key_id.clone()),
        (sangfor::HEADER_TIMESTAMP.to_owned(), request.timestamp.clone()),
        (sangfor::HEADER_NONCE.to_owned(), request.nonce.clone()),
        (sangfor::HEADER_SIGN.to_owned(), signature.signature.clone()),
    ]);
    Signed {
        steps: vec![
            (
                "signing key",
                sangfor::signing_key_redacted(&request.key_id, &request.timestamp, &request.nonce),
            ),
            ("string to sign", signature.string_to_sign),
            ("signature", signature.signature.clone()),
        ],
        query: request.params.clone(),
        headers,
        body: request.body.clone(),
        method: request.method.clone(),
        path: request.path.clone(),
    }
}

impl Signed {
    /// A `curl` command sending this request to `base` (e.g. the sandbox).
    pub fn curl(&self, base: &str) -> String {
        let mut url = format!("{}{}", base.trim_end_matches('/'), encode_path(&self.path));
        if !self.query.is_empty() {
            url.push('?');
            let pairs: Vec<String> = self
                .query
                .iter()
                .map(|(k, v)| format!("{}={}", aliyun_percent(k), aliyun_percent(v)))
                .collect();
            url.push_str(&pairs.join("&"));
        }
        let mut command = format!("curl -sS -w '\\n' -X {} {}", self.method, shell_quote(&url));
        for (name, value) in self.headers.iter().filter(|(k, _)| !k.eq_ignore_ascii_case("host")) {
            command.push_str(&format!(" -H {}", shell_quote(&format!("{name}: {value}"))));
        }
        if let Some(body) = &self.body {
            command.push_str(&format!(
                " -H 'Content-Type: application/json' --data-binary {}",
                shell_quote(body)
            ));
        }
        command
    }
}

impl fmt::Display for Signed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, value) in &self.steps {
            writeln!(f, "== {name}\n{value}")?;
        }
        Ok(())
    }
}

fn aliyun_percent(text: &str) -> String {
    apigen_runtime::sign::encode::percent_encode(text)
}

fn encode_path(path: &str) -> String {
    path.split('/').map(aliyun_percent).collect::<Vec<_>>().join("/")
}

/// Single-quotes for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step<'a>(signed: &'a Signed, name: &str) -> Option<&'a String> {
        signed
            .steps
            .iter()
            .find(|(step, _)| *step == name)
            .map(|(_, value)| value)
    }

    fn request(scheme: Scheme) -> SignRequest {
        SignRequest {
            scheme,
            method: "GET".to_owned(),
            path: "/".to_owned(),
            key_id: "testid".to_owned(),
            params: vec![
                ("Format".to_owned(), "XML".to_owned()),
                ("Action".to_owned(), "DescribeRegions".to_owned()),
            ],
            headers: Vec::new(),
            body: None,
            timestamp: "2016-02-23T12:46:24Z".to_owned(),
            nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf".to_owned(),
            sangfor_query: sangfor::QueryEncoding::Decoded,
        }
    }

    #[test]
    fn a_param_overrides_the_rpc_default() {
        let signed = sign(&request(Scheme::AliyunRpc), "testsecret");
        let formats: Vec<_> = signed.query.iter().filter(|(k, _)| k == "Format").collect();
        assert_eq!(formats, [&("Format".to_owned(), "XML".to_owned())]);
        assert!(signed.steps[1]
            .1
            .starts_with("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions"));
        assert!(signed
            .query
            .iter()
            .any(|(k, v)| k == "Signature" && Some(v) == step(&signed, "signature")));
    }

    #[test]
    fn v3_signs_only_the_given_and_required_headers() {
        let mut req = request(Scheme::AliyunV3);
        req.headers = vec![
            ("host".to_owned(), "ecs.aliyuncs.com".to_owned()),
            ("accept".to_owned(), "*/*".to_owned()),
        ];
        let signed = sign(&req, "secret");
        let signed_headers = &signed.steps[3].1;
        assert_eq!(
            signed_headers,
            "host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce"
        );
        assert!(signed
            .curl("http://127.0.0.1:1")
            .contains("-H 'Authorization: ACS3-HMAC-SHA256 Credential=testid,"));
    }

    #[test]
    fn the_sangfor_key_is_shown_without_the_secret() {
        let mut req = request(Scheme::Sangfor);
        req.timestamp = "1700000000".to_owned();
        let signed = sign(&req, "very-secret-value");
        assert!(!signed.to_string().contains("very-secret-value"));
        assert!(!signed.curl("http://x").contains("very-secret-value"));
        assert!(signed.to_string().contains("appSecret=***"));
    }
}
