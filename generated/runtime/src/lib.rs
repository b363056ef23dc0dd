//! Hand-written support for the generated clients.
//!
//! Generated modules refer to this module as `rt`. Nothing here knows any
//! particular endpoint: endpoints describe themselves with an
//! [`EndpointDescriptor`], and everything generic (encoding a request,
//! unwrapping a reply, looking up an error) works from that description.
//! This keeps the generated code down to data and derives.

#[cfg(feature = "client")]
pub mod client;
pub mod descriptor;
pub mod error_table;
pub mod item_list;
pub mod multipart;
pub mod object;
pub mod open_enum;
pub mod paging;
pub mod payload;
/// Request signers (Alibaba Cloud RPC and V3, Sangfor aTrust) shared by clients and the sandbox.
pub mod sign;
pub mod tagged;
#[doc(hidden)]
pub mod testing;
pub mod values;
pub mod wire;
pub mod with;

pub use descriptor::{
    AliyunSignatureVersion, AuthKind, AuthScheme, BaseUrl, CallStyle, Endpoint, EndpointDescriptor, Envelope, Method,
    Param, ParamLocation, ParamStyle, RateLimit, RequestIdSource, ServiceDescriptor, TokenType,
};
pub use error_table::{ErrorCode, ErrorEntry, ErrorTable, TemplateValues, UnknownError};
pub use multipart::FilePart;
pub use paging::Paged;
pub use payload::{Download, Payload};
/// An object the spec does not describe further.
pub use serde_json::Value as Json;
pub use values::{Checked, ColonLower, ConstraintError, DashUpper, Day, MacAddress, MacStyle, StringRules};
pub use wire::{
    decode_reply, decode_reply_into, decode_reply_raw, decode_reply_traced, encode_form, encode_request, DecodeError,
    EncodeError, EncodedRequest, PayloadReply, VendorError,
};
pub use with::WithFields;

#[doc(hidden)]
pub use crate::__apigen_error_impls as error_impls;
pub use crate::__apigen_error_table as error_table;
#[doc(hidden)]
pub use crate::__apigen_object as object;
#[doc(hidden)]
pub use crate::__apigen_open_enum as open_enum;
/// serde, for the impls the runtime's macros write.
#[doc(hidden)]
pub use serde as __serde;
