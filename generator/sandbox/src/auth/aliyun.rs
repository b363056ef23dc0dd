//! Alibaba Cloud AccessKey signatures: V3 (`Authorization: ACS3-HMAC-SHA256`)
//! and the older RPC form (`Signature` and friends among the parameters).

use apigen_runtime::sign::{aliyun_rpc, aliyun_v3};
use time::format_description::well_known::Rfc3339;

use super::{unix_now, Caller};
use crate::incoming::Incoming;
use crate::reply::Refusal;
use crate::Shared;
use apigen::model::{AliyunSignatureVersion, Condition};

/// How far a timestamp may be from now (Alibaba Cloud: 15 minutes).
pub const WINDOW_SECONDS: i64 = 15 * 60;

/// Checks whichever signature the request carries, if the scheme accepts it.
pub fn signature(
    shared: &Shared,
    versions: &[AliyunSignatureVersion],
    scheme: &str,
    incoming: &Incoming,
) -> Result<Caller, Refusal> {
    let fail = |condition| Refusal::about(condition, scheme);
    let authorization = incoming.header("authorization").unwrap_or_default();
    if authorization.starts_with("ACS3-") && versions.contains(&AliyunSignatureVersion::V3) {
        return v3(shared, authorization, incoming).map_err(fail);
    }
    if incoming.param(aliyun_rpc::SIGNATURE_PARAM).is_some() && versions.contains(&AliyunSignatureVersion::Rpc) {
        return rpc(shared, incoming).map_err(fail);
    }
    if authorization.is_empty() && incoming.param(aliyun_rpc::SIGNATURE_PARAM).is_none() {
        return Err(fail(Condition::AuthMissing));
    }
    Err(fail(Condition::SignatureIncomplete))
}

fn v3(shared: &Shared, authorization: &str, incoming: &Incoming) -> Result<Caller, Condition> {
    let auth = aliyun_v3::parse_authorization(authorization).map_err(|_| Condition::SignatureIncomplete)?;
    let date = incoming.header("x-acs-date").ok_or(Condition::SignatureIncomplete)?;
    let nonce = incoming
        .header("x-acs-signature-nonce")
        .filter(|n| !n.is_empty())
        .ok_or(Condition::SignatureIncomplete)?;
    let secret = secret_of(shared, &auth.access_key_id)?;
    fresh(date)?;
    let path = percent_encoding::percent_decode_str(&incoming.path).decode_utf8_lossy();
    let headers = incoming.header_pairs();
    let input = aliyun_v3::V3Input {
        method: &incoming.method,
        path: &path,
        query: &incoming.query,
        headers: &headers,
        body: &incoming.body,
    };
    aliyun_v3::verify(&input, &auth, secret).map_err(|e| match e {
        aliyun_v3::V3VerifyError::MissingSignedHeader { .. }
        | aliyun_v3::V3VerifyError::RequiredHeaderNotSigned { .. } => Condition::SignatureIncomplete,
        _ => Condition::SignatureMismatch,
    })?;
    first_use(shared, &auth.access_key_id, nonce)?;
    Ok(caller(auth.access_key_id))
}

fn rpc(shared: &Shared, incoming: &Incoming) -> Result<Caller, Condition> {
    let params: Vec<(String, String)> = incoming.params().cloned().collect();
    let key_id = incoming.param("AccessKeyId").ok_or(Condition::SignatureIncomplete)?;
    let timestamp = incoming.param("Timestamp").ok_or(Condition::SignatureIncomplete)?;
    let nonce = incoming
        .param("SignatureNonce")
        .filter(|n| !n.is_empty())
        .ok_or(Condition::SignatureIncomplete)?;
    let secret = secret_of(shared, key_id)?;
    fresh(timestamp)?;
    aliyun_rpc::verify(&incoming.method, &params, secret).map_err(|e| match e {
        aliyun_rpc::RpcVerifyError::Mismatch { .. } | aliyun_rpc::RpcVerifyError::MalformedSignature => {
            Condition::SignatureMismatch
        }
        _ => Condition::SignatureIncomplete,
    })?;
    first_use(shared, key_id, nonce)?;
    Ok(caller(key_id.to_owned()))
}

fn secret_of<'a>(shared: &'a Shared, key_id: &str) -> Result<&'a str, Condition> {
    shared
        .fixtures
        .aliyun
        .access_keys
        .iter()
        .find(|k| k.id == key_id)
        .map(|k| k.secret.expose())
        .ok_or(Condition::KeyNotFound)
}

/// A UTC timestamp (`2019-03-07T12:00:00Z`) within the window.
fn fresh(timestamp: &str) -> Result<(), Condition> {
    let at = time::OffsetDateTime::parse(timestamp, &Rfc3339).map_err(|_| Condition::SignatureIncomplete)?;
    if (unix_now() - at.unix_timestamp()).abs() > WINDOW_SECONDS {
        return Err(Condition::TimestampExpired);
    }
    Ok(())
}

fn first_use(shared: &Shared, key_id: &str, nonce: &str) -> Result<(), Condition> {
    if nonce.len() > crate::limits::MAX_NONCE_LEN {
        return Err(Condition::SignatureIncomplete);
    }
    super::remember_nonce(shared, format!("aliyun/{key_id}/{nonce}"))
}

fn caller(key_id: String) -> Caller {
    Caller {
        app: key_id,
        ..Caller::default()
    }
}
