//! `baton-server`: serve Baton, migrate its database, or add a member from the terminal.

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Parser, Subcommand};
use server::config::{Config, DEFAULT_DATABASE_URL};
use shared::api::NewMember;
use shared::{Locale, Role};
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "baton-server",
    version,
    about = "Baton: the relay of a divided-sales team"
)]
struct Cli {
    /// Database URL: a SQLite file (`sqlite://data/baton.db`) or `postgres://…`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true, hide_env_values = true)]
    database_url: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the app (the default).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "BATON_ADDR", default_value = "127.0.0.1:3000")]
        addr: String,
        /// Seed the demo team into an empty database and print its logins.
        #[arg(long, env = "BATON_DEMO", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
        demo: bool,
        /// Directory of the built browser app.
        #[arg(long, env = "BATON_DIST", default_value = "app/dist")]
        dist: PathBuf,
        /// Mark the session cookie `Secure` (serve over HTTPS).
        #[arg(long, env = "BATON_COOKIE_SECURE", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
        cookie_secure: bool,
        /// Idle days after which a session expires.
        #[arg(long, env = "BATON_SESSION_DAYS", default_value_t = 14)]
        session_days: i64,
        /// The team's own company name, said for `{member.company}` in talk scripts.
        #[arg(long, env = "BATON_COMPANY_NAME", default_value = "")]
        company_name: String,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Add generated deals to the demo team's sales pipeline (to try Baton at size).
    DemoDeals {
        /// How many deals.
        count: usize,
    },
    /// Manage members.
    Member {
        #[command(subcommand)]
        command: MemberCommand,
    },
}

#[derive(Subcommand)]
enum MemberCommand {
    /// Add a member who can sign in. The password is read from `BATON_MEMBER_PASSWORD`, or
    /// from standard input (prompted on a terminal), never from the command line.
    Add {
        /// Sign-in e-mail address.
        #[arg(long)]
        email: String,
        /// Display name (defaults to the part of the e-mail before `@`).
        #[arg(long)]
        name: Option<String>,
        /// A role; repeat for several: manager, appointer, closer, success, admin.
        #[arg(long = "role", required = true)]
        roles: Vec<Role>,
        /// UI language: ja or en.
        #[arg(long, default_value = "ja")]
        locale: Locale,
        /// IANA time zone.
        #[arg(long, default_value = "Asia/Tokyo")]
        time_zone: String,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let mut cli = Cli::parse();
    if cli.command.is_none() {
        // `serve` is the default command: parse again as if it had been named.
        cli = Cli::parse_from(std::env::args_os().chain([std::ffi::OsString::from("serve")]));
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let Some(command) = cli.command else {
        return Err("no command".into());
    };
    match command {
        Command::Serve {
            addr,
            demo,
            dist,
            cookie_secure,
            session_days,
            company_name,
        } => {
            let config = Config {
                addr,
                database_url: cli.database_url,
                demo,
                dist,
                cookie_secure,
                session_days: session_days.clamp(1, 365),
                company_name: company_name.trim().to_owned(),
                ..Config::default()
            };
            server::serve(config).await
        }
        Command::Migrate => {
            let db = server::db::connect(&cli.database_url)
                .await
                .map_err(|e| e.to_string())?;
            server::db::migrate(&db).await.map_err(|e| e.to_string())?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::DemoDeals { count } => {
            let db = server::db::connect(&cli.database_url)
                .await
                .map_err(|e| e.to_string())?;
            server::db::migrate(&db).await.map_err(|e| e.to_string())?;
            if server::demo::seed_if_empty(&db)
                .await
                .map_err(|e| e.to_string())?
            {
                server::demo::print_logins();
            }
            server::demo::add_sales_deals(&db, count)
                .await
                .map_err(|e| e.to_string())?;
            println!("Added {count} deals to the demo sales pipeline.");
            Ok(())
        }
        Command::Member {
            command:
                MemberCommand::Add {
                    email,
                    name,
                    roles,
                    locale,
                    time_zone,
                },
        } => {
            let password = read_password()?;
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_owned());
            let new = NewMember {
                email,
                name,
                password,
                roles,
                locale: Some(locale),
                time_zone: Some(time_zone),
            };
            let db = server::db::connect(&cli.database_url)
                .await
                .map_err(|e| e.to_string())?;
            server::db::migrate(&db).await.map_err(|e| e.to_string())?;
            match server::service::members::create_member(&db, None, &new).await {
                Ok(m) => {
                    let roles: Vec<&str> = m.roles.iter().map(|r| r.as_str()).collect();
                    println!(
                        "Added member {} ({}) with roles: {}",
                        m.id,
                        new.email,
                        roles.join(", ")
                    );
                    Ok(())
                }
                Err(server::service::ServiceError::Invalid(fields)) => Err(fields
                    .iter()
                    .map(|f| format!("{}: {}", f.field, f.message))
                    .collect::<Vec<_>>()
                    .join("; ")),
                Err(e) => Err(e.to_string()),
            }
        }
    }
}

fn read_password() -> Result<String, String> {
    if let Ok(p) = std::env::var("BATON_MEMBER_PASSWORD") {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        let p = rpassword::prompt_password("Password for the new member: ")
            .map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("Again: ").map_err(|e| e.to_string())?;
        if p != again {
            return Err("the two passwords differ".into());
        }
        Ok(p)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}
