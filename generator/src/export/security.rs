//! Auth schemes as OpenAPI security schemes: bearer tokens as HTTP bearer,
//! the vendors' request signatures as the key they carry (`apiKey`), each
//! with the spec's own form of the scheme in `x-apigen-auth`.

use crate::model::{AliyunSignatureVersion, AuthKind, AuthScheme, SangforQueryValues, TokenType};

use super::json::{strings, Json, Obj, Put};

/// The security scheme of one auth scheme.
pub fn scheme(auth: &AuthScheme) -> Obj {
    let mut scheme = Obj::new();
    let mut spec = Obj::new();
    match &auth.kind {
        AuthKind::Bearer(token_type) => {
            let token_type = match token_type {
                TokenType::Tenant => "tenant",
                TokenType::User => "user",
                TokenType::App => "app",
            };
            scheme.put("type", "http").put("scheme", "bearer");
            let description = auth
                .description
                .clone()
                .unwrap_or_else(|| format!("`Authorization: Bearer <{token_type} token>`."));
            scheme.put("description", description);
            spec.put("kind", "bearer").put("token_type", token_type);
        }
        AuthKind::AliyunSignature(versions) => {
            let names: Vec<&str> = versions
                .iter()
                .map(|v| match v {
                    AliyunSignatureVersion::V3 => "v3",
                    AliyunSignatureVersion::Rpc => "rpc",
                })
                .collect();
            // The client's default signature decides where the key is carried.
            match versions.first() {
                Some(AliyunSignatureVersion::Rpc) => {
                    scheme.put("type", "apiKey").put("in", "query").put("name", "Signature")
                }
                _ => scheme
                    .put("type", "apiKey")
                    .put("in", "header")
                    .put("name", "Authorization"),
            };
            let mut text = String::from(
                "Alibaba Cloud AccessKey signature, not a fixed key: V3 signs the request with ACS3-HMAC-SHA256 into the `Authorization` header; RPC signs the query with HMAC-SHA1 into the `Signature` parameter. Accepted here: ",
            );
            text.push_str(&names.join(", "));
            text.push_str(" (the first is the client's default).");
            if let Some(description) = &auth.description {
                text.push(' ');
                text.push_str(description);
            }
            scheme.put("description", text);
            spec.put("kind", "aliyun_signature").put("versions", strings(names));
        }
        AuthKind::SangforSignature(values) => {
            let values = match values {
                SangforQueryValues::Decoded => "decoded",
                SangforQueryValues::PercentEncoded => "percent_encoded",
            };
            scheme
                .put("type", "apiKey")
                .put("in", "header")
                .put("name", "x-ca-sign");
            let mut text = String::from(
                "Sangfor HMAC-SHA256 request signature, not a fixed key: every request carries x-ca-key, x-ca-timestamp, x-ca-nonce and x-ca-sign.",
            );
            if let Some(description) = &auth.description {
                text.push(' ');
                text.push_str(description);
            }
            scheme.put("description", text);
            scheme.put(
                "x-apigen-signed-headers",
                strings(["x-ca-key", "x-ca-timestamp", "x-ca-nonce", "x-ca-sign"]),
            );
            spec.put("kind", "sangfor_signature").put("query_values", values);
        }
    }
    spec.put_some("description", auth.description.as_deref());
    scheme.put("x-apigen-auth", spec);
    scheme
}

/// The security requirements of an endpoint: any one of its schemes, the client's default first.
pub fn requirements<'a>(schemes: impl Iterator<Item = &'a AuthScheme>) -> Json {
    Json::Array(
        schemes
            .map(|s| {
                let mut requirement = Obj::new();
                requirement.put(&s.name, Json::Array(Vec::new()));
                requirement.into()
            })
            .collect(),
    )
}
