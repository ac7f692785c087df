//! Configuration in one typed layer: defaults, then a TOML file, then `SAMVERKAN_*` environment
//! variables, then command-line flags. The database URL may hold a password, so it is a secret.

use std::net::IpAddr;
use std::path::Path;

use anyhow::{bail, Context, Result};
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::cli::{GlobalArgs, ListenArgs};

/// The address links are made with when `public_url` is not configured: then the server uses
/// the address it really listens on instead (see `server::serve_store`).
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// The file read when `--config` is not given, if it exists.
pub const DEFAULT_CONFIG_FILE: &str = "samverkan.toml";

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// `sqlite://PATH` or `postgres://…`.
    pub database_url: SecretString,
    pub listen_address: IpAddr,
    pub port: u16,
    /// A tracing filter.
    pub log: String,
    /// Signs session cookies; without it a random key is used and logins end on restart.
    pub session_secret: Option<SecretString>,
    /// Mark session cookies `Secure`: set this when Samverkan is served over HTTPS.
    pub secure_cookies: bool,
    /// The SMTP relay for notices and extracts, `smtp://[user:password@]host:port`; none
    /// disables e-mail.
    pub smtp_url: Option<SecretString>,
    /// The sender of Samverkan's e-mail.
    pub mail_from: String,
    /// The address users reach Samverkan at, for links in e-mail.
    pub public_url: String,
    /// The directory of the search index; rebuilt from the database when missing or corrupt.
    pub index_path: std::path::PathBuf,
    /// The organisation's signing key (PKCS #8 PEM, ECDSA P-256) for adjusted protocols' PDFs.
    pub signing_key: Option<std::path::PathBuf>,
    /// The certificate (PEM) of `signing_key`.
    pub signing_certificate: Option<std::path::PathBuf>,
    /// An RFC 3161 timestamp authority (HTTP) that timestamps each signature (PAdES B-T).
    pub timestamp_url: Option<String>,
    /// The reverse proxies in front of the servers, whose `X-Forwarded-For` is believed.
    #[serde(default)]
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

#[derive(Serialize)]
struct Defaults {
    database_url: &'static str,
    listen_address: &'static str,
    port: u16,
    log: &'static str,
    secure_cookies: bool,
    mail_from: &'static str,
    public_url: &'static str,
    index_path: &'static str,
}

/// Only the flags the user gave, so that absent flags leave lower layers alone.
#[derive(Serialize, Default)]
struct Flags<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    database_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    log: Option<&'a str>,
}

impl Config {
    /// Reads every layer. A `--config` file that does not exist is an error; the default file
    /// may be missing.
    pub fn load(file: Option<&Path>, global: &GlobalArgs) -> Result<Config> {
        let defaults = Defaults {
            database_url: "sqlite://samverkan.db",
            listen_address: "127.0.0.1",
            port: 8080,
            log: "info",
            secure_cookies: false,
            mail_from: "samverkan@localhost",
            public_url: DEFAULT_PUBLIC_URL,
            index_path: "samverkan-index",
        };
        let mut figment = Figment::from(Serialized::defaults(defaults));
        match file {
            Some(path) if !path.is_file() => bail!("configuration file {} does not exist", path.display()),
            Some(path) => figment = figment.merge(Toml::file(path)),
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => {
                figment = figment.merge(Toml::file(DEFAULT_CONFIG_FILE))
            }
            None => {}
        }
        let flags = Flags {
            database_url: global.database_url.as_deref(),
            log: global.log.as_deref(),
        };
        figment
            .merge(Env::prefixed("SAMVERKAN_"))
            .merge(Serialized::defaults(flags))
            .extract()
            .map_err(|error| anyhow::anyhow!("invalid configuration: {error}"))
            .context("could not read the configuration")
    }

    /// The address to listen on, with the command's flags applied.
    pub fn listen(&self, args: &ListenArgs) -> std::net::SocketAddr {
        (
            args.address.unwrap_or(self.listen_address),
            args.port.unwrap_or(self.port),
        )
            .into()
    }
}
