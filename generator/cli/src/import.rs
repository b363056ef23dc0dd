//! `apigen import openapi FILE`: specs from a vendor's catalogue, written
//! under `--out` (default `api-specs/`), with a summary of what had to be
//! approximated.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use apigen::import::openapi::{EnvelopeProfile, OpenApiOptions};

/// The importers.
#[derive(clap::Subcommand)]
pub(crate) enum ImportCommand {
    /// An OpenAPI 3.0 or 3.1 document (JSON or YAML, gzip accepted).
    Openapi(OpenApiArgs),
    /// Alibaba Cloud OpenMeta documents (`api-docs.json`), one per product version.
    Openmeta(OpenMetaArgs),
    /// Saved Feishu/Lark documentation pages (Markdown, or Markdown with `md-table` HTML), one endpoint each.
    FeishuPage(FeishuPageArgs),
}

/// Options of `apigen import feishu-page`.
#[derive(clap::Args)]
pub(crate) struct FeishuPageArgs {
    /// The saved pages.
    #[arg(required = true)]
    pages: Vec<PathBuf>,
    /// Where `feishu/endpoints/<id>.yaml` are written (default: `api-specs/` of the nearest workspace).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The endpoint id, instead of the one made from the method and path (one page only).
    #[arg(long)]
    id: Option<String>,
}

/// Options of `apigen import openmeta`.
#[derive(clap::Args)]
pub(crate) struct OpenMetaArgs {
    /// The documents (gzip accepted).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Where the service folders are written (default: `api-specs/` of the nearest workspace).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Fail on any approximation instead of noting it.
    #[arg(long)]
    strict: bool,
}

/// Options of `apigen import openapi`.
#[derive(clap::Args)]
pub(crate) struct OpenApiArgs {
    /// The document.
    file: PathBuf,
    /// Where the service folders are written (default: `api-specs/` of the nearest workspace).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The service's name (with `--split-by tag`, that of untagged operations).
    #[arg(long, default_value = "api")]
    service: String,
    /// `tag`: one service per operation tag, so a user compiles only the domains they call.
    #[arg(long, value_parser = ["tag"])]
    split_by: Option<String>,
    /// How replies wrap their payload: `feishu` (`{code, msg, data}`), or a
    /// profile file giving the service's `envelope`, `error_code_type` and
    /// optionally `auth`, `call_style`, `common_errors`, `base_urls`.
    #[arg(long)]
    envelope: Option<String>,
    /// Fail on any approximation instead of noting it.
    #[arg(long)]
    strict: bool,
}

/// The largest document read (the Feishu catalogue is 13.6 MB unpacked).
const MAX_DOCUMENT_BYTES: u64 = 512 * 1024 * 1024;

pub(crate) fn run(command: &ImportCommand) -> Result<(), String> {
    match command {
        ImportCommand::Openapi(args) => openapi(args),
        ImportCommand::Openmeta(args) => openmeta(args),
        ImportCommand::FeishuPage(args) => feishu_page(args),
    }
}

/// The largest page read.
const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

fn feishu_page(args: &FeishuPageArgs) -> Result<(), String> {
    use apigen::import::feishu_page::{import, Options, PageInput, SERVICE};
    let started = Instant::now();
    if args.id.is_some() && args.pages.len() != 1 {
        return Err(format!(
            "--id names one endpoint, but {} pages were given; import them one at a time to name each",
            args.pages.len()
        ));
    }
    if let Some(id) = &args.id {
        if !apigen::naming::is_snake(id) {
            return Err(format!(
                "--id {id}: an endpoint id is snake_case (`get_my_device_record`)"
            ));
        }
    }
    let mut pages = Vec::new();
    for path in &args.pages {
        let fail = |e: std::io::Error| format!("{}: cannot read: {e}", path.display());
        let file = std::fs::File::open(path).map_err(fail)?;
        let mut bytes = Vec::new();
        file.take(MAX_PAGE_BYTES + 1).read_to_end(&mut bytes).map_err(fail)?;
        if u64::try_from(bytes.len()).map_or(true, |n| n > MAX_PAGE_BYTES) {
            return Err(format!("{}: longer than {MAX_PAGE_BYTES} bytes", path.display()));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "{}: not UTF-8 text (byte {}); a saved page is UTF-8 Markdown",
                path.display(),
                e.utf8_error().valid_up_to()
            )
        })?;
        pages.push(PageInput {
            path: path.display().to_string(),
            text,
            id: args.id.clone(),
        });
    }
    let out = match &args.out {
        Some(out) => out.clone(),
        None => crate::specs::find_specs()?,
    };
    let options = Options {
        write_service: !out.join(SERVICE).join("service.yaml").is_file(),
    };
    let outcome = import(&pages, &options).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!(
            "{}\n\n{} page(s) not read; nothing was written",
            lines.join("\n"),
            errors.len()
        )
    })?;
    for warning in &outcome.warnings {
        eprintln!("warning: {warning}");
    }
    for (id, count) in &outcome.discrepancies {
        if *count > 0 {
            eprintln!("{id}: {count} discrepancy(ies) recorded in the page (see `discrepancies:`)");
        }
    }
    if options.write_service {
        eprintln!(
            "{} had no {SERVICE}/service.yaml: wrote a minimal one (envelope and token schemes)",
            out.display()
        );
    }
    for (path, _) in &outcome.import.files {
        if out.join(path).is_file() {
            eprintln!("replacing {}", out.join(path).display());
        }
    }
    finish(Some(&out), &outcome.import, started)
}

