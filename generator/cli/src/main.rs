//! The `apigen` command line: generate, check and list the clients of
//! `api-specs/`, sign a request step by step, and serve the specs locally.
//!
//! One module per command; each calls the `apigen` library (and the
//! sandbox crate), so the command line holds no generation logic.

mod check;
mod diff;
mod generate;
mod import;
mod inventory;
mod openapi;
mod sandbox;
mod sign;
mod signing;
mod specs;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// Generating a large catalogue allocates and frees tens of millions of small
// token trees and syntax nodes; measured on the 20,000-endpoint catalogue,
// glibc's allocator took a quarter of the time (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns YAML transcriptions of vendor API pages into typed Rust clients.
#[derive(Parser)]
#[command(name = "apigen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate every service into the snapshot folder and summarise the endpoints.
    Generate(specs::Paths),
    /// Fail when the snapshot folder is stale against the specs.
    Check(specs::Paths),
    /// List every endpoint with its fields, errors and limits.
    Inventory {
        #[command(flatten)]
        paths: specs::Paths,
        /// Print JSON (the only format for now).
        #[arg(long)]
        json: bool,
    },
    /// Write one OpenAPI 3.1 document per service (`<out>/<service>.openapi.json`).
    Openapi(openapi::OpenApiArgs),
    /// Write specs from a vendor's machine-readable catalogue (OpenAPI).
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Serve every spec'd endpoint on one local port, as the vendors would (Ctrl-C stops it).
    Sandbox(sandbox::SandboxArgs),
    /// Compare two spec trees: every change, what it means for callers, and a verdict (exit 1 if breaking).
    Diff(diff::DiffArgs),
    /// Sign one request as the clients do and print every step (the secret is read from APIGEN_SIGN_SECRET).
    Sign(sign::SignArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Diff(args) = &cli.command {
        return diff::run(args);
    }
    let result = match &cli.command {
        Command::Generate(paths) => generate::run(paths),
        Command::Check(paths) => check::run(paths),
        Command::Inventory { paths, json } => inventory::run(paths, *json),
        Command::Sandbox(args) => sandbox::run(args),
        Command::Openapi(args) => openapi::run(args),
        Command::Import(command) => import::run(command),
        Command::Sign(args) => sign::run(args),
        Command::Diff(_) => Ok(()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
