//! Fuzz targets that run on stable Rust, driven by proptest strategies:
//! the spec loader, the reply decoders, the signers against the sandbox,
//! and the sandbox's routes.
//!
//! An ordinary `cargo test` replays the committed corpus
//! (`tests/fuzz/corpus/<target>/*.json`) and a fixed set of generated
//! inputs, in seconds. A fuzzing run searches for as long as it is given,
//! per target, and writes each failing input into the corpus:
//!
//! ```text
//! APIGEN_FUZZ_SECS=300 cargo test --release -p apigen-tests --test fuzz -- --nocapture --test-threads 1
//! ```

mod harness;
mod importers;
mod reply_decoders;
mod sandbox_routes;
mod signers;
mod spec_loader;

/// The test-only flat-envelope RPC service, generated in place.
mod cloudauth {
    apigen_macros::include_specs!("specs/cloudauth");
}
