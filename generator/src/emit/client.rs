//! The service's client: a newtype over the runtime's generic client with
//! one method per endpoint, so calls read `feishu.create_device_record(req)`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, Paths};
use crate::model::Service;
use crate::naming::{ident, rust_type_name, type_ident};

/// `pub struct Client` and its methods.
pub(crate) fn client(service: &Service, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let title = format!(
        " A client of {}: one method per endpoint, each returning a call to `.await`, or to set per-call options on first.",
        service.title
    );
    let methods = service.endpoints.iter().map(|endpoint| {
        let name = ident(&endpoint.id);
        let request = type_ident(&endpoint.request_type);
        let doc = docs([
            endpoint.summary.as_str(),
            &format!("Sends a [`{}`].", rust_type_name(&endpoint.request_type)),
        ]);
        let stream = endpoint.pagination.as_ref().map(|_| {
            let name = ident(&format!("{}_stream", endpoint.id));
            let doc = format!(
                " Every item of every page of {}, from the page `request` names; pages are fetched as the stream is read.",
                endpoint.id
            );
            quote! {
                #[doc = #doc]
                pub fn #name(&self, request: #request) -> #rt::client::PageStream<'_, #request> {
                    self.0.stream(request)
                }
            }
        });
        // Every method takes its request, even one with no fields yet
        // (`Request::default()`), so a parameter the vendor adds later does
        // not change the method's signature.
        let call = quote! {
            #doc
            pub fn #name(&self, request: #request) -> #rt::client::Call<'_, #request> {
                self.0.call(request)
            }
        };
        quote!(#call #stream)
    });
    quote! {
        #[doc = #title]
        ///
        /// Build one with [`Client::builder`]; clones share connections, tokens and rate limits.
        #[derive(Debug, Clone)]
        pub struct Client(#rt::client::Client);

        impl Client {
            /// Starts configuring a client of this service.
            pub fn builder() -> #rt::client::ClientBuilder<Client> {
                #rt::client::ClientBuilder::new(&SERVICE)
            }

            /// The generic client, whose `call` takes any request of this service.
            pub fn generic(&self) -> &#rt::client::Client {
                &self.0
            }

            #(#methods)*
        }

        impl ::core::convert::From<#rt::client::Client> for Client {
            fn from(client: #rt::client::Client) -> Self {
                Client(client)
            }
        }
    }
}
