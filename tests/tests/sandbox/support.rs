//! Starting a sandbox in-process and speaking raw HTTP to it, signed the
//! way each vendor's SDK signs (with the runtime's shared signers).

use std::path::PathBuf;

use apigen_runtime::sign::{aliyun_rpc, aliyun_v3, encode, sangfor};
use apigen_sandbox::{Fixtures, Options, Sandbox};
use reqwest::header::HeaderMap;
use serde_json::Value;

/// A running sandbox and a client for it.
pub struct Env {
    pub sandbox: Sandbox,
    pub base: String,
    pub http: reqwest::Client,
}

/// A reply, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    /// The body as JSON (panics with the body when it is not: a test failure).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// A header's text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub fn specs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("api-specs")
}

/// The sandbox with the default fixture.
pub async fn start() -> Env {
    start_with(Fixtures::default_fixtures()).await
}

/// The default fixture with rate limits off.
pub async fn start_unlimited() -> Env {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.rate_limits = false;
    start_with(fixtures).await
}

pub async fn start_with(fixtures: Fixtures) -> Env {
    start_with_limits(fixtures, apigen_sandbox::Limits::default()).await
}

pub async fn start_with_limits(fixtures: Fixtures, limits: apigen_sandbox::Limits) -> Env {
    let catalog = apigen::load_catalog(&specs()).expect("the repository's specs load");
    let mut options = Options::new(catalog);
    options.fixtures = fixtures;
    options.limits = limits;
    let sandbox = Sandbox::start(options).await.expect("sandbox starts");
    assert!(sandbox.local_addr().ip().is_loopback());
    Env {
        base: sandbox.base_url(),
        sandbox,
        http: reqwest::Client::new(),
    }
}

pub async fn read(response: reqwest::Response) -> Reply {
    Reply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        text: response.text().await.expect("body"),
    }
}

pub fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

pub fn nonce() -> String {
    uuid::Uuid::new_v4().to_string()
}

// ---------------------------------------------------------------- Feishu

pub const RECORDS: &str = "/open-apis/security_and_compliance/v2/device_records";
pub const MINE: &str = "/open-apis/security_and_compliance/v2/device_records/mine";

impl Env {
    /// Exchanges the default app's secret for a tenant token.
    pub async fn tenant_token(&self) -> String {
        let reply = self
            .exchange(serde_json::json!({"app_id": "cli_sandbox", "app_secret": "sandbox-secret"}))
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()["tenant_access_token"].as_str().expect("token").to_owned()
    }

    pub async fn exchange(&self, body: Value) -> Reply {
        let url = format!("{}/open-apis/auth/v3/tenant_access_token/internal", self.base);
        read(self.http.post(url).json(&body).send().await.expect("send")).await
    }

    /// A Feishu call with an optional bearer token and extra headers.
    pub async fn feishu(&self, method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> Reply {
        self.feishu_with(method, path, token, body, &[]).await
    }

    pub async fn feishu_with(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        read(request.send().await.expect("send")).await
    }
}

// ---------------------------------------------------------------- Sangfor

pub const DEVICE_QUERY: &str = "/api/v1/device/query";

/// How a Sangfor request is signed (the default fixture's app unless changed).
pub struct SangforCall<'a> {
    pub key: &'a str,
    pub secret: &'a str,
    pub timestamp: i64,
    pub nonce: String,
}

impl Default for SangforCall<'_> {
    fn default() -> Self {
        SangforCall {
            key: "sandbox-app",
            secret: "sandbox-app-secret",
            timestamp: unix_now(),
            nonce: nonce(),
        }
    }
}

impl Env {
    /// `GET /api/v1/device/query?...`, signed as `call` says (decoded query values, as the spec records).
    pub async fn sangfor_query(&self, query: &[(&str, &str)], call: &SangforCall<'_>) -> Reply {
        let pairs: Vec<(String, String)> = query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let ts = call.timestamp.to_string();
        let signature = sangfor::sign(
            call.key,
            call.secret,
            &ts,
            &call.nonce,
            DEVICE_QUERY,
            &pairs,
            None,
            sangfor::QueryEncoding::Decoded,
        );
        let request = self
            .http
            .get(format!("{}{DEVICE_QUERY}", self.base))
            .query(&pairs)
            .header(sangfor::HEADER_KEY, call.key)
            .header(sangfor::HEADER_TIMESTAMP, ts)
            .header(sangfor::HEADER_NONCE, &call.nonce)
            .header(sangfor::HEADER_SIGN, signature.signature);
        read(request.send().await.expect("send")).await
    }
}