fn openmeta(args: &OpenMetaArgs) -> Result<(), String> {
    let started = Instant::now();
    let mut documents = Vec::new();
    for file in &args.files {
        let text = read_document(file)?;
        let doc = apigen::import::doc::parse(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        let name = file
            .file_name()
            .map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
        documents.push((name, doc));
    }
    let import = apigen::import::openmeta::import(&documents, args.strict).map_err(|errors| problems(&errors, ""))?;
    finish(args.out.as_deref(), &import, started)
}

fn openapi(args: &OpenApiArgs) -> Result<(), String> {
    let started = Instant::now();
    let text = read_document(&args.file)?;
    let doc = apigen::import::doc::parse(&text).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let envelope = match args.envelope.as_deref() {
        None => None,
        Some(name) => Some(match EnvelopeProfile::named(name) {
            Some(profile) => profile,
            None => {
                let text = std::fs::read_to_string(name).map_err(|e| {
                    format!("--envelope {name}: neither a known profile (feishu) nor a readable file: {e}")
                })?;
                EnvelopeProfile::from_yaml(&text).map_err(|e| format!("{name}: {e}"))?
            }
        }),
    };
    let options = OpenApiOptions {
        service: args.service.clone(),
        split_by_tag: args.split_by.is_some(),
        envelope,
        strict: args.strict,
        source: args
            .file
            .file_name()
            .map_or_else(|| args.file.display().to_string(), |n| n.to_string_lossy().into_owned()),
    };
    let import = apigen::import::openapi::import(&doc, &options)
        .map_err(|errors| problems(&errors, &format!("{}#", args.file.display())))?;
    finish(args.out.as_deref(), &import, started)
}

/// Every problem, one a line, each after `prefix` (the input's name).
fn problems(errors: &[apigen::import::ImportError], prefix: &str) -> String {
    let lines: Vec<String> = errors.iter().map(|e| format!("{prefix}{e}")).collect();
    format!(
        "{}\n\n{} problem(s); nothing was written",
        lines.join("\n"),
        errors.len()
    )
}

/// Writes the files and prints the summary.
fn finish(out: Option<&Path>, import: &apigen::import::Import, started: Instant) -> Result<(), String> {
    let out = match out {
        Some(out) => out.to_owned(),
        None => crate::specs::find_specs()?,
    };
    write_files(&out, &import.files)?;
    eprintln!(
        "imported {} endpoints into {} service(s) under {} in {:.2} s",
        import.endpoints,
        import.services.len(),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    if import.approximations.is_empty() {
        eprintln!("no approximations");
    } else {
        eprintln!("approximations (each noted in its endpoint's `notes:`):");
        for (kind, count) in &import.approximations {
            eprintln!("  {count:>6}  {kind}");
        }
    }
    Ok(())
}

/// The document's text; `.gz` (or gzip magic) is unpacked. Bounded, so a
/// hostile file cannot exhaust memory.
fn read_document(path: &Path) -> Result<String, String> {
    let fail = |e: std::io::Error| format!("{}: cannot read: {e}", path.display());
    let file = std::fs::File::open(path).map_err(fail)?;
    let mut head = [0u8; 2];
    let mut bytes = Vec::new();
    let mut reader = std::io::BufReader::new(file);
    let gzip = {
        use std::io::BufRead as _;
        let buffer = reader.fill_buf().map_err(fail)?;
        head.iter_mut().zip(buffer).for_each(|(h, b)| *h = *b);
        head == [0x1f, 0x8b]
    };
    let limited: Box<dyn std::io::Read> = if gzip {
        Box::new(flate2::read::GzDecoder::new(reader).take(MAX_DOCUMENT_BYTES + 1))
    } else {
        Box::new(reader.take(MAX_DOCUMENT_BYTES + 1))
    };
    let mut limited = limited;
    limited.read_to_end(&mut bytes).map_err(fail)?;
    if u64::try_from(bytes.len()).map_or(true, |n| n > MAX_DOCUMENT_BYTES) {
        return Err(format!("{}: longer than {MAX_DOCUMENT_BYTES} bytes", path.display()));
    }
    String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))
}

fn write_files(out: &Path, files: &[(PathBuf, String)]) -> Result<(), String> {
    let total = files.len();
    for (i, (path, text)) in files.iter().enumerate() {
        let target = out.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&target, text).map_err(|e| format!("{}: {e}", target.display()))?;
        if total > 500 && (i + 1) % 500 == 0 {
            eprintln!("wrote {} of {total} files", i + 1);
        }
    }
    Ok(())
}
