//! `impl rt::Paged` for endpoints whose spec says how they page: how to
//! take a page's items out of a reply and build the request for the next.

use proc_macro2::TokenStream;
use quote::quote;

use super::{type_tokens, Paths};
use crate::model::{EndpointDef, Field, PageStyle, TypeRef};
use crate::naming::{ident, type_ident};

/// The impl, or nothing for an endpoint that does not page.
pub(crate) fn paged_impl(endpoint: &EndpointDef, p: &Paths) -> TokenStream {
    let Some(pagination) = &endpoint.pagination else {
        return TokenStream::new();
    };
    let rt = &p.rt;
    let request = type_ident(&endpoint.request_type);
    let response = super::response_type(&endpoint.response_type, p);
    let item = type_tokens(&pagination.item, p);
    let items = ident(&pagination.items.rust);
    let (take_items, page_len) = if pagination.items.required {
        (quote!(response.#items), quote!(response.#items.len()))
    } else {
        (
            // Generated code: a reply without the items field is an empty page.
            quote!(response.#items.unwrap_or_default()),
            quote!(response.#items.as_ref().map_or(0, Vec::len)),
        )
    };
    let next_page = match &pagination.style {
        PageStyle::PageNumber { page, total, .. } => page_number(page, total, &page_len),
        PageStyle::Cursor { cursor, next, has_more } => cursor_page(cursor, next, has_more, &page_len),
        PageStyle::Token { token, next, .. } => token_page(token, next),
    };
    quote! {
        impl #rt::Paged for #request {
            type Item = #item;

            fn into_items(response: #response) -> Vec<#item> {
                #take_items
            }

            fn next_page(&self, response: &#response, seen: usize) -> Option<Self> {
                #next_page
            }
        }
    }
}

/// Reads a field as a value: `x` when required, `x?` (returning `None`)
/// when optional; strings are cloned, numbers and flags copied.
fn read(owner: TokenStream, field: &Field) -> TokenStream {
    let name = ident(&field.rust);
    let value = if field.ty == TypeRef::String {
        quote!(#owner.#name.clone())
    } else {
        quote!(#owner.#name)
    };
    if field.required {
        value
    } else {
        quote!(#value?)
    }
}

fn page_number(page: &Field, total: &Field, page_len: &TokenStream) -> TokenStream {
    let page_name = ident(&page.rust);
    let current = if page.required {
        quote!(self.#page_name)
    } else {
        // Generated code: a request without a page number asks for the first page.
        quote!(self.#page_name.unwrap_or(1))
    };
    // A page number at `i64::MAX` has no next page rather than overflowing.
    let set = if page.required {
        quote!(next.#page_name = current.checked_add(1)?;)
    } else {
        quote!(next.#page_name = Some(current.checked_add(1)?);)
    };
    let total = read(quote!(response), total);
    quote! {
        let total = #total;
        let on_page = #page_len;
        if on_page == 0 || i64::try_from(seen.saturating_add(on_page)).ok()? >= total {
            return None;
        }
        let current = #current;
        let mut next = self.clone();
        #set
        Some(next)
    }
}

/// The next page is the same request with the reply's token; an empty or
/// absent token ends the walk. (A token the server repeats ends the stream
/// with an error in the runtime, rather than looping.)
fn token_page(token: &Field, next: &Field) -> TokenStream {
    let token_name = ident(&token.rust);
    let next_token = read(quote!(response), next);
    let set = if token.required {
        quote!(request.#token_name = next;)
    } else {
        quote!(request.#token_name = Some(next);)
    };
    quote! {
        let _ = seen;
        let next = #next_token;
        if next.is_empty() {
            return None;
        }
        let mut request = self.clone();
        #set
        Some(request)
    }
}

fn cursor_page(cursor: &Field, next: &Field, has_more: &Field, page_len: &TokenStream) -> TokenStream {
    let cursor_name = ident(&cursor.rust);
    let has_more = read(quote!(response), has_more);
    let next_cursor = read(quote!(response), next);
    let set = if cursor.required {
        quote!(request.#cursor_name = token;)
    } else {
        quote!(request.#cursor_name = Some(token);)
    };
    quote! {
        let _ = seen;
        if !#has_more || #page_len == 0 {
            return None;
        }
        let token = #next_cursor;
        if token.is_empty() {
            return None;
        }
        let mut request = self.clone();
        #set
        Some(request)
    }
}