// ---------------------------------------------------------------- Alibaba Cloud

/// How an Alibaba Cloud request is signed.
pub struct AliyunCall<'a> {
    pub key: &'a str,
    pub secret: &'a str,
    /// `YYYY-MM-DDThh:mm:ssZ`.
    pub timestamp: String,
    pub nonce: String,
}

impl Default for AliyunCall<'_> {
    fn default() -> Self {
        AliyunCall {
            key: "sandbox-ak",
            secret: "sandbox-secret",
            timestamp: iso_time(0),
            nonce: nonce(),
        }
    }
}

/// Now plus `offset` seconds, as Alibaba Cloud writes times.
pub fn iso_time(offset: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix_now() + offset).expect("time");
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn owned(params: &[(&str, &str)]) -> Vec<(String, String)> {
    params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

impl Env {
    /// An RPC-signed DescribeDeviceInfo, parameters in the query (GET) or a form body (POST).
    pub async fn aliyun_rpc(&self, method: &str, params: &[(&str, &str)], call: &AliyunCall<'_>) -> Reply {
        let mut all = owned(&[
            ("Action", "DescribeDeviceInfo"),
            ("Version", "2019-03-07"),
            ("Format", "JSON"),
            ("AccessKeyId", call.key),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("SignatureNonce", &call.nonce),
            ("Timestamp", &call.timestamp),
        ]);
        all.extend(owned(params));
        let signature = aliyun_rpc::sign(method, &all, call.secret);
        all.push(("Signature".to_owned(), signature.signature));
        let url = format!("{}/", self.base);
        let request = match method {
            "GET" => self.http.get(url).query(&all),
            _ => self.http.post(url).form(&all),
        };
        read(request.send().await.expect("send")).await
    }

    /// A V3-signed DescribeDeviceInfo: POST, parameters in the query, `x-acs-*` headers.
    pub async fn aliyun_v3(&self, params: &[(&str, &str)], call: &AliyunCall<'_>) -> Reply {
        self.aliyun_v3_with("POST", params, &[], call).await
    }

    /// A V3-signed DescribeDeviceInfo with parameters in the query and/or a form body.
    pub async fn aliyun_v3_with(
        &self,
        method: &str,
        query: &[(&str, &str)],
        form: &[(&str, &str)],
        call: &AliyunCall<'_>,
    ) -> Reply {
        let query = owned(query);
        let body = if form.is_empty() {
            String::new()
        } else {
            form.iter()
                .map(|(k, v)| format!("{}={}", encode::percent_encode(k), encode::percent_encode(v)))
                .collect::<Vec<_>>()
                .join("&")
        };
        let host = self.base.trim_start_matches("http://").to_owned();
        let mut headers = owned(&[
            ("host", &host),
            ("x-acs-action", "DescribeDeviceInfo"),
            ("x-acs-version", "2019-03-07"),
            ("x-acs-date", &call.timestamp),
            ("x-acs-signature-nonce", &call.nonce),
            ("x-acs-content-sha256", &aliyun_v3::content_sha256(body.as_bytes())),
        ]);
        if !form.is_empty() {
            headers.push((
                "content-type".to_owned(),
                "application/x-www-form-urlencoded".to_owned(),
            ));
        }
        let input = aliyun_v3::V3Input {
            method,
            path: "/",
            query: &query,
            headers: &headers,
            body: body.as_bytes(),
        };
        let signed = aliyun_v3::default_signed_headers(&headers);
        let signature = aliyun_v3::sign(&input, &signed, call.key, call.secret);
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.http.request(method, format!("{}/", self.base)).query(&query);
        for (k, v) in headers.iter().filter(|(k, _)| k != "host") {
            request = request.header(k, v);
        }
        request = request.header("authorization", signature.authorization).body(body);
        read(request.send().await.expect("send")).await
    }
}
