//! The sandbox, started in-process and spoken to over raw HTTP (reqwest),
//! never touching a non-loopback address.

mod aliyun;
mod faults;
mod feishu;
mod hostile;
mod lifecycle;
mod new_endpoint;
mod sangfor;
mod support;
