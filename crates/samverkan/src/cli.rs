//! The command line, as clap parses it.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Samverkan: meetings, minutes, decisions and follow-up for Swedish regional collaboration
/// bodies in health and social care.
#[derive(Debug, Parser)]
#[command(name = "samverkan", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes; they override the configuration file and environment.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Configuration file (TOML). Without it, ./samverkan.toml is read if it exists.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database URL: sqlite://PATH or postgres://USER:PASSWORD@HOST/DATABASE
    /// [env: SAMVERKAN_DATABASE_URL] [default: sqlite://samverkan.db]
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Log filter, e.g. "info" or "samverkan_web=debug" [env: SAMVERKAN_LOG] [default: info]
    #[arg(long, global = true, value_name = "FILTER")]
    pub log: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application against the configured database (migrating it first).
    Serve(ServeArgs),
    /// Create (or reuse) a SQLite database with demo data and serve the web application.
    Demo(DemoArgs),
    /// Bring the configured database's schema up to date.
    Migrate,
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage member organisations from the shipped reference data.
    #[command(subcommand)]
    Organisation(OrganisationCommand),
    /// Packages for an e-archive.
    #[command(subcommand)]
    Archive(ArchiveCommand),
    /// Write a meeting's protocol as PDF (PDF/A-2b), text (the canonical text its hash is
    /// computed over) or JSON.
    Export {
        /// The meeting's id, as in /moten/ID.
        meeting: i64,
        #[arg(long, value_enum, default_value = "pdf")]
        format: ExportFormat,
        /// Only the notice with the agenda (PDF).
        #[arg(long)]
        notice: bool,
        /// Include confidential items (for members); the default is the public version.
        #[arg(long)]
        members: bool,
        /// The file to write; standard output when not given.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Import old protocols (plain text, PDF, Word DOCX or HTML) as adjusted history and print
    /// a report per file: what was recognised, what was left, and the fidelity.
    Import {
        /// The files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The body's name, when the protocol does not state it clearly.
        #[arg(long)]
        body: Option<String>,
        /// The meeting date (YYYY-MM-DD), used when the protocol's text does not give one.
        #[arg(long, value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
        /// Only read the files and print the reports; store nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Check an imported protocol against its source file: the stored content still has the
    /// hash it was locked with, and reading the source again gives the same content.
    Verify {
        /// The source file that was imported.
        file: PathBuf,
    },
    /// Rebuild the search index from the database (stop the server first).
    Reindex,
    /// Write a consistent copy of the whole database to FILE while the server runs (SQLite:
    /// a database file; PostgreSQL: a pg_dump custom archive, made with pg_dump from the PATH).
    Backup {
        /// The backup file to write; it must not exist.
        file: PathBuf,
    },
    /// Bring a backup back into the configured database, which must be new and empty, then
    /// check every adjusted protocol and every file against its recorded SHA-256.
    Restore {
        /// A file written by `samverkan backup`.
        file: PathBuf,
    },
    /// Search the archive as the public sees it and print the hits.
    Search {
        /// Words to look for; Swedish inflections match ("hemsjukvården" finds "hemsjukvård").
        query: String,
        /// At most this many hits.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Measure performance; figures are recorded in docs/benchmarks.md.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// A large region's archive (21 bodies × 30 years × 10 meetings, 157 500 items by default)
    /// stored in an empty database, then served by `samverkan serve` in its own process: its
    /// cold and warm start, each page that must cost what it shows loaded by concurrent
    /// clients (requests/s, p50/p95/p99, size), its memory, and the adjusted protocol's bytes
    /// from nginx for comparison.
    Archive {
        #[arg(long, default_value_t = 157_500)]
        items: usize,
        /// Seconds of load per page.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
        /// An empty database to store the archive in (postgres://… or sqlite://…); a temporary
        /// SQLite file when not given.
        #[arg(long)]
        database: Option<String>,
    },
    /// Load and fault test: concurrent writers (new items), readers, wrong-password logins and
    /// hostile requests against one server for a bounded time; prints requests by status and
    /// checks that every acknowledged write is in the database. Fails on any server error,
    /// lost write or accepted hostile request.
    Soak {
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        #[arg(long, default_value_t = 50)]
        writers: usize,
        #[arg(long, default_value_t = 8)]
        readers: usize,
        #[arg(long, default_value_t = 4)]
        logins: usize,
        #[arg(long, default_value_t = 4)]
        hostile: usize,
    },
    /// Load test of the public protocol page: the demo data on a temporary SQLite database,
    /// served in-process on a free port, requested by concurrent clients.
    Web {
        /// How many requests in all.
        #[arg(long, default_value_t = 5000)]
        requests: usize,
        /// How many clients at once.
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
    },
    /// Rendering a 20-§ protocol to PDF, side by side with LibreOffice converting a DOCX of
    /// the same protocol (when `soffice` is installed).
    Render {
        /// How many timed renders.
        #[arg(long, default_value_t = 10)]
        runs: usize,
    },
    /// Importing: each protocol in a folder (the five seeds by default), and a 20-§ PDF
    /// protocol against `pdftotext` alone on the same file.
    Import {
        /// The folder of protocols to import.
        #[arg(long, default_value = "../shared/seeds")]
        seeds: PathBuf,
        /// How many timed imports of each.
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// Search index on a synthetic archive (21 bodies × 30 years of generated items): build
    /// time, latency of 100 varied queries, memory.
    Search {
        /// How many items in all.
        #[arg(long, default_value_t = 150_000)]
        items: usize,
    },
}

/// Where to listen.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Address to listen on [env: SAMVERKAN_LISTEN_ADDRESS] [default: 127.0.0.1]
    #[arg(long, value_name = "IP")]
    pub address: Option<IpAddr>,
    /// Port to listen on; 0 picks a free one [env: SAMVERKAN_PORT] [default: 8080]
    #[arg(long)]
    pub port: Option<u16>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub listen: ListenArgs,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The demo's SQLite database file; created with demo data if it has no bodies yet.
    #[arg(long, value_name = "PATH", default_value = "samverkan-demo.db")]
    pub database: PathBuf,
    /// Create the demo data and exit without serving.
    #[arg(long)]
    pub no_serve: bool,
    #[command(flatten)]
    pub listen: ListenArgs,
}

#[derive(Debug, Subcommand)]
pub enum ArchiveCommand {
    /// Write a body's adjusted protocols of one year as an E-ARK information package (CSIP
    /// with METS and PREMIS): each protocol's PDF/A, canonical text and JSON, and its
    /// attachments, every file with its SHA-256.
    Export {
        /// The body's id.
        #[arg(long)]
        body: i64,
        /// The calendar year.
        #[arg(long)]
        year: i32,
        /// The directory to write the package into (it must not exist yet).
        #[arg(short = 'o', long)]
        output: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user account; the password is read from the first line of standard input.
    Add {
        /// Login name.
        username: String,
        /// Name shown in the interface.
        #[arg(long)]
        name: String,
        #[arg(long, value_enum, default_value = "member")]
        role: UserRoleArg,
    },
    /// List the user accounts.
    List,
    /// Disable an account: it can no longer log in, and every session of it ends at once.
    Disable { username: String },
    /// Enable a disabled account again.
    Enable { username: String },
    /// Set a new password (read from the first line of standard input); every session of the
    /// account ends.
    ResetPassword { username: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Pdf,
    Txt,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UserRoleArg {
    Administrator,
    Secretary,
    Member,
}

#[derive(Debug, Subcommand)]
pub enum OrganisationCommand {
    /// Add a kommun by its four-digit SCB code, with name and population from the reference data.
    AddKommun {
        /// SCB municipality code, e.g. 0780 for Växjö.
        code: String,
    },
    /// Add a region by its two-digit county code, e.g. 07 for Region Kronoberg.
    AddRegion { code: String },
    /// List the organisations in the database.
    List,
}

/// A date as the command line takes it, refused in Swedish otherwise.
fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text:?} är inget datum; skriv det som ÅÅÅÅ-MM-DD, till exempel 2016-02-15"))
}
