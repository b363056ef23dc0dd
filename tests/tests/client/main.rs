//! The generated clients, called over HTTP against the sandbox started
//! in-process on a free loopback port.

mod aliyun;
mod blocking;
mod broken_connections;
mod concurrency;
mod errors;
mod feishu;
mod files;
mod flat_success;
mod hostile_server;
mod multi_auth;
mod openmeta;
mod param_styles;
mod resilience;
mod sangfor;
mod secrets;
mod stub;
mod support;
mod tls;
mod token_paging;
